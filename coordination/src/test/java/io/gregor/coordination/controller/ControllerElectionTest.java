package io.gregor.coordination.controller;

import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.ControllerRegistration;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.PartitionStateUpdate;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.coordination.ZooKeeperFixture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Controller election, epoch bumps and fencing against a real ZooKeeper. */
class ControllerElectionTest extends ZooKeeperTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Records the listener calls of one candidate, in order. */
    static final class RecordingListener implements ControllerListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile ControllerEpochFence fence;

        @Override
        public void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence) {
            this.fence = fence;
            events.add("elected:" + epoch.epoch());
        }

        @Override
        public void onControllerResigned() {
            events.add("resigned");
        }
    }

    private record Candidate(GregorZkClient zk, ControllerElection election, RecordingListener listener) {
    }

    @AfterEach
    void closeElections() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private Candidate candidate(int brokerId) {
        GregorZkClient zk = fixture.client(chroot);
        RecordingListener listener = new RecordingListener();
        ControllerElection election = new ControllerElection(zk, brokerId, listener);
        toClose.add(election);
        election.start();
        return new Candidate(zk, election, listener);
    }

    private Candidate awaitSingleWinner(List<Candidate> candidates) {
        await().atMost(WAIT).until(() -> candidates.stream().filter(c -> c.election().isActive()).count() == 1);
        return candidates.stream().filter(c -> c.election().isActive()).findFirst().orElseThrow();
    }

    private int storedEpoch() throws Exception {
        return Integer.parseInt(new String(zk.curator().getData().forPath(chroot + "/controller_epoch"), StandardCharsets.UTF_8));
    }

    @Test
    void exactlyOneCandidateWinsAndTakesEpochOne() throws Exception {
        Candidate a = candidate(1);
        Candidate b = candidate(2);
        Candidate winner = awaitSingleWinner(List.of(a, b));
        Candidate loser = winner == a ? b : a;
        int winnerId = winner == a ? 1 : 2;

        ControllerEpoch epoch = winner.election().currentEpoch().orElseThrow();
        assertEquals(1, epoch.epoch(), "the first controller's epoch, as in Kafka");
        assertEquals(1, storedEpoch());
        assertEquals(Optional.of(epoch), zk.getControllerEpoch());
        assertEquals(Optional.of(winnerId), zk.getControllerId());
        Stat controller = zk.curator().checkExists().forPath(chroot + "/controller");
        assertEquals(winner.zk().sessionId(), controller.getEphemeralOwner(), "/controller is the winner's ephemeral");
        ControllerRegistration registration = ControllerRegistration.fromJson("/controller",
                zk.curator().getData().forPath(chroot + "/controller"));
        assertEquals(winnerId, registration.brokerId());
        assertEquals(List.of("elected:1"), winner.listener().events);
        assertTrue(loser.listener().events.isEmpty());
        assertFalse(loser.election().fence().isPresent());
    }

    @Test
    void whenTheWinnersSessionEndsTheOtherTakesOverWithAHigherEpochAndTheOldFenceIsRefused() throws Exception {
        Candidate a = candidate(1);
        Candidate b = candidate(2);
        ControllerTracker tracker = new ControllerTracker(zk);
        toClose.add(tracker);
        List<Optional<Integer>> seen = new CopyOnWriteArrayList<>();
        tracker.addListener(seen::add);
        tracker.start();

        Candidate first = awaitSingleWinner(List.of(a, b));
        Candidate second = first == a ? b : a;
        int secondId = first == a ? 2 : 1;
        ControllerEpochFence deposedFence = first.listener().fence;
        ControllerEpoch firstEpoch = deposedFence.epoch();
        await().atMost(WAIT).until(() -> tracker.activeControllerId().isPresent());

        fixture.expireSession(first.zk().curator());

        await().atMost(WAIT).until(() -> second.election().isActive());
        ControllerEpoch secondEpoch = second.election().currentEpoch().orElseThrow();
        assertTrue(secondEpoch.epoch() > firstEpoch.epoch(), secondEpoch + " after " + firstEpoch);
        assertTrue(secondEpoch.zkVersion() > firstEpoch.zkVersion());
        await().atMost(WAIT).until(() -> first.listener().events.contains("resigned"));
        assertEquals("elected:" + firstEpoch.epoch(), first.listener().events.get(0));
        assertEquals("resigned", first.listener().events.get(1));
        await().atMost(WAIT).until(() -> tracker.activeControllerId().equals(Optional.of(secondId)));
        assertTrue(seen.contains(Optional.of(secondId)), seen.toString());

        TopicPartition tp = new TopicPartition("fenced", 0);
        zk.topics().createTopic(TopicAssignment.of("fenced", KafkaUuid.random(), Map.of(0, List.of(1, 2))), EntityConfig.EMPTY);
        PartitionState state = new PartitionState(1, 0, List.of(1, 2), firstEpoch.epoch());

        // The deposed controller's own fence refuses at once: its tenure is over.
        ControllerMovedException local = assertThrows(ControllerMovedException.class,
                () -> deposedFence.createPartitionStates(Map.of(tp, state)));
        assertEquals(firstEpoch.epoch(), local.fencedEpoch());
        // Even a fence that still believes in the old epoch is refused by ZooKeeper itself, and nothing is written.
        ControllerEpochFence stale = new ControllerEpochFence(first.zk(), firstEpoch);
        ControllerMovedException remote = assertThrows(ControllerMovedException.class,
                () -> stale.createPartitionStates(Map.of(tp, state)));
        assertTrue(remote.getCause() instanceof KeeperException.BadVersionException, String.valueOf(remote.getCause()));
        assertTrue(zk.topics().getPartitionState(tp).isEmpty(), "a fenced write leaves no trace");
        assertThrows(ControllerMovedException.class, () -> stale.updatePartitionStates(
                List.of(new VersionedPartitionState(tp, state, 0))));

        // The new controller writes through its fence.
        ControllerEpochFence current = second.election().fence().orElseThrow();
        current.createPartitionStates(Map.of(tp, state));
        assertEquals(0, zk.topics().getPartitionState(tp).orElseThrow().zkVersion());
    }

    @Test
    void fencedBatchUpdatesReportVersionConflictsPerPartition() throws Exception {
        Candidate a = candidate(1);
        ControllerEpochFence fence = awaitSingleWinner(List.of(a)).election().fence().orElseThrow();
        TopicPartition p0 = new TopicPartition("batch", 0);
        TopicPartition p1 = new TopicPartition("batch", 1);
        TopicPartition missing = new TopicPartition("batch", 2);
        zk.topics().createTopic(TopicAssignment.of("batch", KafkaUuid.random(), Map.of(0, List.of(1), 1, List.of(1))), EntityConfig.EMPTY);
        int epoch = fence.epoch().epoch();
        fence.createPartitionStates(Map.of(p0, new PartitionState(1, 0, List.of(1), epoch), p1, new PartitionState(1, 0, List.of(1), epoch)));

        PartitionState next = new PartitionState(1, 1, List.of(1), epoch);
        Map<TopicPartition, PartitionStateUpdate> results = fence.updatePartitionStates(List.of(
                new VersionedPartitionState(p0, next, 0),
                new VersionedPartitionState(p1, next, 5),
                new VersionedPartitionState(missing, next, 0)));
        assertEquals(new PartitionStateUpdate(p0, PartitionStateUpdate.Status.UPDATED, 1), results.get(p0));
        assertEquals(PartitionStateUpdate.Status.VERSION_CONFLICT, results.get(p1).status());
        assertEquals(PartitionStateUpdate.Status.NO_NODE, results.get(missing).status());
        assertEquals(next, zk.topics().getPartitionState(p0).orElseThrow().state());
        assertEquals(0, zk.topics().getPartitionState(p1).orElseThrow().zkVersion(), "the stale write changed nothing");

        zk.topics().markTopicForDeletion("batch");
        fence.completeTopicDeletion("batch");
        assertFalse(zk.topics().topicExists("batch"));
        assertEquals(List.of(), zk.topics().getTopicsMarkedForDeletion());
    }

    @Test
    void closingTheControllerResignsAndHandsOver() throws Exception {
        Candidate a = candidate(1);
        Candidate b = candidate(2);
        Candidate first = awaitSingleWinner(List.of(a, b));
        Candidate second = first == a ? b : a;
        first.election().close();
        assertEquals("resigned", first.listener().events.get(first.listener().events.size() - 1),
                "the listener is told before close returns");
        assertFalse(first.election().isActive());
        await().atMost(WAIT).until(() -> second.election().isActive());
        assertEquals(2, second.election().currentEpoch().orElseThrow().epoch());
        assertEquals(2, storedEpoch());
    }

    @Test
    void electionNodeOfAPreviousProcessProvenGoneIsRemovedSoTheRestartedBrokerWinsAtOnce() throws Exception {
        ZooKeeper crashed = fixture.rawSession(5_000);
        String latch = zk.paths().controllerLatch();
        zk.ensurePath(latch);
        String deadNode = crashed.create(latch + "/_c_previous-latch-", "1".getBytes(StandardCharsets.UTF_8),
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        long deadSession = crashed.getSessionId();
        ZooKeeperFixture.crash(crashed);
        zk.curator().create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(latch + "/_c_bystander-latch-", "7".getBytes(StandardCharsets.UTF_8));

        long start = System.nanoTime();
        GregorZkClient restartedZk = fixture.client(chroot);
        RecordingListener listener = new RecordingListener();
        ControllerElection restarted = new ControllerElection(restartedZk, 1, listener);
        toClose.add(restarted);
        restarted.removeNodesOfDeadSession(deadSession);
        assertNull(zk.curator().checkExists().forPath(deadNode), "the dead session's latch node is gone");
        assertEquals(1, zk.curator().getChildren().forPath(latch).size(), "nodes of other sessions are left alone");
        zk.curator().delete().forPath(latch + "/" + zk.curator().getChildren().forPath(latch).get(0));
        restarted.start();

        await().atMost(WAIT).until(restarted::isActive);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 3_000, "elected after " + tookMs + " ms; the dead session would have lasted 5 s");
    }

    private List<String> latchNodes() throws Exception {
        return zk.curator().getChildren().forPath(zk.paths().controllerLatch());
    }

    @Test
    void aSecondStartIsRefusedAndTheElectionKeepsOneLatchNodePerBrokerAndOneController() throws Exception {
        Candidate a = candidate(1);
        Candidate b = candidate(2);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> a.election().start());
        assertEquals("Controller election of broker 1 cannot be started more than once", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> b.election().start());

        Candidate winner = awaitSingleWinner(List.of(a, b));
        Candidate loser = winner == a ? b : a;
        await().atMost(WAIT).until(() -> latchNodes().size() == 2);
        assertEquals(List.of("elected:1"), winner.listener().events, "one latch, one election, one listener call");

        winner.election().close();
        await().atMost(WAIT).until(() -> loser.election().isActive());
        assertEquals(List.of("elected:2"), loser.listener().events);
        assertEquals(1, latchNodes().size(), "the closed broker's one latch node is gone, none was orphaned");
    }

    @Test
    void startAfterCloseIsRefusedAndLeavesNoLatchNodeSoAnotherBrokerWins() throws Exception {
        Candidate a = candidate(1);
        awaitSingleWinner(List.of(a));
        a.election().close();
        a.election().close(); // a second close does nothing
        assertEquals("Controller election of broker 1 cannot be started after it was closed",
                assertThrows(IllegalStateException.class, () -> a.election().start()).getMessage());
        assertFalse(a.election().isActive());
        // Curator's LeaderLatch deletes its node in the background (guaranteed delete) on close
        await().atMost(WAIT).until(() -> latchNodes().isEmpty());
        assertEquals(List.of("elected:1", "resigned"), a.listener().events);

        Candidate b = candidate(2);
        awaitSingleWinner(List.of(a, b));
        assertTrue(b.election().isActive());
        assertEquals(2, b.election().currentEpoch().orElseThrow().epoch());
        assertEquals(1, latchNodes().size());
    }

    @Test
    void anElectionClosedBeforeItStartedNeverJoins() throws Exception {
        RecordingListener listener = new RecordingListener();
        ControllerElection election = new ControllerElection(fixture.client(chroot), 3, listener);
        toClose.add(election);
        election.close();
        assertThrows(IllegalStateException.class, election::start);
        Candidate b = candidate(2);
        awaitSingleWinner(List.of(b));
        assertEquals(1, latchNodes().size(), "only broker 2 takes part");
        assertTrue(listener.events.isEmpty());
    }

    @Test
    void aSecondStartOfTheTrackerIsRefusedAndItStillFollowsTheController() {
        ControllerTracker tracker = new ControllerTracker(zk);
        toClose.add(tracker);
        tracker.start();
        assertEquals("Controller tracker cannot be started more than once",
                assertThrows(IllegalStateException.class, tracker::start).getMessage());
        Candidate a = candidate(4);
        awaitSingleWinner(List.of(a));
        await().atMost(WAIT).until(() -> tracker.activeControllerId().equals(Optional.of(4)));
        assertEquals(1, tracker.activeController().orElseThrow().epoch());

        tracker.close();
        tracker.close(); // a second close does nothing
        assertEquals("Controller tracker cannot be started after it was closed",
                assertThrows(IllegalStateException.class, tracker::start).getMessage());
    }
}
