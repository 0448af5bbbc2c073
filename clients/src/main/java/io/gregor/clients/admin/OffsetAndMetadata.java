package io.gregor.clients.admin;

/** A committed offset of a group for one partition: the offset, its leader epoch (-1 if unknown) and the commit metadata. */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata) {
}
