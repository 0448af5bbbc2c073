package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gregor.clients.admin.AlterConfigOp;
import io.gregor.clients.admin.ConfigResource;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.network.GregorApiException;
import io.gregor.coordination.tools.ReassignPartitionsCommand;
import io.gregor.coordination.zk.PartitionState;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource.Type;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gregor's own {@code gregor-reassign-partitions.sh} ({@link ReassignPartitionsCommand}) against
 * three broker JVMs whose replication throttle is 200 kB/s (it only slows the replicas a topic
 * names in its throttled-replicas configs): generate, execute and verify move a partition while
 * an acks=all producer writes to it and nothing acknowledged is lost; a throttled move in progress
 * is listed and cancelled, which restores the original replicas; {@code --throttle} sets Kafka's
 * topic and broker throttles and {@code --verify} removes them once the move is done.
 */
class GregorReassignPartitionsToolTest {
    private static final long STATIC_RATE = 200_000;
    private static ThreeBrokers brokers;

    @BeforeAll
    static void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("leader.replication.throttled.rate", Long.toString(STATIC_RATE),
                "follower.replication.throttled.rate", Long.toString(STATIC_RATE)));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private static ThreeBrokers.ToolRun reassign(String... args) {
        return brokers.toolWithBootstrap(ReassignPartitionsCommand::run, args);
    }

    private static void createTopic(String topic, List<Integer> replicas, Map<String, String> configs) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)).configs(configs))).all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("leader with full ISR for " + topic).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(topic, 0).filter(s -> s.leader() >= 0 && s.isr().size() == replicas.size()).isPresent());
    }

    /** Writes {@code records} random 100 kB values with acks=all; returns the leader's log bytes afterwards. */
    private static byte[] fill(String topic, int leader, int records) {
        brokers.writeRandomValues(topic, records, 100_000, records);
        return brokers.logBytes(leader, topic, 0);
    }

    private static String plan(String name, String topic, List<Integer> replicas) {
        return KafkaTools.jsonFile(brokers.cluster().workDir(), name, "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic
                + "\",\"partition\":0,\"replicas\":" + replicas + "}]}");
    }

    /** The two brokers that are not the controller, so that the moves never involve the controller's JVM. */
    private static List<Integer> nonControllers() {
        int controller = brokers.awaitController();
        return IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
    }

    @Test
    void generateExecuteVerifyMovesAPartitionWhileAProducerWritesAndLosesNothing() throws Exception {
        String topic = "tool-moving";
        createTopic(topic, List.of(0, 1), Map.of());
        AckedWrites writes = new AckedWrites(brokers.bootstrap(), topic, 1);
        Awaitility.await("records acknowledged before the move").atMost(ThreeBrokers.WAIT)
                .until(() -> writes.acknowledgedCount() > 2000);

        String topicsFile = KafkaTools.jsonFile(brokers.cluster().workDir(), "tool-topics.json",
                "{\"topics\":[{\"topic\":\"" + topic + "\"}],\"version\":1}");
        ThreeBrokers.ToolRun generated = reassign("--generate", "--topics-to-move-json-file", topicsFile, "--broker-list", "1,2");
        assertEquals(0, generated.code(), generated.err());
        String[] lines = generated.out().strip().split("\n");
        assertEquals("Current partition replica assignment", lines[0], generated.out());
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":[0,1],"
                + "\"log_dirs\":[\"any\",\"any\"]}]}", lines[1]);
        assertEquals("Proposed partition reassignment configuration", lines[lines.length - 2], generated.out());
        String proposed = lines[lines.length - 1];
        assertTrue(proposed.matches("\\{\"version\":1,\"partitions\":\\[\\{\"topic\":\"" + topic
                + "\",\"partition\":0,\"replicas\":\\[(1,2|2,1)],\"log_dirs\":\\[\"any\",\"any\"]}]}"), proposed);
        String planFile = KafkaTools.jsonFile(brokers.cluster().workDir(), "tool-plan.json", proposed);

        ThreeBrokers.ToolRun executed = reassign("--execute", "--reassignment-json-file", planFile);
        assertEquals(0, executed.code(), executed.err());
        assertTrue(executed.out().contains("Save this to use as the --reassignment-json-file option during rollback"), executed.out());
        assertTrue(executed.out().contains("Successfully started partition reassignment for " + topic + "-0"), executed.out());

        Awaitility.await("verify reports the move complete").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    ThreeBrokers.ToolRun verified = reassign("--verify", "--reassignment-json-file", planFile, "--preserve-throttles");
                    return verified.code() == 0 && verified.out().equals("Status of partition reassignment:\n"
                            + "Reassignment of partition " + topic + "-0 is completed.\n");
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
        assertEquals("No partition reassignments found.\n", reassign("--list").out());
    }

    @Test
    void cancellingAThrottledMoveInProgressRestoresTheOriginalReplicas() throws Exception {
        List<Integer> others = nonControllers();
        int source = others.get(0);
        int target = others.get(1);
        String topic = "tool-cancelled";
        createTopic(topic, List.of(source), Map.of("leader.replication.throttled.replicas", "0:" + source,
                "follower.replication.throttled.replicas", "0:" + target));
        byte[] acknowledged = fill(topic, source, 40);
        String planFile = plan("tool-cancel-plan.json", topic, List.of(target));

        ThreeBrokers.ToolRun executed = reassign("--execute", "--reassignment-json-file", planFile);
        assertEquals(0, executed.code(), executed.err());
        ThreeBrokers.ToolRun listed = reassign("--list");
        assertEquals(0, listed.code(), listed.err());
        assertTrue(listed.out().startsWith("Current partition reassignments:\n" + topic + "-0: replicas: "), listed.out());
        assertTrue(listed.out().contains(" adding: " + target + ". removing: " + source + "."), listed.out());
        ThreeBrokers.ToolRun again = reassign("--execute", "--reassignment-json-file", planFile);
        assertEquals(1, again.code(), again.out());
        assertTrue(again.err().startsWith("Cannot execute because there is an existing partition assignment."), again.err());

        ThreeBrokers.ToolRun cancelled = reassign("--cancel", "--reassignment-json-file", planFile, "--preserve-throttles");
        assertEquals(0, cancelled.code(), cancelled.err());
        assertTrue(cancelled.out().startsWith("Successfully cancelled partition reassignment for: " + topic + "-0\n"),
                cancelled.out());

        assertEquals(List.of(source), brokers.assignment(topic).get(0));
        assertEquals("No partition reassignments found.\n", reassign("--list").out());
        ThreeBrokers.ToolRun verified = reassign("--verify", "--reassignment-json-file", planFile, "--preserve-throttles");
        assertTrue(verified.out().contains("There is no active reassignment of partition " + topic + "-0, but replica set is "
                + source + " rather than " + target + "."), verified.out());
        PartitionState state = brokers.state(topic, 0).orElseThrow();
        assertEquals(source, state.leader());
        assertEquals(List.of(source), state.isr());
        Awaitility.await("the cancelled replica's log deleted").atMost(ThreeBrokers.WAIT).ignoreExceptions()
                .until(() -> brokers.segments(target, topic, 0).isEmpty());
        assertTrue(java.util.Arrays.equals(acknowledged, brokers.logBytes(source, topic, 0)), "the original replica kept its log");
        ThreeBrokers.ToolRun nothing = reassign("--cancel", "--reassignment-json-file", planFile, "--preserve-throttles");
        assertTrue(nothing.out().startsWith("None of the specified partition reassignments are active."), nothing.out());
    }

    /** True when the brokers accept IncrementalAlterConfigs of a broker's configs (dynamic broker configs). */
    private static boolean brokersAcceptDynamicBrokerConfigs() {
        try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", brokers.bootstrap()))) {
            admin.alterConfigs(ConfigResource.broker(0), List.of(AlterConfigOp.set("leader.replication.throttled.rate", "1000000")), true);
            return true;
        } catch (GregorApiException e) {
            return false;
        }
    }

    private static Map<String, String> configs(Admin admin, Type type, String name, Collection<String> keys) throws Exception {
        org.apache.kafka.common.config.ConfigResource resource = new org.apache.kafka.common.config.ConfigResource(type, name);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        Map<String, String> out = new java.util.TreeMap<>();
        keys.forEach(k -> {
            var entry = config.get(k);
            if (entry != null && entry.source() != org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DEFAULT_CONFIG
                    && entry.source() != org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG) {
                out.put(k, entry.value());
            }
        });
        return out;
    }

    @Test
    void throttleOptionSetsKafkasThrottlesAndVerifyRemovesThemOnceTheMoveIsDone() throws Exception {
        assumeTrue(brokersAcceptDynamicBrokerConfigs(), "dynamic broker configs (IncrementalAlterConfigs of a broker) are not"
                + " in this build: the broker refuses --throttle's broker rates");
        List<Integer> others = nonControllers();
        int source = others.get(0);
        int target = others.get(1);
        String topic = "tool-throttled";
        createTopic(topic, List.of(source), Map.of());
        fill(topic, source, 10);
        String planFile = plan("tool-throttle-plan.json", topic, List.of(source, target));

        ThreeBrokers.ToolRun executed = reassign("--execute", "--reassignment-json-file", planFile, "--throttle", "1000000");
        assertEquals(0, executed.code(), executed.err());
        assertTrue(executed.out().contains("Warning: You must run --verify periodically, until the reassignment completes,"
                + " to ensure the throttle is removed."), executed.out());
        assertTrue(executed.out().contains("The inter-broker throttle limit was set to 1000000 B/s"), executed.out());
        List<String> topicKeys = List.of("leader.replication.throttled.replicas", "follower.replication.throttled.replicas");
        List<String> brokerKeys = List.of("leader.replication.throttled.rate", "follower.replication.throttled.rate");
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            assertEquals(Map.of(topicKeys.get(0), "0:" + source, topicKeys.get(1), "0:" + target),
                    configs(admin, Type.TOPIC, topic, topicKeys));
            for (int broker : List.of(source, target)) {
                assertEquals(Map.of(brokerKeys.get(0), "1000000", brokerKeys.get(1), "1000000"),
                        configs(admin, Type.BROKER, Integer.toString(broker), brokerKeys));
            }

            Awaitility.await("verify reports the move complete").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> reassign("--verify", "--reassignment-json-file", planFile).out()
                            .contains("Reassignment of partition " + topic + "-0 is completed."));
            ThreeBrokers.ToolRun cleared = reassign("--verify", "--reassignment-json-file", planFile);
            assertTrue(cleared.out().contains("Clearing broker-level throttles on brokers 0,1,2\n"
                    + "Clearing topic-level throttles on topic " + topic + "\n"), cleared.out());
            assertTrue(configs(admin, Type.TOPIC, topic, topicKeys).isEmpty());
            for (int broker = 0; broker < ThreeBrokers.BROKERS; broker++) {
                assertTrue(configs(admin, Type.BROKER, Integer.toString(broker), brokerKeys).isEmpty(), "broker " + broker);
            }
        }
        assertEquals(List.of(source, target), brokers.assignment(topic).get(0));
        assertFalse(brokers.logBytes(target, topic, 0).length == 0);
    }
}
