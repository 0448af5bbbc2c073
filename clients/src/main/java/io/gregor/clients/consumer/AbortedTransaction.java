package io.gregor.clients.consumer;

/**
 * One entry of a Fetch response's aborted-transactions list: the producer whose transaction was
 * aborted and the first offset that transaction wrote in this partition. A read_committed consumer
 * drops that producer's transactional batches from {@code firstOffset} until the producer's ABORT marker.
 */
public record AbortedTransaction(long producerId, long firstOffset) {
}
