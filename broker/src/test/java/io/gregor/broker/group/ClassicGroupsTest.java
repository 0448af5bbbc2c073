package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.ClassicGroup.SyncResult;
import io.gregor.clients.protocol.Errors;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassicGroupsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ClassicGroups groups = new ClassicGroups(scheduler, now::get, 0, 10);

    @AfterEach
    void stop() {
        groups.close();
        scheduler.shutdownNow();
    }

    private static ClassicGroups.JoinRequest join(String memberId, boolean v4) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", new byte[] {1});
        protocols.put("roundrobin", new byte[] {2});
        return new ClassicGroups.JoinRequest("g", memberId, null, "client", "/127.0.0.1", 1000, 5000, "consumer",
                protocols, v4);
    }

    private String joinAlone() {
        JoinResult required = groups.join(join("", true)).join();
        assertEquals(Errors.MEMBER_ID_REQUIRED.code(), required.error());
        JoinResult joined = groups.join(join(required.memberId(), true)).join();
        assertEquals(Errors.NONE.code(), joined.error());
        return joined.memberId();
    }

    @Test
    void aFirstJoinNeedsAMemberIdThenTheLoneMemberLeadsGenerationOne() {
        JoinResult required = groups.join(join("", true)).join();
        assertEquals(Errors.MEMBER_ID_REQUIRED.code(), required.error());
        assertFalse(required.memberId().isEmpty());
        JoinResult joined = groups.join(join(required.memberId(), true)).join();
        assertEquals(Errors.NONE.code(), joined.error());
        assertEquals(1, joined.generation());
        assertEquals(required.memberId(), joined.leader());
        assertEquals("range", joined.protocolName());
        assertEquals(1, joined.members().size());
    }

    @Test
    void aSecondMemberTriggersARebalanceAndTheLeadersAssignmentsReachEveryMember() {
        String first = joinAlone();
        SyncResult alone = groups.sync("g", 1, first, null, Map.of(first, new byte[] {9})).join();
        assertArrayEquals(new byte[] {9}, alone.assignment());

        CompletableFuture<JoinResult> second = groups.join(join("", false));
        assertFalse(second.isDone(), "waits for the known member to rejoin");
        assertEquals(Errors.REBALANCE_IN_PROGRESS, groups.heartbeat("g", 1, first, null));
        JoinResult leader = groups.join(join(first, true)).join();
        JoinResult follower = second.join();
        assertEquals(2, leader.generation());
        assertEquals(first, leader.leader());
        assertEquals(2, leader.members().size());
        assertEquals(List.of(), follower.members());

        CompletableFuture<SyncResult> followerSync = groups.sync("g", 2, follower.memberId(), null, Map.of());
        assertFalse(followerSync.isDone(), "waits for the leader's assignments");
        groups.sync("g", 2, first, null, Map.of(first, new byte[] {1}, follower.memberId(), new byte[] {2})).join();
        assertArrayEquals(new byte[] {2}, followerSync.join().assignment());
        assertEquals(Errors.NONE, groups.heartbeat("g", 2, follower.memberId(), null));
        assertEquals(Errors.ILLEGAL_GENERATION, groups.heartbeat("g", 1, follower.memberId(), null));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, groups.heartbeat("g", 2, "nobody", null));
        assertEquals("Stable", groups.describe("g").state());
    }

    @Test
    void aMemberWithoutHeartbeatsExpiresAfterItsSessionTimeout() {
        String member = joinAlone();
        groups.sync("g", 1, member, null, Map.of()).join();
        now.addAndGet(1001);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> groups.describe("g").state().equals("Empty"));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, groups.heartbeat("g", 1, member, null));
    }

    @Test
    void theNextSessionCheckIsDueAtTheEarliestDeadlineNotATickLater() {
        ClassicGroups coarse = new ClassicGroups(scheduler, now::get, 0, 60_000);
        try {
            LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
            protocols.put("range", new byte[0]);
            JoinResult joined = coarse.join(new ClassicGroups.JoinRequest("g", "", "static-1", "c", "/h", 5000, 5000,
                    "consumer", protocols, true)).join();
            coarse.sync("g", joined.generation(), joined.memberId(), "static-1", Map.of()).join();
            assertEquals(5001, coarse.nextExpiryCheckDelayMs(now.get()), "one past the 5000 ms session");
            now.addAndGet(3000);
            assertEquals(Errors.NONE, coarse.heartbeat("g", joined.generation(), joined.memberId(), "static-1"));
            now.addAndGet(4999);
            assertEquals(2, coarse.nextExpiryCheckDelayMs(now.get()), "5000 ms after the heartbeat, plus one");
            assertEquals(List.of(Errors.NONE), coarse.leave("g", List.<String[]>of(new String[] {"", "static-1"})));
            assertEquals(60_000, coarse.nextExpiryCheckDelayMs(now.get()), "with no member, the check interval");
        } finally {
            coarse.close();
        }
    }

    @Test
    void aStaticMemberExpiresWithinAFewHundredMillisecondsOfItsSessionTimeoutEvenWithACoarseCheckInterval()
            throws Exception {
        ClassicGroups realTime = new ClassicGroups(scheduler, System::currentTimeMillis, 0, 60_000);
        try {
            LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
            protocols.put("range", new byte[0]);
            JoinResult joined = realTime.join(new ClassicGroups.JoinRequest("g", "", "static-1", "c", "/h", 1000, 1000,
                    "consumer", protocols, true)).join();
            realTime.sync("g", joined.generation(), joined.memberId(), "static-1", Map.of()).join();
            assertEquals(Errors.NONE, realTime.heartbeat("g", joined.generation(), joined.memberId(), "static-1"));
            long lastHeartbeat = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> realTime.describe("g").state().equals("Empty"));
            long afterMs = (System.nanoTime() - lastHeartbeat) / 1_000_000;
            assertTrue(afterMs >= 1000 && afterMs < 1400, "expired " + afterMs + " ms after the last heartbeat");
        } finally {
            realTime.close();
        }
    }

    @Test
    void leavingEmptiesTheGroupWhichCanThenBeDeletedButNotBefore() {
        String member = joinAlone();
        assertEquals(Errors.NON_EMPTY_GROUP, groups.delete("g"));
        assertEquals(List.of(Errors.NONE), groups.leave("g", List.<String[]>of(new String[] {member, null})));
        assertEquals("Empty", groups.describe("g").state());
        assertEquals(Errors.NONE, groups.delete("g"));
        assertEquals(Errors.GROUP_ID_NOT_FOUND, groups.delete("g"));
    }

    @Test
    void commitsAreCheckedAgainstMembershipAndGeneration() {
        assertEquals(Errors.NONE, groups.validateCommit("g", -1, "", null));
        assertEquals(Errors.ILLEGAL_GENERATION, groups.validateCommit("g", 1, "m", null));
        String member = joinAlone();
        assertEquals(Errors.REBALANCE_IN_PROGRESS, groups.validateCommit("g", 1, member, null));
        groups.sync("g", 1, member, null, Map.of()).join();
        assertEquals(Errors.NONE, groups.validateCommit("g", 1, member, null));
        assertEquals(Errors.ILLEGAL_GENERATION, groups.validateCommit("g", 0, member, null));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, groups.validateCommit("g", -1, "", null));
    }

    @Test
    void aJoinBeyondGroupMaxSizeIsRefusedButKnownMembersMayRejoin() {
        ClassicGroups limited = new ClassicGroups(scheduler, now::get,
                new GroupConfig(1, (short) 1, 1 << 20, 0, 0, 60_000, 1, 60_000, 60_000), 10, GroupStore.NONE);
        try {
            JoinResult required = limited.join(join("", true)).join();
            String member = limited.join(join(required.memberId(), true)).join().memberId();
            assertEquals(Errors.GROUP_MAX_SIZE_REACHED.code(), limited.join(join("", true)).join().error());
            assertEquals(Errors.GROUP_MAX_SIZE_REACHED.code(), limited.join(join("", false)).join().error());
            JoinResult rejoin = limited.join(join(member, true)).join();
            assertEquals(Errors.NONE.code(), rejoin.error());
            assertEquals(2, rejoin.generation());
        } finally {
            limited.close();
        }
    }

    @Test
    void aSessionTimeoutOutsideTheBrokerBoundsIsInvalid() {
        ClassicGroups bounded = new ClassicGroups(scheduler, now::get,
                new GroupConfig(1, (short) 1, 1 << 20, 0, 1001, 4999, 10, 60_000, 60_000), 10, GroupStore.NONE);
        try {
            // join() asks for a 1000 ms session timeout
            assertEquals(Errors.INVALID_SESSION_TIMEOUT.code(), bounded.join(join("", true)).join().error());
            LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
            protocols.put("range", new byte[0]);
            ClassicGroups.JoinRequest tooLong = new ClassicGroups.JoinRequest("g", "", null, "c", "/h", 5000, 5000,
                    "consumer", protocols, true);
            assertEquals(Errors.INVALID_SESSION_TIMEOUT.code(), bounded.join(tooLong).join().error());
            ClassicGroups.JoinRequest fits = new ClassicGroups.JoinRequest("g", "", null, "c", "/h", 4999, 5000,
                    "consumer", protocols, true);
            assertEquals(Errors.MEMBER_ID_REQUIRED.code(), bounded.join(fits).join().error());
        } finally {
            bounded.close();
        }
    }

    private static ClassicGroups.JoinRequest freshJoin(String groupId) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", new byte[] {1});
        return new ClassicGroups.JoinRequest(groupId, "", null, "storm", "/127.0.0.1", 1000, 5000, "consumer",
                protocols, true);
    }

    @Test
    void pendingMemberIdsCountTowardGroupMaxSizeSoAStormOfFreshJoinsStopsThere() {
        ClassicGroups limited = new ClassicGroups(scheduler, now::get,
                new GroupConfig(1, (short) 1, 1 << 20, 0, 0, 60_000, 3, 60_000, 60_000), 10, GroupStore.NONE);
        try {
            List<String> pending = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JoinResult required = limited.join(freshJoin("g")).join();
                assertEquals(Errors.MEMBER_ID_REQUIRED.code(), required.error());
                pending.add(required.memberId());
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(Errors.GROUP_MAX_SIZE_REACHED.code(), limited.join(freshJoin("g")).join().error());
            }
            // an id handed out before the group filled still joins: it takes its own place
            CompletableFuture<JoinResult> joined = limited.join(join(pending.get(0), true));
            assertFalse(joined.isDone() && joined.join().error() == Errors.GROUP_MAX_SIZE_REACHED.code());
        } finally {
            limited.close();
        }
    }

    @Test
    void theCoordinatorForgetsTheOldestPendingMemberIdsAndTheGroupsMadeOnlyForThem() {
        ClassicGroups bounded = new ClassicGroups(scheduler, now::get,
                new GroupConfig(1, (short) 1, 1 << 20, 0, 0, 60_000, Integer.MAX_VALUE, 60_000, 60_000), 10, GroupStore.NONE, 50);
        try {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                JoinResult required = bounded.join(freshJoin("storm-" + i)).join();
                assertEquals(Errors.MEMBER_ID_REQUIRED.code(), required.error());
                ids.add(required.memberId());
            }
            assertTrue(bounded.list().size() <= 50, "groups held: " + bounded.list().size());
            // the newest ids are still good, the oldest (and their groups) are gone
            assertEquals(Errors.NONE.code(), bounded.join(joinTo("storm-9999", ids.get(9999))).join().error());
            assertEquals(Errors.UNKNOWN_MEMBER_ID.code(), bounded.join(joinTo("storm-0", ids.get(0))).join().error());
            assertEquals("Dead", bounded.describe("storm-0").state());
        } finally {
            bounded.close();
        }
    }

    @Test
    void aGroupThatOnlyHandedOutAnExpiredMemberIdIsForgotten() {
        JoinResult required = groups.join(freshJoin("once")).join();
        assertEquals(Errors.MEMBER_ID_REQUIRED.code(), required.error());
        assertEquals(1, groups.list().size());
        now.addAndGet(1001); // the pending id lives for the session timeout (1000 ms)
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> groups.list().isEmpty());
        assertEquals(Errors.UNKNOWN_MEMBER_ID.code(), groups.join(joinTo("once", required.memberId())).join().error());
    }

    private static ClassicGroups.JoinRequest joinTo(String groupId, String memberId) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", new byte[] {1});
        return new ClassicGroups.JoinRequest(groupId, memberId, null, "storm", "/127.0.0.1", 1000, 5000, "consumer",
                protocols, true);
    }
}
