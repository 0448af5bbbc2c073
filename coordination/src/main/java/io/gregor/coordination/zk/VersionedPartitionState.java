package io.gregor.coordination.zk;

/**
 * A partition state together with the zkVersion of its znode, which is the partition epoch: a
 * conditional update must name it and yields the next one.
 */
public record VersionedPartitionState(TopicPartition partition, PartitionState state, int zkVersion) {
}
