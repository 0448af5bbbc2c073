/** Operations that wait for an event on a key (a partition) or a timeout, whichever is first. */
package io.gregor.replication.purgatory;
