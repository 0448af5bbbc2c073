package io.gregor.clients.admin;

import io.gregor.clients.network.Node;
import java.util.List;

/**
 * A consumer group as its coordinator describes it: state (Kafka's names; "Dead" for a group the
 * coordinator does not know), the assignor chosen in the last rebalance ("" when none), the
 * coordinator that answered, and the members.
 */
public record ConsumerGroupDescription(String groupId, String state, String protocolType, String partitionAssignor,
                                       Node coordinator, List<MemberDescription> members) {
    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }

    /** Whether offsets may be reset: Kafka allows it only for a group without members (Empty or Dead). */
    public boolean isInactive() {
        return state.equals("Empty") || state.equals("Dead");
    }
}
