package io.gregor.core.epoch;

/** Leader epoch {@code epoch} began at offset {@code startOffset} (the first offset its leader appended). */
public record EpochEntry(int epoch, long startOffset) {
}
