package io.gregor.core.index;

/** An offset index entry: the batch that holds {@code offset} starts at or after file position {@code position}. */
public record OffsetPosition(long offset, int position) {
}
