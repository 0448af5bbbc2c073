package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.ReplicaAssignment;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A topic whose partition is being reassigned is deleted only once the reassignment completes, as
 * in Kafka's ZooKeeper mode: while it runs, the topic stays (in ZooKeeper and on disk), and new
 * reassignments or a cancellation of the topic are refused with UNKNOWN_TOPIC_OR_PARTITION; then
 * the move completes and the deletion follows, also when the controller is killed in between. The
 * move is slowed by a 400 kB/s replication throttle over a 4 MB partition (about 10 s).
 */
class DeletionDuringReassignmentTest {
    private static final long RATE = 400_000;
    private ThreeBrokers brokers;
    private int controller;
    private int source;
    private int target;

    @BeforeEach
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("leader.replication.throttled.rate", Long.toString(RATE),
                "follower.replication.throttled.rate", Long.toString(RATE)));
        controller = brokers.awaitController();
        List<Integer> others = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
        source = others.get(0);
        target = others.get(1);
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void aTopicBeingReassignedIsDeletedOnlyAfterItsReassignmentCompletes() throws Exception {
        String topic = "moving-then-deleted";
        startThrottledMove(topic);
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            requestDeletionAndSeeItWait(admin, topic);
        }
        awaitMoveThenDeletion(topic);
    }

    @Test
    void aDeletionWaitingForAReassignmentSurvivesAControllerFailover() throws Exception {
        String topic = "moving-deleted-failover";
        startThrottledMove(topic);
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            requestDeletionAndSeeItWait(admin, topic);
        }
        int epochBefore = brokers.controllerEpoch();
        brokers.broker(controller).kill();
        Awaitility.await("a new controller").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.controllerEpoch() > epochBefore
                        && brokers.controllerId().filter(id -> id != controller).isPresent());
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            // refused by the new controller: it took up the pending deletion from ZooKeeper ...
            assertRefusedAsUnknown(admin.alterPartitionReassignments(Map.of(new TopicPartition(topic, 0),
                    Optional.empty())).all());
        }
        // ... and still waits for the move, which it resumed
        assertTrue(zkAssignment(topic).filter(ReplicaAssignment::isBeingReassigned).isPresent(),
                "the move outlived its controller and the deletion waits for it");
        awaitMoveThenDeletion(topic);
    }

    /** Creates {@code topic} on {@code source} alone, writes 4 MB, and starts its throttled move to {@code target}. */
    private void startThrottledMove(String topic) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(source))).configs(Map.of(
                    "leader.replication.throttled.replicas", "0:" + source,
                    "follower.replication.throttled.replicas", "0:" + target)))).all().get(30, TimeUnit.SECONDS);
            Awaitility.await("a leader").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> brokers.state(topic, 0).filter(s -> s.leader() == source).isPresent());
            brokers.writeRandomValues(topic, 40, 100_000, 20);
            admin.alterPartitionReassignments(Map.of(new TopicPartition(topic, 0),
                    Optional.of(new NewPartitionReassignment(List.of(target))))).all().get(30, TimeUnit.SECONDS);
        }
        assertTrue(zkAssignment(topic).filter(ReplicaAssignment::isBeingReassigned).isPresent(), "move under way");
    }

    /**
     * Asks for the deletion; the controller queues it (it then refuses a cancellation and a new move
     * of the topic, which proves it has handled the request) but does not delete the moving topic.
     */
    private void requestDeletionAndSeeItWait(Admin admin, String topic) throws Exception {
        ExecutionException timedOut = assertThrows(ExecutionException.class, () -> admin.deleteTopics(List.of(topic),
                new DeleteTopicsOptions().timeoutMs(1000)).all().get(30, TimeUnit.SECONDS));
        assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, timedOut.getCause());
        TopicPartition tp = new TopicPartition(topic, 0);
        Awaitility.await("the controller refusing to cancel the move of a topic queued for deletion")
                .atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptionsMatching(e ->
                        e instanceof AssertionError)
                .untilAsserted(() -> assertRefusedAsUnknown(admin.alterPartitionReassignments(
                        Map.of(tp, Optional.empty())).all()));
        assertRefusedAsUnknown(admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new NewPartitionReassignment(List.of(source, target))))).all());
        ReplicaAssignment moving = zkAssignment(topic).orElseThrow(() -> new AssertionError("topic deleted during its move"));
        assertEquals(List.of(target), moving.addingReplicas(), "still moving: " + moving);
        assertTrue(Files.isDirectory(brokers.logDir(source).resolve(topic + "-0")), "source log kept while moving");
        assertEquals(1, admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS).size());
    }

    private void awaitMoveThenDeletion(String topic) {
        try {
            Awaitility.await("the move completing, then the deletion").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).until(() -> zkAssignment(topic).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(brokers.diagnose("deletion-during-reassignment", topic, 1), e);
        }
        assertFalse((boolean) brokers.<Boolean>withZk(zk -> zk.topics().isMarkedForDeletion(topic)), "deletion request removed");
        Awaitility.await("the replicas' logs deleted").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> IntStream.range(0, ThreeBrokers.BROKERS)
                        .noneMatch(id -> Files.exists(brokers.logDir(id).resolve(topic + "-0"))));
    }

    private Optional<ReplicaAssignment> zkAssignment(String topic) {
        return brokers.withZk(zk -> zk.topics().getTopicAssignment(topic).map(a -> a.partitions().get(0)));
    }

    private static void assertRefusedAsUnknown(org.apache.kafka.common.KafkaFuture<Void> result) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
        assertInstanceOf(UnknownTopicOrPartitionException.class, e.getCause(), e.toString());
    }
}
