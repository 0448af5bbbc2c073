package io.gregor.coordination.zk;

/**
 * The outcome of one conditional partition-state write in a batch: {@code UPDATED} with the new
 * zkVersion (the new partition epoch), {@code VERSION_CONFLICT} when the expected zkVersion was
 * stale (re-read and retry), {@code NO_NODE} when the state znode does not exist, or
 * {@code FAILED} when ZooKeeper refused the write for another reason (e.g. no permission; not
 * worth retrying in this event).
 */
public record PartitionStateUpdate(TopicPartition partition, Status status, int newZkVersion) {

    public enum Status { UPDATED, VERSION_CONFLICT, NO_NODE, FAILED }

    public boolean succeeded() {
        return status == Status.UPDATED;
    }
}
