package io.gregor.replication.producer;

/**
 * One producer as a partition knows it, for DescribeProducers: its epoch, the sequence of its last
 * record (-1: none), the timestamp of its last batch or marker, the epoch of the coordinator that
 * wrote its last marker (-1: none) and the first offset of its open transaction (-1: none).
 */
public record ProducerView(long producerId, short producerEpoch, int lastSequence, long lastTimestamp,
                           int coordinatorEpoch, long currentTxnStartOffset) {
}
