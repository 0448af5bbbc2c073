/** Idempotent producers: producer ids from ZooKeeper blocks and per-partition sequence state. */
package io.gregor.replication.producer;
