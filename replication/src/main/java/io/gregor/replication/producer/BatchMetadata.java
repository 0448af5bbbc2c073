package io.gregor.replication.producer;

/** Where one producer batch landed: its sequence range and offset range. */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
}
