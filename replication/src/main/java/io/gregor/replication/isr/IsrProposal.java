package io.gregor.replication.isr;

import io.gregor.core.log.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * An ISR change a leader asks the controller for: the ISR it wants, and the leader epoch and
 * partition epoch it believes current (the controller refuses the change if either is stale).
 *
 * @param followerEpochs the broker epochs of followers in {@code newIsr} as their last fetches from
 *                       this leader carried them; a member missing here has not fetched yet (sent
 *                       as -1, which the controller does not check). AlterPartition v3 sends them
 *                       as NewIsrWithEpochs, with the leader's own epoch added, so the controller
 *                       refuses a member whose registration is not the one that fetched.
 */
public record IsrProposal(TopicPartition topicPartition, int leaderEpoch, List<Integer> newIsr, int partitionEpoch,
                          Map<Integer, Long> followerEpochs) {
    public IsrProposal {
        newIsr = List.copyOf(newIsr);
        followerEpochs = Map.copyOf(followerEpochs);
    }

    /** A proposal with no follower epochs known. */
    public IsrProposal(TopicPartition topicPartition, int leaderEpoch, List<Integer> newIsr, int partitionEpoch) {
        this(topicPartition, leaderEpoch, newIsr, partitionEpoch, Map.of());
    }
}
