package io.gregor.core.log;

/**
 * Where an offset is in the log: the offset, the base offset of the segment holding it and the
 * byte position of its batch in that segment (-1 for both when unknown).
 */
public record LogOffsetMetadata(long messageOffset, long segmentBaseOffset, int relativePositionInSegment) {
    public static final long UNKNOWN_SEGMENT_BASE_OFFSET = -1L;
    public static final int UNKNOWN_POSITION = -1;

    public static LogOffsetMetadata offsetOnly(long offset) {
        return new LogOffsetMetadata(offset, UNKNOWN_SEGMENT_BASE_OFFSET, UNKNOWN_POSITION);
    }

    public boolean onSameSegment(LogOffsetMetadata other) {
        return segmentBaseOffset != UNKNOWN_SEGMENT_BASE_OFFSET && segmentBaseOffset == other.segmentBaseOffset;
    }
}
