package io.gregor.clients.admin;

import io.gregor.clients.network.TopicPartition;
import java.util.List;

/**
 * A transactional id's state at its coordinator (DescribeTransactions): the coordinator's broker
 * id, the state as Kafka names it ("Ongoing", "PrepareCommit", "CompleteAbort", "Empty", ...),
 * the producer id and epoch, the timeout, when the open transaction started (-1 when none is open)
 * and the partitions in it.
 */
public record TransactionDescription(int coordinatorId, String transactionalId, String state, long producerId,
                                     short producerEpoch, int transactionTimeoutMs, long transactionStartTimeMs,
                                     List<TopicPartition> topicPartitions) {
    public TransactionDescription {
        topicPartitions = List.copyOf(topicPartitions);
    }
}
