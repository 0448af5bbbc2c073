package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.PartitionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka 3.9.1's own {@code kafka-reassign-partitions.sh} ({@link ReassignPartitionsCommand}, run
 * unmodified) against three Gregor broker JVMs: generate, execute and verify move a partition to a
 * new replica set while an idempotent acks=all producer writes to it, and nothing acknowledged is
 * lost; cancel reverts a move in progress (slowed by a 200 kB/s replication throttle, which only
 * applies to the replicas a topic names in its throttled-replicas configs).
 */
class ReassignPartitionsCommandTest {
    private static ThreeBrokers brokers;

    @BeforeAll
    static void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("leader.replication.throttled.rate", "200000",
                "follower.replication.throttled.rate", "200000"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private static void createTopic(String topic, List<Integer> replicas) throws Exception {
        createTopic(topic, replicas, Map.of());
    }

    private static void createTopic(String topic, List<Integer> replicas, Map<String, String> configs) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)).configs(configs))).all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("leader with full ISR for " + topic).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(topic, 0).filter(s -> s.isr().size() == replicas.size()).isPresent());
    }

    @Test
    void generateExecuteVerifyMovesAPartitionToNewReplicasWithoutLosingAcknowledgedRecords() throws Exception {
        String topic = "moving";
        createTopic(topic, List.of(0, 1));
        String bootstrap = brokers.bootstrap();
        AckedWrites writes = new AckedWrites(bootstrap, topic, 1);
        Awaitility.await("records acknowledged before the move").atMost(ThreeBrokers.WAIT)
                .until(() -> writes.acknowledgedCount() > 2000);

        String topicsFile = KafkaTools.jsonFile(brokers.cluster().workDir(), "topics-to-move.json",
                "{\"topics\":[{\"topic\":\"" + topic + "\"}],\"version\":1}");
        ThreeBrokers.ToolRun generated = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server", bootstrap,
                "--generate", "--topics-to-move-json-file", topicsFile, "--broker-list", "1,2");
        assertEquals(0, generated.code(), generated.out());
        String[] lines = generated.out().strip().split("\n");
        assertTrue(lines[lines.length - 2].startsWith("Proposed partition reassignment configuration"), generated.out());
        String proposed = lines[lines.length - 1];
        String planFile = KafkaTools.jsonFile(brokers.cluster().workDir(), "plan.json", proposed);

        ThreeBrokers.ToolRun executed = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server", bootstrap,
                "--execute", "--reassignment-json-file", planFile);
        assertEquals(0, executed.code(), executed.out());
        assertTrue(executed.out().contains("Successfully started partition reassignment"), executed.out());

        // --preserve-throttles: no throttle was set, and clearing them needs broker-level config changes
        Awaitility.await("verify reports the move complete").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    ThreeBrokers.ToolRun verified = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server",
                            bootstrap, "--verify", "--reassignment-json-file", planFile, "--preserve-throttles");
                    return verified.code() == 0 && verified.out().contains("Reassignment of partition " + topic + "-0 is completed");
                });
        Awaitility.await("records acknowledged after the move").atMost(ThreeBrokers.WAIT)
                .until(() -> writes.acknowledgedCount() > 6000);
        writes.close();

        assertEquals(Set.of(1, 2), new TreeSet<>(brokers.assignment(topic).get(0)));
        PartitionState state = brokers.state(topic, 0).orElseThrow();
        assertTrue(Set.of(1, 2).contains(state.leader()), "leader " + state);
        assertEquals(Set.of(1, 2), new TreeSet<>(state.isr()));
        Awaitility.await("the removed replica's log deleted").atMost(ThreeBrokers.WAIT).ignoreExceptions()
                .until(() -> brokers.segments(0, topic, 0).isEmpty());
        int read = writes.verify(brokers.bootstrap());
        assertTrue(read > 6000, "read " + read);
    }

    @Test
    void cancelRevertsAThrottledMoveInProgressToTheOriginalReplicas() throws Exception {
        int controller = brokers.awaitController();
        List<Integer> others = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
        int source = others.get(0);
        int target = others.get(1);
        String topic = "cancelled";
        createTopic(topic, List.of(source), Map.of("leader.replication.throttled.replicas", "0:" + source,
                "follower.replication.throttled.replicas", "0:" + target));
        brokers.writeRandomValues(topic, 40, 100_000, 3);
        String planFile = KafkaTools.jsonFile(brokers.cluster().workDir(), "cancel-plan.json",
                "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":[" + target + "]}]}");
        String bootstrap = brokers.bootstrap();
        ThreeBrokers.ToolRun executed = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server", bootstrap,
                "--execute", "--reassignment-json-file", planFile);
        assertEquals(0, executed.code(), executed.out());
        ThreeBrokers.ToolRun listed = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server", bootstrap, "--list");
        assertTrue(listed.out().contains(topic + "-0: replicas: ") && listed.out().contains("adding: " + target + "."), listed.out());

        // --preserve-throttles: the throttles are static broker configs here
        ThreeBrokers.ToolRun cancelled = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server", bootstrap,
                "--cancel", "--reassignment-json-file", planFile, "--preserve-throttles");
        assertEquals(0, cancelled.code(), cancelled.out());
        assertTrue(cancelled.out().contains("Successfully cancelled partition reassignment for: " + topic + "-0"), cancelled.out());
        assertEquals(List.of(source), brokers.assignment(topic).get(0));
        PartitionState state = brokers.state(topic, 0).orElseThrow();
        assertEquals(source, state.leader());
        assertEquals(List.of(source), state.isr());
        Awaitility.await("the cancelled replica's log deleted").atMost(ThreeBrokers.WAIT).ignoreExceptions()
                .until(() -> brokers.segments(target, topic, 0).isEmpty());
    }
}
