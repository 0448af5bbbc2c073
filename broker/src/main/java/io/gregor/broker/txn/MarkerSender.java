package io.gregor.broker.txn;

import io.gregor.core.log.TopicPartition;
import java.util.Set;

/**
 * Writes a transaction's commit or abort markers to the leaders of its partitions (WriteTxnMarkers),
 * retrying a partition until its leader has written it.
 */
interface MarkerSender {
    /**
     * One transaction's markers.
     *
     * @param coordinatorEpoch the epoch of the coordinator's {@code __transaction_state} partition
     * @param onAllWritten     runs once every partition has its marker (or no longer exists)
     */
    record Job(String transactionalId, int coordinatorEpoch, long producerId, short producerEpoch, boolean commit,
               Set<TopicPartition> partitions, Runnable onAllWritten) {
        public Job {
            partitions = Set.copyOf(partitions);
        }
    }

    /** Queues {@code job}; never blocks. */
    void send(Job job);
}
