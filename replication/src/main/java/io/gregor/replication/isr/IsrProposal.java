package io.gregor.replication.isr;

import io.gregor.core.log.TopicPartition;
import java.util.List;

/**
 * An ISR change a leader asks the controller for: the ISR it wants, and the leader epoch and
 * partition epoch it believes current (the controller refuses the change if either is stale).
 */
public record IsrProposal(TopicPartition topicPartition, int leaderEpoch, List<Integer> newIsr, int partitionEpoch) {
    public IsrProposal {
        newIsr = List.copyOf(newIsr);
    }
}
