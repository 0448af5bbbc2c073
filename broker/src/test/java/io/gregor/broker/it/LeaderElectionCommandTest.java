package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.PartitionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.LeaderElectionCommand;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka 3.9.1's own {@code kafka-leader-election.sh} ({@link LeaderElectionCommand}, run unmodified)
 * against three Gregor broker JVMs (automatic rebalancing off, unclean election off): a preferred
 * election gives leadership back to the first replica, and an unclean election elects a replica
 * outside the ISR when the only in-sync replica is gone.
 */
class LeaderElectionCommandTest {
    private ThreeBrokers brokers;

    @BeforeEach
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("unclean.leader.election.enable", "false"));
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private void createTopic(String topic, List<Integer> replicas) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)))).all().get(30, TimeUnit.SECONDS);
        }
        awaitState(topic, s -> s.isr().size() == replicas.size(), "full ISR");
    }

    private PartitionState awaitState(String topic, java.util.function.Predicate<PartitionState> condition, String what) {
        Awaitility.await(what + " for " + topic).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(topic, 0).filter(condition).isPresent());
        return brokers.state(topic, 0).orElseThrow();
    }

    /** The two brokers that are not the controller, so that stopping them does not move the controller. */
    private List<Integer> nonControllers() {
        int controller = brokers.awaitController();
        return IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
    }

    @Test
    void preferredElectionGivesLeadershipBackToThePreferredReplica() throws Exception {
        List<Integer> others = nonControllers();
        int preferred = others.get(0);
        String topic = "preferred";
        createTopic(topic, List.of(preferred, others.get(1), brokers.awaitController()));
        brokers.broker(preferred).kill();
        awaitState(topic, s -> s.leader() != preferred && s.leader() >= 0, "a new leader");
        brokers.start(preferred);
        PartitionState rejoined = awaitState(topic, s -> s.isr().size() == 3, "the preferred replica back in the ISR");
        assertTrue(rejoined.leader() != preferred, "no automatic rebalance: " + rejoined);

        ThreeBrokers.ToolRun run = KafkaTools.run(LeaderElectionCommand::main, "--bootstrap-server", brokers.bootstrap(),
                "--election-type", "preferred", "--topic", topic, "--partition", "0");
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("Successfully completed leader election (PREFERRED) for partitions " + topic + "-0"),
                run.out());
        assertEquals(preferred, brokers.state(topic, 0).orElseThrow().leader());

        ThreeBrokers.ToolRun again = KafkaTools.run(LeaderElectionCommand::main, "--bootstrap-server", brokers.bootstrap(),
                "--election-type", "preferred", "--all-topic-partitions");
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("Valid replica already elected for partitions"), again.out());
    }

    @Test
    void uncleanElectionElectsAnOutOfSyncReplicaWhenTheInSyncOneIsGone() throws Exception {
        List<Integer> others = nonControllers();
        int leader = others.get(0);
        int lagging = others.get(1);
        String topic = "unclean";
        createTopic(topic, List.of(leader, lagging));
        PartitionState offline = brokers.leaveOnlyAnOutOfSyncReplica(topic, leader, lagging);
        assertEquals(PartitionState.NO_LEADER, offline.leader(), "unclean election is off: " + offline);
        assertEquals(List.of(leader), offline.isr(), "unclean election is off: the partition waits for " + leader);

        ThreeBrokers.ToolRun run = KafkaTools.run(LeaderElectionCommand::main, "--bootstrap-server", brokers.bootstrap(),
                "--election-type", "unclean", "--topic", topic, "--partition", "0");
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("Successfully completed leader election (UNCLEAN) for partitions " + topic + "-0"),
                run.out());
        PartitionState elected = brokers.state(topic, 0).orElseThrow();
        assertEquals(lagging, elected.leader());
        assertEquals(List.of(lagging), elected.isr());
    }
}
