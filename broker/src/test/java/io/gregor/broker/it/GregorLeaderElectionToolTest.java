package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.tools.LeaderElectionCommand;
import io.gregor.coordination.zk.PartitionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gregor's own {@code gregor-leader-election.sh} ({@link LeaderElectionCommand}) against three
 * broker JVMs (automatic rebalancing off, unclean election off): a preferred election, for one
 * partition, the partitions of a JSON file or all, gives leadership back to the first replica and
 * says where it was not needed; an unclean election elects a replica outside the ISR when the only
 * in-sync replica is gone, where a preferred one fails. Each test leaves every broker running.
 */
class GregorLeaderElectionToolTest {
    private static ThreeBrokers brokers;

    @BeforeAll
    static void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("unclean.leader.election.enable", "false"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private static ThreeBrokers.ToolRun elect(String... args) {
        return brokers.toolWithBootstrap(LeaderElectionCommand::run, args);
    }

    private static void createTopic(String topic, Map<Integer, List<Integer>> assignment) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, assignment))).all().get(30, TimeUnit.SECONDS);
        }
        for (int p : assignment.keySet()) {
            awaitState(topic, p, s -> s.leader() >= 0 && s.isr().size() == assignment.get(p).size(), "full ISR");
        }
    }

    private static PartitionState awaitState(String topic, int partition, Predicate<PartitionState> condition, String what) {
        Awaitility.await(what + " for " + topic + "-" + partition).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(topic, partition).filter(condition).isPresent());
        return brokers.state(topic, partition).orElseThrow();
    }

    /** The two brokers that are not the controller, so that stopping them does not move the controller. */
    private static List<Integer> nonControllers() {
        int controller = brokers.awaitController();
        return IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
    }

    @Test
    void preferredElectionGivesLeadershipBackToThePreferredReplicaAndSaysWhereItWasNotNeeded() throws Exception {
        List<Integer> others = nonControllers();
        int preferred = others.get(0);
        List<Integer> replicas = List.of(preferred, others.get(1), brokers.awaitController());
        String topic = "tool-preferred";
        createTopic(topic, Map.of(0, replicas, 1, replicas));
        brokers.broker(preferred).kill();
        for (int p = 0; p < 2; p++) {
            awaitState(topic, p, s -> s.leader() != preferred && s.leader() >= 0, "a new leader");
        }
        brokers.start(preferred);
        for (int p = 0; p < 2; p++) {
            PartitionState rejoined = awaitState(topic, p, s -> s.isr().size() == 3, "the preferred replica back in the ISR");
            assertTrue(rejoined.leader() != preferred, "no automatic rebalance: " + rejoined);
        }

        ThreeBrokers.ToolRun one = elect("--election-type", "preferred", "--topic", topic, "--partition", "0");
        assertEquals(0, one.code(), one.err());
        assertEquals("Successfully completed leader election (PREFERRED) for partitions " + topic + "-0\n", one.out());
        assertEquals(preferred, brokers.state(topic, 0).orElseThrow().leader());

        String file = KafkaTools.jsonFile(brokers.cluster().workDir(), "tool-election.json", "{\"partitions\":[{\"topic\":\""
                + topic + "\",\"partition\":0},{\"topic\":\"" + topic + "\",\"partition\":1}]}");
        ThreeBrokers.ToolRun fromFile = elect("--election-type", "PREFERRED", "--path-to-json-file", file);
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals("Successfully completed leader election (PREFERRED) for partitions " + topic + "-1\n"
                + "Valid replica already elected for partitions " + topic + "-0\n", fromFile.out());
        assertEquals(preferred, brokers.state(topic, 1).orElseThrow().leader());

        ThreeBrokers.ToolRun all = elect("--election-type", "preferred", "--all-topic-partitions");
        assertEquals(0, all.code(), all.err());
        // other tests' topics may be elected too: the cluster is shared
        String noop = all.out().lines().filter(l -> l.startsWith("Valid replica already elected for partitions ")).findFirst()
                .orElseThrow(() -> new AssertionError(all.out()));
        assertTrue(noop.contains(topic + "-0, " + topic + "-1"), all.out());
    }

    @Test
    void uncleanElectionElectsAnOutOfSyncReplicaWhenTheInSyncOneIsGone() throws Exception {
        List<Integer> others = nonControllers();
        int leader = others.get(0);
        int lagging = others.get(1);
        String topic = "tool-unclean";
        createTopic(topic, Map.of(0, List.of(leader, lagging)));
        try {
            PartitionState offline = brokers.leaveOnlyAnOutOfSyncReplica(topic, leader, lagging);
            assertEquals(PartitionState.NO_LEADER, offline.leader(), "unclean election is off: " + offline);
            assertEquals(List.of(leader), offline.isr(), "unclean election is off: the partition waits for " + leader);

            ThreeBrokers.ToolRun preferredRun = elect("--election-type", "preferred", "--topic", topic, "--partition", "0");
            assertEquals(1, preferredRun.code(), preferredRun.out());
            assertTrue(preferredRun.out().startsWith("Error completing leader election (PREFERRED) for partition: " + topic
                    + "-0: PREFERRED_LEADER_NOT_AVAILABLE"), preferredRun.out());
            assertEquals("1 replica(s) could not be elected\n", preferredRun.err());

            ThreeBrokers.ToolRun run = elect("--election-type", "unclean", "--topic", topic, "--partition", "0");
            assertEquals(0, run.code(), run.err());
            assertEquals("Successfully completed leader election (UNCLEAN) for partitions " + topic + "-0\n", run.out());
            PartitionState elected = brokers.state(topic, 0).orElseThrow();
            assertEquals(lagging, elected.leader());
            assertEquals(List.of(lagging), elected.isr());
        } finally {
            brokers.start(leader);
        }
    }
}
