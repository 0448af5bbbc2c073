package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The check a leader makes before it appends a transactional batch that would open a transaction in
 * a partition (KIP-890 part 1): that the transaction coordinator has that partition in the producer's
 * transaction (AddPartitionsToTxn v4+ with verify-only). The transaction coordinator side implements
 * it; {@link #ALLOW_ALL}, the default, verifies nothing. Partitions where the producer's transaction is
 * already open are not asked about.
 */
@FunctionalInterface
public interface TransactionVerification {
    /** Verifies nothing: every partition may be appended to. */
    TransactionVerification ALLOW_ALL = (transactionalId, producerId, producerEpoch, partitions) ->
            CompletableFuture.completedFuture(Map.of());

    /**
     * Completes with the partitions that must not be appended to, each with the error to answer
     * (e.g. INVALID_TXN_STATE when the coordinator does not have it in the transaction); a partition
     * not in the map passes. Must not block the calling thread.
     */
    CompletableFuture<Map<TopicPartition, Errors>> verify(String transactionalId, long producerId, short producerEpoch,
                                                          Set<TopicPartition> partitions);
}
