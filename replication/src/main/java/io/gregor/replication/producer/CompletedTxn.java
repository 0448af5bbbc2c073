package io.gregor.replication.producer;

/**
 * A transaction of one producer in one partition that a marker just ended: its data began at
 * {@code firstOffset}, its COMMIT or ABORT marker is at {@code lastOffset}.
 */
public record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean aborted) {
}
