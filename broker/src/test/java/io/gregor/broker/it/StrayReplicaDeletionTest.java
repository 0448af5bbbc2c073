package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica reassigned away from a broker while that broker was down leaves no stray log behind:
 * when the broker returns, the controller's full LeaderAndIsr names every partition it hosts, and
 * the broker deletes the log of the moved partition, and nothing else: not its other replicas, nor
 * the log of a topic the cluster does not know (a deliberate difference: Kafka 3.9 in ZooKeeper
 * mode keeps such a log forever).
 */
class StrayReplicaDeletionTest {
    private ThreeBrokers brokers;

    @BeforeEach
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of());
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void aReplicaMovedAwayWhileItsBrokerWasDownIsDeletedWhenTheBrokerReturns() throws Exception {
        int controller = brokers.awaitController();
        List<Integer> others = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
        int away = others.get(0);
        int stays = others.get(1);
        String moved = "moved-while-away";
        String kept = "kept-while-away";
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(moved, Map.of(0, List.of(away, stays))),
                    new NewTopic(kept, Map.of(0, List.of(away, stays, controller))))).all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("full ISRs").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(moved, 0).filter(s -> s.isr().size() == 2).isPresent()
                        && brokers.state(kept, 0).filter(s -> s.isr().size() == 3).isPresent());
        brokers.writeRandomValues(moved, 20, 1_000, 1);
        brokers.writeRandomValues(kept, 20, 1_000, 2);
        Path strayDir = brokers.logDir(away).resolve(moved + "-0");
        Path keptDir = brokers.logDir(away).resolve(kept + "-0");
        assertTrue(Files.isDirectory(strayDir) && Files.isDirectory(keptDir), "both replicas on broker " + away);

        brokers.broker(away).stop();
        Awaitility.await("broker " + away + " gone").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.cluster().registeredBroker(away).isEmpty());
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.alterPartitionReassignments(Map.of(new TopicPartition(moved, 0),
                    Optional.of(new NewPartitionReassignment(List.of(stays, controller))))).all().get(30, TimeUnit.SECONDS);
            Awaitility.await("the move completing without broker " + away).atMost(ThreeBrokers.WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS).isEmpty());
        }
        assertEquals(List.of(stays, controller), brokers.assignment(moved).get(0));
        assertTrue(Files.isDirectory(strayDir), "the stray log is still there while its broker is down");
        Path unknownDir = Files.createDirectory(brokers.logDir(away).resolve("unknown-to-the-cluster-0"));

        brokers.start(away);
        try {
            Awaitility.await("the stray log deleted once broker " + away + " is back").atMost(ThreeBrokers.WAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> !Files.exists(strayDir));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(brokers.diagnose("stray-replica", moved, 1), e);
        }
        assertTrue(Files.isDirectory(keptDir), "the replica broker " + away + " still hosts is kept");
        assertTrue(Files.isDirectory(unknownDir), "the log of a topic the cluster does not know is kept");
        brokers.awaitIdenticalReplicas(kept, 0);
        Awaitility.await("broker " + away + " back in the ISR of " + kept).atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(kept, 0).filter(s -> s.isr().contains(away)).isPresent());
        assertTrue(Files.isDirectory(brokers.logDir(stays).resolve(moved + "-0")), "the moved partition's replicas kept");
        assertTrue(Files.isDirectory(brokers.logDir(controller).resolve(moved + "-0")), "the moved partition's replicas kept");
    }
}
