package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.State;
import io.gregor.clients.consumer.assignor.ConsumerProtocol;
import io.gregor.clients.protocol.Errors;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The classic groups a coordinator holds, by id, and what is done to whole groups: loading them from
 * their GroupMetadata records and unloading them as {@code __consumer_offsets} partitions move,
 * the retention check's questions, and the admin views (describe, list, delete).
 *
 * <p>Not thread-safe: {@link ClassicGroups} guards every access with its lock.
 */
final class GroupTable {
    private final Map<String, ClassicGroup> groups = new HashMap<>();

    ClassicGroup get(String groupId) {
        return groups.get(groupId);
    }

    /** Holds {@code g} under {@code groupId}; returns the group it replaces, or null. */
    ClassicGroup put(String groupId, ClassicGroup g) {
        return groups.put(groupId, g);
    }

    /** Forgets {@code groupId} if it is {@code g}. */
    boolean remove(String groupId, ClassicGroup g) {
        return groups.remove(groupId, g);
    }

    Collection<ClassicGroup> values() {
        return groups.values();
    }

    /** Installs groups read back from their GroupMetadata records, replacing any held under the same ids. */
    void load(Map<String, StoredGroup> stored, long now) {
        stored.forEach((groupId, s) -> {
            ClassicGroup previous = groups.put(groupId, ClassicGroup.fromStored(groupId, s, now));
            if (previous != null) {
                previous.drop(Errors.NOT_COORDINATOR);
            }
        });
    }

    /** Forgets every group whose id matches, answering their waiting requests NOT_COORDINATOR; returns how many. */
    int unload(Predicate<String> groupIds) {
        int removed = 0;
        for (Iterator<ClassicGroup> it = groups.values().iterator(); it.hasNext(); ) {
            ClassicGroup g = it.next();
            if (groupIds.test(g.groupId)) {
                it.remove();
                g.drop(Errors.NOT_COORDINATOR);
                removed++;
            }
        }
        return removed;
    }

    ClassicGroups.RetentionView retentionView(String groupId) {
        ClassicGroup g = groups.get(groupId);
        return g == null ? new ClassicGroups.RetentionView(false, true, -1)
                : new ClassicGroups.RetentionView(true, g.state == State.EMPTY, g.currentStateTimestamp);
    }

    ClassicGroups.MembershipView membershipView(String groupId) {
        ClassicGroup g = groups.get(groupId);
        if (g == null || g.state == State.DEAD) {
            return new ClassicGroups.MembershipView(false, true, false, Set.of());
        }
        return new ClassicGroups.MembershipView(true, g.state == State.EMPTY,
                ConsumerProtocol.PROTOCOL_TYPE.equals(g.protocolType), g.subscribedTopics());
    }

    /** Ids of the Empty groups held here that match, for the retention check. */
    List<String> emptyGroups(Predicate<String> groupIds) {
        return groups.values().stream().filter(g -> g.state == State.EMPTY && groupIds.test(g.groupId))
                .map(g -> g.groupId).toList();
    }

    /** Marks an Empty group Dead and forgets it; false (and nothing changes) if it is not Empty. */
    boolean removeIfEmpty(String groupId) {
        ClassicGroup g = groups.get(groupId);
        if (g == null) {
            return true;
        }
        if (g.state != State.EMPTY) {
            return false;
        }
        g.drop(Errors.NOT_COORDINATOR);
        groups.remove(groupId);
        return true;
    }

    /** The group's view, or a "Dead" view with no members if it is unknown. */
    GroupView describe(String groupId) {
        ClassicGroup g = groups.get(groupId);
        return g == null ? GroupView.dead(groupId) : GroupView.of(g);
    }

    List<GroupView> list() {
        return groups.values().stream().map(GroupView::summary).toList();
    }

    Map<String, State> states() {
        Map<String, State> states = new HashMap<>();
        groups.forEach((id, g) -> states.put(id, g.state));
        return states;
    }

    /** Forgets an empty group: NONE, NON_EMPTY_GROUP if it has members, GROUP_ID_NOT_FOUND if unknown here. */
    Errors delete(String groupId) {
        ClassicGroup g = groups.get(groupId);
        if (g == null) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        if (!g.members.isEmpty()) {
            return Errors.NON_EMPTY_GROUP;
        }
        g.state = State.DEAD;
        groups.remove(groupId);
        return Errors.NONE;
    }
}
