package io.gregor.clients.consumer;

/** {@code auto.offset.reset}: where to start when a partition has no valid position. */
public enum OffsetResetStrategy {
    EARLIEST, LATEST, NONE;

    /** The ListOffsets timestamp that finds this position (-2 earliest, -1 latest). */
    long listOffsetsTimestamp() {
        return this == EARLIEST ? -2L : -1L;
    }
}
