package io.gregor.clients.admin;

/**
 * One active producer of a partition replica (DescribeProducers): its id and epoch, the last
 * sequence and timestamp it wrote, the epoch of the coordinator that last wrote a marker for it
 * (-1 when none), and the first offset of its open transaction (-1 when none is open).
 */
public record ProducerState(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                            int coordinatorEpoch, long currentTransactionStartOffset) {
}
