package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.log.TopicPartition;
import java.util.List;

/**
 * What a fetch returns for one partition. {@code records} is a slice of the log file (never copied
 * into memory) or empty; offsets are -1 when unknown (errors). {@code abortedTransactions} is null
 * for a read_uncommitted fetch, else the aborted transactions that overlap the records read.
 */
public record FetchPartitionResult(TopicPartition topicPartition, Errors error, long highWatermark,
                                   long lastStableOffset, long logStartOffset, Records records,
                                   List<AbortedTxn> abortedTransactions) {
    /** A result without aborted transactions (read_uncommitted, followers, errors). */
    public FetchPartitionResult(TopicPartition topicPartition, Errors error, long highWatermark, long lastStableOffset,
                                long logStartOffset, Records records) {
        this(topicPartition, error, highWatermark, lastStableOffset, logStartOffset, records, null);
    }

    public static FetchPartitionResult error(TopicPartition tp, Errors error) {
        return new FetchPartitionResult(tp, error, -1L, -1L, -1L, MemoryRecords.EMPTY);
    }
}
