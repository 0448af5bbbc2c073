package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.Member;
import io.gregor.broker.group.ClassicGroup.State;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable snapshot of a classic group for DescribeGroups and ListGroups: member metadata and
 * assignments only while the group is Stable, as Kafka reports them.
 */
public record GroupView(String groupId, String state, String protocolType, String protocolName, int generation,
                        List<MemberView> members) {

    public record MemberView(String memberId, String groupInstanceId, String clientId, String clientHost,
                             byte[] metadata, byte[] assignment) {
    }

    /** The view of an unknown group: Dead, no members. */
    static GroupView dead(String groupId) {
        return new GroupView(groupId, "Dead", "", "", -1, List.of());
    }

    /**
     * The view of a group known only by its committed offsets (no member ever joined it through
     * this coordinator): Empty with no protocol type, as Kafka reports a simple consumer group.
     */
    static GroupView offsetsOnly(String groupId) {
        return new GroupView(groupId, "Empty", "", "", 0, List.of());
    }

    /** A full snapshot; call under the lock that guards {@code g}. */
    static GroupView of(ClassicGroup g) {
        List<MemberView> members = new ArrayList<>();
        boolean stable = g.state == State.STABLE;
        for (Member m : g.members.values()) {
            members.add(new MemberView(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    stable && g.protocolName != null ? m.protocols.get(g.protocolName) : new byte[0],
                    stable ? m.assignment : new byte[0]));
        }
        return new GroupView(g.groupId, g.stateName(), g.protocolType == null ? "" : g.protocolType,
                stable && g.protocolName != null ? g.protocolName : "", g.generation, members);
    }

    /** A snapshot without members, for listings; call under the lock that guards {@code g}. */
    static GroupView summary(ClassicGroup g) {
        return new GroupView(g.groupId, g.stateName(), g.protocolType == null ? "" : g.protocolType, "", g.generation,
                List.of());
    }
}
