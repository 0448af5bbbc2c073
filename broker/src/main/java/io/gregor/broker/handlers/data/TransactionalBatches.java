package io.gregor.broker.handlers.data;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The transactional batches of one Produce request: the producer they belong to (a request carries
 * one producer's batches; the first transactional batch names it) and the partitions they go to.
 * Reads only batch headers. Immutable.
 */
record TransactionalBatches(long producerId, short producerEpoch, List<TopicPartition> partitions) {

    /** The transactional batches of {@code entries}, or null when there is none. */
    static TransactionalBatches of(Map<TopicPartition, MemoryRecords> entries) {
        long producerId = RecordBatch.NO_PRODUCER_ID;
        short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<TopicPartition, MemoryRecords> e : entries.entrySet()) {
            for (RecordBatch batch : e.getValue().batches()) {
                if (batch.isTransactional()) {
                    if (partitions.isEmpty()) {
                        producerId = batch.producerId();
                        producerEpoch = batch.producerEpoch();
                    }
                    partitions.add(e.getKey());
                    break;
                }
            }
        }
        return partitions.isEmpty() ? null : new TransactionalBatches(producerId, producerEpoch, List.copyOf(partitions));
    }
}
