package io.gregor.broker.group;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pending member ids (KIP-394) a coordinator has handed out, all groups together, bounded: at
 * {@code maxPendingMemberIds} the oldest is forgotten (a member whose id was forgotten gets
 * UNKNOWN_MEMBER_ID and joins again), so however many JoinGroups ask for ids, the ids held stay
 * bounded. Each id also lives in its group's {@code pendingMemberIds} with its deadline.
 *
 * <p>Not thread-safe: {@link ClassicGroups} guards every access with its lock.
 */
final class PendingMemberIds {
    private static final Logger log = LoggerFactory.getLogger(ClassicGroups.class); // the category operators grep

    private record PendingMemberId(ClassicGroup group, String memberId) {
        boolean stillPending() {
            return group.pendingMemberIds.containsKey(memberId);
        }
    }

    /**
     * Every pending member id handed out, oldest first; entries whose id has since joined, expired
     * or gone are dropped lazily. Its length bounds the pending ids held by all groups together.
     */
    private final ArrayDeque<PendingMemberId> pendingOrder = new ArrayDeque<>();
    private final int maxPendingMemberIds;
    private final LongSupplier clock;
    private final Consumer<ClassicGroup> onEvicted;
    private long lastPendingEvictionLogMs = Long.MIN_VALUE;

    /** @param onEvicted told of a group one of whose ids was forgotten (it may have been made only for that id) */
    PendingMemberIds(int maxPendingMemberIds, LongSupplier clock, Consumer<ClassicGroup> onEvicted) {
        this.maxPendingMemberIds = maxPendingMemberIds;
        this.clock = clock;
        this.onEvicted = onEvicted;
    }

    /** Remembers a pending member id of {@code g} until its deadline, forgetting the oldest of any group if need be. */
    void add(ClassicGroup g, String memberId, long deadline) {
        while (!pendingOrder.isEmpty() && !pendingOrder.peekFirst().stillPending()) {
            pendingOrder.pollFirst();
        }
        int evicted = 0;
        while (pendingOrder.size() >= maxPendingMemberIds) {
            PendingMemberId oldest = pendingOrder.pollFirst();
            if (oldest.group().pendingMemberIds.remove(oldest.memberId()) != null) {
                evicted++;
                onEvicted.accept(oldest.group());
            }
        }
        g.pendingMemberIds.put(memberId, deadline);
        pendingOrder.addLast(new PendingMemberId(g, memberId));
        long now = clock.getAsLong();
        if (evicted > 0 && now - lastPendingEvictionLogMs >= 60_000) {
            lastPendingEvictionLogMs = now;
            log.warn("The group coordinator holds {} pending member ids (JoinGroup without a member id, KIP-394); "
                    + "forgetting the oldest (logged at most once a minute)", maxPendingMemberIds);
        }
    }
}
