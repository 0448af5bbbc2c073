package io.gregor.core.index;

/** A time index entry: no record before {@code offset} has a timestamp above {@code timestamp}. */
public record TimestampOffset(long timestamp, long offset) {
}
