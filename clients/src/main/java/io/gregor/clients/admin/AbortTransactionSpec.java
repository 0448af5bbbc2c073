package io.gregor.clients.admin;

import io.gregor.clients.network.TopicPartition;

/**
 * A hanging transaction to abort in one partition (as Kafka's admin AbortTransactionSpec): the
 * partition and the producer id, epoch and coordinator epoch of the ABORT marker written there.
 */
public record AbortTransactionSpec(TopicPartition topicPartition, long producerId, short producerEpoch,
                                   int coordinatorEpoch) {
}
