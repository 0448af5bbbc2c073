package io.gregor.clients.admin;

import io.gregor.clients.network.TopicPartition;
import java.util.List;

/**
 * A member of a consumer group as DescribeGroups reports it, with its assignment decoded from the
 * consumer protocol (empty while the group is rebalancing). {@code groupInstanceId} is null for a
 * dynamic member.
 */
public record MemberDescription(String consumerId, String groupInstanceId, String clientId, String host,
                                List<TopicPartition> assignment) {
    public MemberDescription {
        assignment = List.copyOf(assignment);
    }
}
