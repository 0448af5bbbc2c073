package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.ClassicGroup.SyncResult;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Record;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group metadata through the coordinator: written when a rebalance completes, read back by a new
 * coordinator (a failover) as a Stable group, loads that answer COORDINATOR_LOAD_IN_PROGRESS until
 * done, and unloads when leadership is lost.
 */
class GroupMetadataPersistenceTest {
    private static final int PARTITIONS = 3;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InMemoryOffsetsLog log = new InMemoryOffsetsLog();
    private final int partition = OffsetsTopic.partitionFor("g", PARTITIONS);
    private final List<ClassicGroups> started = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ClassicGroups::close);
        scheduler.shutdownNow();
    }

    /** A coordinator and its groups, as one broker holds them. */
    private record Broker(GroupCoordinator coordinator, ClassicGroups groups) {
    }

    private Broker broker(java.util.concurrent.Executor loader) {
        GroupCoordinator coordinator = new GroupCoordinator(log, PARTITIONS, now::get, loader);
        ClassicGroups groups = new ClassicGroups(scheduler, now::get, GroupConfig.defaults(PARTITIONS, 100), 10, coordinator);
        coordinator.attach(groups);
        started.add(groups);
        return new Broker(coordinator, groups);
    }

    private static ClassicGroups.JoinRequest join(String memberId, String instanceId) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", new byte[] {1, 2});
        return new ClassicGroups.JoinRequest("g", memberId, instanceId, "client-" + instanceId, "/127.0.0.1", 10_000,
                20_000, "consumer", protocols, true);
    }

    /** Two static members join (within the initial rebalance delay) and the leader assigns; returns the member ids (leader first). */
    private List<String> formStableGroup(ClassicGroups groups) {
        CompletableFuture<JoinResult> a = groups.join(join("", "a"));
        CompletableFuture<JoinResult> b = groups.join(join("", "b"));
        JoinResult ja = a.join();
        JoinResult jb = b.join();
        assertEquals(Errors.NONE.code(), ja.error());
        String leader = ja.leader();
        String follower = leader.equals(ja.memberId()) ? jb.memberId() : ja.memberId();
        CompletableFuture<SyncResult> fs = groups.sync("g", ja.generation(), follower, null, Map.of());
        SyncResult ls = groups.sync("g", ja.generation(), leader, null,
                Map.of(leader, new byte[] {10}, follower, new byte[] {20})).join();
        assertEquals(Errors.NONE.code(), ls.error());
        assertArrayEquals(new byte[] {20}, fs.join().assignment());
        return List.of(leader, follower);
    }

    @Test
    void aStableGroupComesBackAfterFailoverWithItsGenerationMembersAndAssignments() {
        log.lead(partition, 0);
        Broker first = broker(Runnable::run);
        assertEquals(Errors.NONE, first.coordinator().checkCoordinator("g"));
        List<String> ids = formStableGroup(first.groups());
        GroupView before = first.groups().describe("g");
        assertTrue(log.records(partition).stream().anyMatch(Record::hasValue), "a GroupMetadata record was written");

        log.lead(partition, 1); // this broker lost the partition and a new coordinator leads it
        first.coordinator().onLeadershipChange(partition);
        Broker second = broker(Runnable::run);
        second.coordinator().onLeadershipChange(partition);
        GroupView after = second.groups().describe("g");
        assertEquals("Stable", after.state());
        assertEquals(before.generation(), after.generation());
        assertEquals("range", after.protocolName());
        assertEquals(List.of(ids.get(0), ids.get(1)), after.members().stream().map(GroupView.MemberView::memberId).toList());
        assertEquals(List.of("a", "b"), after.members().stream().map(GroupView.MemberView::groupInstanceId).sorted().toList());
        assertArrayEquals(new byte[] {10}, after.members().get(0).assignment());
        assertArrayEquals(new byte[] {1, 2}, after.members().get(0).metadata());
        assertEquals(Errors.NONE, second.groups().heartbeat("g", after.generation(), ids.get(1), null));
        SyncResult again = second.groups().sync("g", after.generation(), ids.get(1), null, Map.of()).join();
        assertArrayEquals(new byte[] {20}, again.assignment());
    }

    @Test
    void requestsWhileThePartitionLoadsAnswerLoadInProgressThenTheGroupIsServed() {
        log.lead(partition, 0);
        formStableGroup(broker(Runnable::run).groups());
        Queue<Runnable> pending = new ArrayDeque<>();
        log.lead(partition, 1);
        Broker second = broker(pending::add);
        second.coordinator().onLeadershipChange(partition);
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, second.coordinator().checkCoordinator("g"));
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, second.coordinator().fetchOffsets("g").error());
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS,
                second.coordinator().commitOffsets("g", Map.of(new io.gregor.core.log.TopicPartition("t", 0),
                        new OffsetRecords.CommittedOffset(1, -1, "", 1))).join());
        assertEquals(1, pending.size(), "one load is queued, however often the partition is asked for");
        pending.poll().run();
        assertEquals(Errors.NONE, second.coordinator().checkCoordinator("g"));
        assertEquals("Stable", second.groups().describe("g").state());
    }

    @Test
    void losingLeadershipUnloadsTheGroupsAndAnswersWaitingMembersNotCoordinator() {
        log.lead(partition, 0);
        Broker b = broker(Runnable::run);
        b.coordinator().checkCoordinator("g");
        List<String> ids = formStableGroup(b.groups());
        CompletableFuture<JoinResult> rejoin = b.groups().join(join(ids.get(0), "a"));
        assertFalse(rejoin.isDone(), "waits for the other member");
        log.resign(partition);
        b.coordinator().onLeadershipChange(partition);
        assertEquals(Errors.NOT_COORDINATOR.code(), rejoin.join().error());
        assertEquals("Dead", b.groups().describe("g").state());
        assertEquals(Errors.NOT_COORDINATOR, b.coordinator().checkCoordinator("g"));
    }

    @Test
    void aFailedGroupMetadataWriteAnswersTheSyncWithTheMappedErrorAndRebalances() {
        log.lead(partition, 0);
        Broker b = broker(Runnable::run);
        b.coordinator().checkCoordinator("g");
        JoinResult joined = b.groups().join(join("", "a")).join();
        log.failAppendsWith(Errors.NOT_ENOUGH_REPLICAS);
        SyncResult sync = b.groups().sync("g", joined.generation(), joined.memberId(), null,
                Map.of(joined.memberId(), new byte[] {1})).join();
        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE.code(), sync.error());
        assertEquals("PreparingRebalance", b.groups().describe("g").state());
    }

    @Test
    void aStaticMemberRejoiningAStableGroupKeepsItsAssignmentWithoutARebalanceAndFencesTheOldId() {
        log.lead(partition, 0);
        Broker b = broker(Runnable::run);
        b.coordinator().checkCoordinator("g");
        List<String> ids = formStableGroup(b.groups());
        int generation = b.groups().describe("g").generation();
        String oldFollower = ids.get(1);
        String instance = b.groups().describe("g").members().get(1).groupInstanceId();
        int recordsBefore = log.records(partition).size();

        JoinResult rejoined = b.groups().join(join("", instance)).join();
        assertEquals(Errors.NONE.code(), rejoined.error());
        assertEquals(generation, rejoined.generation(), "no new generation");
        assertEquals(ids.get(0), rejoined.leader());
        assertEquals(List.of(), rejoined.members());
        assertEquals("Stable", b.groups().describe("g").state());
        assertEquals(recordsBefore + 1, log.records(partition).size(), "the new member id was stored");
        SyncResult sync = b.groups().sync("g", generation, rejoined.memberId(), instance, Map.of()).join();
        assertArrayEquals(new byte[] {20}, sync.assignment());

        assertEquals(Errors.FENCED_INSTANCE_ID, b.groups().heartbeat("g", generation, oldFollower, instance));
        assertEquals(Errors.FENCED_INSTANCE_ID.code(),
                b.groups().sync("g", generation, oldFollower, instance, Map.of()).join().error());
        assertEquals(Errors.FENCED_INSTANCE_ID, b.groups().validateCommit("g", generation, oldFollower, instance));
        assertEquals(Errors.FENCED_INSTANCE_ID.code(), b.groups().join(join(oldFollower, instance)).join().error());
        assertEquals(List.of(Errors.FENCED_INSTANCE_ID), b.groups().leave("g", List.<String[]>of(new String[] {oldFollower, instance})));
        assertEquals("Stable", b.groups().describe("g").state(), "fenced requests change nothing");
        assertEquals(Errors.NONE, b.groups().heartbeat("g", generation, ids.get(0), null));

        log.lead(partition, 1);
        Broker second = broker(Runnable::run);
        second.coordinator().onLeadershipChange(partition);
        assertTrue(second.groups().describe("g").members().stream()
                .anyMatch(m -> m.memberId().equals(rejoined.memberId())), "the replacement survives a failover");
    }

    @Test
    void aStaticLeaderRejoiningIsToldToSkipTheAssignment() {
        log.lead(partition, 0);
        Broker b = broker(Runnable::run);
        b.coordinator().checkCoordinator("g");
        List<String> ids = formStableGroup(b.groups());
        String leaderInstance = b.groups().describe("g").members().get(0).groupInstanceId();
        JoinResult rejoined = b.groups().join(join("", leaderInstance)).join();
        assertTrue(rejoined.skipAssignment());
        assertEquals(rejoined.memberId(), rejoined.leader());
        assertEquals(2, rejoined.members().size());
        assertFalse(rejoined.memberId().equals(ids.get(0)));
        assertEquals("Stable", b.groups().describe("g").state());
    }

    @Test
    void aGroupThatBecomesEmptyIsStoredEmptyAndReloadsEmpty() {
        log.lead(partition, 0);
        Broker b = broker(Runnable::run);
        b.coordinator().checkCoordinator("g");
        List<String> ids = formStableGroup(b.groups());
        assertEquals(List.of(Errors.NONE, Errors.NONE), b.groups().leave("g",
                List.of(new String[] {"", "a"}, new String[] {"", "b"})));
        assertEquals("Empty", b.groups().describe("g").state());
        int generation = b.groups().describe("g").generation();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            List<Record> records = log.records(partition);
            Record last = records.get(records.size() - 1);
            return last.hasValue() && OffsetRecords.readGroupMetadataValue(last.value()).members().isEmpty();
        });
        log.lead(partition, 1);
        Broker second = broker(Runnable::run);
        second.coordinator().onLeadershipChange(partition);
        GroupView reloaded = second.groups().describe("g");
        assertEquals("Empty", reloaded.state());
        assertEquals(generation, reloaded.generation());
        assertNotNull(ids);
    }
}
