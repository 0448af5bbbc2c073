package io.gregor.clients.producer;

import io.gregor.clients.consumer.ConsumerGroupMetadata;
import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import java.util.Map;
import java.util.Set;

/**
 * One request the {@link TransactionManager} wants sent next, with everything the request carries.
 * The sender turns it into the wire request and reports the answer back to the manager.
 */
sealed interface TransactionalStep {

    /** FindCoordinator for the transactional id (key type 1) or for a consumer group (key type 0). */
    record FindCoordinator(byte keyType, String key) implements TransactionalStep {
        static final byte GROUP = 0;
        static final byte TRANSACTION = 1;
    }

    /** InitProducerId; producer id and epoch -1 for a fresh start, the current ones to bump the epoch. */
    record InitProducerId(Node coordinator, String transactionalId, int transactionTimeoutMs, long producerId,
                          short producerEpoch) implements TransactionalStep {
    }

    record AddPartitions(Node coordinator, String transactionalId, long producerId, short producerEpoch,
                         Set<TopicPartition> partitions) implements TransactionalStep {
    }

    record AddOffsets(Node coordinator, String transactionalId, long producerId, short producerEpoch, String groupId)
            implements TransactionalStep {
    }

    /** TxnOffsetCommit, sent to the group's coordinator. */
    record TxnOffsetCommit(Node groupCoordinator, String transactionalId, long producerId, short producerEpoch,
                           ConsumerGroupMetadata group, Map<TopicPartition, OffsetAndMetadata> offsets)
            implements TransactionalStep {
    }

    record EndTxn(Node coordinator, String transactionalId, long producerId, short producerEpoch, boolean committed)
            implements TransactionalStep {
    }
}
