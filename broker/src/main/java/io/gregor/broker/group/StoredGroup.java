package io.gregor.broker.group;

import java.util.List;

/**
 * A classic group as its GroupMetadata record in {@code __consumer_offsets} holds it: what a
 * coordinator needs to bring the group back after a failover. Written after every completed
 * rebalance (and when a group becomes Empty); immutable.
 *
 * @param protocolType          "consumer" for Java consumers, "" if the group never had members
 * @param protocolName          the chosen assignment protocol, null for an Empty group
 * @param leaderId              the leader's member id, null for an Empty group
 * @param currentStateTimestamp when the group entered its current state (ms), -1 if unknown
 */
public record StoredGroup(String protocolType, int generation, String protocolName, String leaderId,
                          long currentStateTimestamp, List<Member> members) {

    public StoredGroup {
        members = List.copyOf(members);
    }

    /** One member: its ids, timeouts, its subscription for the chosen protocol and its assignment. */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }
}
