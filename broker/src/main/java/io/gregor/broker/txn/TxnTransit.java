package io.gregor.broker.txn;

import io.gregor.core.log.TopicPartition;
import java.util.Set;

/**
 * What a transactional id's state becomes once a prepared transition is stored in
 * {@code __transaction_state}: the fields of Kafka's TransactionLogValue plus the previous producer
 * id and epoch that the coordinator keeps in memory (for KIP-360 retries).
 *
 * @param partitions             the partitions in the transaction (empty in Empty, CompleteCommit, CompleteAbort)
 * @param txnStartTimestamp      when the ongoing transaction began, -1 when none has
 * @param txnLastUpdateTimestamp when this transition was prepared
 */
public record TxnTransit(long producerId, long lastProducerId, short producerEpoch, short lastProducerEpoch,
                         int txnTimeoutMs, TransactionState state, Set<TopicPartition> partitions,
                         long txnStartTimestamp, long txnLastUpdateTimestamp) {
    public TxnTransit {
        partitions = Set.copyOf(partitions);
    }
}
