package io.gregor.replication;

import io.gregor.clients.protocol.Errors;

/**
 * The outcome of DeleteRecords for one partition, as its response reports it: the partition's low
 * watermark (the smallest log start offset over the leader and its in-sync followers) once every
 * one of them has moved its start to the requested offset; -1 on error.
 */
public record DeleteRecordsPartitionResult(Errors error, long lowWatermark) {
    /** The requested offset meaning "up to the high watermark", as Kafka's DeleteRecords request has it. */
    public static final long HIGH_WATERMARK = -1L;

    public static DeleteRecordsPartitionResult error(Errors error) {
        return new DeleteRecordsPartitionResult(error, -1L);
    }
}
