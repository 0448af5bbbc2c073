package io.gregor.core.epoch;

/**
 * The answer to OffsetForLeaderEpoch: the largest known epoch at or below the requested one and
 * the offset where it ended (the start of the next epoch, or the log end offset for the latest).
 * Both are -1 when unknown.
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_EPOCH_OFFSET = -1L;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
}
