package io.gregor.core.log;

/**
 * Told by the {@link LogManager} when a partition's log comes to this broker (created, or loaded at
 * startup) and when it leaves (deleted, or lost with a failed log dir); a log dir move that swaps
 * in the future log is neither. Called under the log manager's creation lock, so the calls for one
 * partition arrive in order: keep them short, never block.
 */
public interface LogListener {
    void logAdded(TopicPartition tp);

    void logRemoved(TopicPartition tp);
}
