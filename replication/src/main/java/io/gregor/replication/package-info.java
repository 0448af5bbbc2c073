/**
 * Partitions as leader or follower: {@link io.gregor.replication.ReplicaManager} (LeaderAndIsr,
 * StopReplica, produce, fetch, offsets), {@link io.gregor.replication.Partition} (ISR, high
 * watermark, leader and follower appends), delayed produce/fetch, topic configs from ZooKeeper;
 * replica fetchers in {@code fetcher}, AlterPartition in {@code isr}. See README.md of the module.
 */
package io.gregor.replication;
