package io.gregor.clients.consumer.assignor;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A partition assignment strategy of the "consumer" group protocol, named as Kafka names it (the
 * name is the JoinGroup protocol name, so members of any Kafka client agree on it). The group leader
 * calls {@link #assign}; every member calls {@link #onAssignment} once its SyncGroup succeeds.
 * Implementations are used by one consumer, from its polling thread.
 */
public interface ConsumerPartitionAssignor {
    /** How members give up partitions during a rebalance. */
    enum RebalanceProtocol {
        /** Every member revokes everything before joining. */
        EAGER,
        /** Members keep what they own; only partitions moving elsewhere are revoked, then the group rebalances again. */
        COOPERATIVE
    }

    String name();

    /** The protocols this assignor supports, preferred first. */
    default List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER);
    }

    /** User data to put in this member's subscription, or null. */
    default ByteBuffer subscriptionUserData(Set<String> topics) {
        return null;
    }

    /**
     * The assignment of every member, by member id.
     *
     * @param partitionsPerTopic partition count of every subscribed topic that exists
     * @param subscriptions      each member's subscription, by member id
     */
    Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions);

    /** Called with this member's assignment of generation {@code generationId}. */
    default void onAssignment(Assignment assignment, int generationId) {
    }
}
