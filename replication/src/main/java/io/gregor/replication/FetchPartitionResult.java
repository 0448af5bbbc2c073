package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;
import io.gregor.core.log.TopicPartition;

/**
 * What a fetch returns for one partition. {@code records} is a slice of the log file (never copied
 * into memory) or empty; offsets are -1 when unknown (errors).
 */
public record FetchPartitionResult(TopicPartition topicPartition, Errors error, long highWatermark,
                                   long lastStableOffset, long logStartOffset, Records records) {
    public static FetchPartitionResult error(TopicPartition tp, Errors error) {
        return new FetchPartitionResult(tp, error, -1L, -1L, -1L, MemoryRecords.EMPTY);
    }
}
