/** Partitions as leader or follower: ISR, high watermark, replica fetchers, delayed operations. */
package io.gregor.replication;
