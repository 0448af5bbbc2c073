package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.LogDirNotFoundException;
import org.apache.kafka.tools.LogDirsCommand;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several log directories per broker (JBOD) against three Gregor brokers with two {@code log.dirs}
 * each: new partitions go to the directory holding the fewest, Kafka 3.9.1's own LogDirsCommand
 * (kafka-log-dirs.sh, run unmodified in this JVM) and Gregor's gregor-log-dirs.sh print every
 * broker's directories and the replicas in each; a directory removed under a running broker goes
 * offline, leadership of its partitions moves to the other brokers and the broker keeps serving its
 * other directory, and a broker that lost every directory halts; AlterReplicaLogDirs moves a
 * replica to the broker's other directory with its data byte for byte, also when Kafka's
 * ReassignPartitionsCommand asks for it with {@code log_dirs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogDirsAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThreeBrokers brokers;

    @BeforeAll
    void startCluster() throws Exception {
        // checkpoints every second: a removed log dir is found out within a second, as Kafka finds it
        brokers = ThreeBrokers.start(2, Map.of("log.flush.offset.checkpoint.interval.ms", "1000"));
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    @Order(1)
    void newPartitionsArePlacedOnTheLeastLoadedDirAndKafkasLogDirsCommandPrintsThem() throws Exception {
        brokers.createTopic("spread", 4, Map.of());
        brokers.writeRandomValues("spread", 50, 100, 1);

        ThreeBrokers.ToolRun run = KafkaTools.run(LogDirsCommand::main, "--bootstrap-server", brokers.bootstrap(),
                "--describe");
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().trim().split("\n");
        assertEquals("Querying brokers for log directories information", lines[0]);
        assertEquals("Received log directory information from brokers 0,1,2", lines[1]);
        Map<Integer, Map<Path, Set<String>>> placed = placement(lines[2]);
        for (int id = 0; id < ThreeBrokers.BROKERS; id++) {
            Map<Path, Set<String>> dirs = placed.get(id);
            assertEquals(Set.copyOf(absolute(brokers.logDirs(id))), dirs.keySet(), "broker " + id + "'s dirs");
            Set<String> all = new TreeSet<>();
            for (Set<String> partitions : dirs.values()) {
                assertEquals(2, partitions.size(), "broker " + id + " places 2 of 4 partitions in each dir: " + dirs);
                all.addAll(partitions);
            }
            assertEquals(Set.of("spread-0", "spread-1", "spread-2", "spread-3"), all, "broker " + id);
        }
        JsonNode partition0 = partitionNode(lines[2], 0, "spread-0");
        assertTrue(partition0.get("size").asLong() > 50 * 100, "spread-0 holds the 50 records: " + partition0);
        assertEquals(0, partition0.get("offsetLag").asLong());
        assertEquals(false, partition0.get("isFuture").asBoolean());
    }

    @Test
    @Order(2)
    void gregorLogDirsPrintsWhatKafkasToolPrintsForTheBrokersAndTopicsAsked() throws Exception {
        brokers.createTopic("other", 1, Map.of());
        String[] args = {"--bootstrap-server", brokers.bootstrap(), "--describe", "--broker-list", "0,2",
                "--topic-list", "spread"};
        ThreeBrokers.ToolRun kafka = KafkaTools.run(LogDirsCommand::main, args);
        ThreeBrokers.ToolRun gregor = ThreeBrokers.tool(io.gregor.clients.tools.LogDirsCommand::run, args);
        assertEquals(0, gregor.code(), gregor.err());
        String[] kafkaLines = kafka.out().trim().split("\n");
        String[] gregorLines = gregor.out().trim().split("\n");
        assertEquals(kafkaLines[0], gregorLines[0]);
        assertEquals("Received log directory information from brokers 0,2", gregorLines[1]);
        assertEquals(kafkaLines[1], gregorLines[1]);
        assertEquals(placement(kafkaLines[2]), placement(gregorLines[2]));
        assertEquals(Set.of(0, 2), placement(gregorLines[2]).keySet());
        assertTrue(!gregorLines[2].contains("other-0"), "only the topics asked for: " + gregorLines[2]);

        ThreeBrokers.ToolRun missing = ThreeBrokers.tool(io.gregor.clients.tools.LogDirsCommand::run,
                "--bootstrap-server", brokers.bootstrap(), "--describe", "--broker-list", "0,7");
        assertEquals(1, missing.code());
        assertEquals("ERROR: The given brokers do not exist from --broker-list: 7. Current existent brokers: 0,1,2",
                missing.err().trim());
        ThreeBrokers.ToolRun noDescribe = ThreeBrokers.tool(io.gregor.clients.tools.LogDirsCommand::run,
                "--bootstrap-server", brokers.bootstrap());
        assertEquals(1, noDescribe.code());
        assertTrue(noDescribe.err().contains("describe"), noDescribe.err());
    }

    @Test
    @Order(3)
    void aRemovedLogDirGoesOfflineItsLeadershipMovesAwayAndTheBrokerKeepsServingItsOtherDir() throws Exception {
        String topic = "fragile";
        Map<Integer, List<Integer>> allLedByBroker0 = new TreeMap<>();
        for (int p = 0; p < 4; p++) {
            allLedByBroker0.put(p, List.of(0, 1, 2));
        }
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, allLedByBroker0))).all().get(30, TimeUnit.SECONDS);
        }
        brokers.awaitLeaders(topic, 4);
        for (int p = 0; p < 4; p++) {
            produce(topic, p, "before-" + p);
        }
        Path failing = brokers.logDirs(0).get(1);
        Set<Integer> onFailing = new TreeSet<>();
        Set<Integer> onHealthy = new TreeSet<>();
        for (int p = 0; p < 4; p++) {
            (Files.isDirectory(failing.resolve(topic + "-" + p)) ? onFailing : onHealthy).add(p);
        }
        assertTrue(!onFailing.isEmpty() && !onHealthy.isEmpty(), "broker 0 holds partitions in both dirs: " + onFailing);

        deleteUnderTheRunningBroker(failing);

        Awaitility.await("broker 0 reports " + failing + " offline").atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> dirError(0, failing) != null);
        assertEquals(KafkaStorageException.class, dirError(0, failing).getClass());
        for (int p : onFailing) {
            int partition = p;
            Awaitility.await("leadership of " + topic + "-" + p + " moves away from broker 0").atMost(ThreeBrokers.WAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> brokers.state(topic, partition)
                            .filter(s -> s.leader() != 0 && s.leader() >= 0 && !s.isr().contains(0)).isPresent());
        }
        for (int p : onHealthy) {
            assertEquals(0, brokers.state(topic, p).orElseThrow().leader(), "broker 0 still leads " + topic + "-" + p);
        }
        for (int p = 0; p < 4; p++) {
            produce(topic, p, "after-" + p);
        }
        List<ConsumerRecord<String, String>> read = ApacheClients.readAll(brokers.bootstrap(), topic, 4, 8);
        Set<String> values = new TreeSet<>();
        read.forEach(r -> values.add(r.value()));
        for (int p = 0; p < 4; p++) {
            assertTrue(values.contains("before-" + p) && values.contains("after-" + p), "partition " + p + ": " + values);
        }

        ThreeBrokers.ToolRun gregor = ThreeBrokers.tool(io.gregor.clients.tools.LogDirsCommand::run,
                "--bootstrap-server", brokers.bootstrap(), "--describe", "--broker-list", "0");
        assertEquals(0, gregor.code(), gregor.err());
        JsonNode dirs = JSON.readTree(gregor.out().trim().split("\n")[2]).get("brokers").get(0).get("logDirs");
        for (JsonNode dir : dirs) {
            boolean offline = Path.of(dir.get("logDir").asText()).equals(failing.toAbsolutePath());
            assertEquals(offline ? "org.apache.kafka.common.errors.KafkaStorageException" : null,
                    dir.get("error").isNull() ? null : dir.get("error").asText(), dir.toString());
        }
    }

    @Test
    @Order(4)
    void alterReplicaLogDirsMovesAReplicaToTheOtherDirWithItsDataByteForByteAndItKeepsReplicating() throws Exception {
        String topic = "mover";
        brokers.createTopic(topic, 1, Map.of("segment.bytes", "4096"));
        writeOneBatchEach(topic, 0, 100); // one batch per record: several 4 KiB segments
        brokers.awaitIdenticalReplicas(topic, 0);
        int broker = 2;
        Path from = brokers.logDirs(broker).stream().filter(d -> Files.isDirectory(d.resolve(topic + "-0")))
                .findFirst().orElseThrow();
        Path to = brokers.logDirs(broker).stream().filter(d -> !d.equals(from)).findFirst().orElseThrow();
        Map<String, byte[]> before = brokers.segments(broker, topic, 0);
        assertTrue(before.size() > 1, "several segments: " + before.keySet());

        TopicPartitionReplica replica = new TopicPartitionReplica(topic, 0, broker);
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.alterReplicaLogDirs(Map.of(replica, to.toAbsolutePath().toString())).all().get(30, TimeUnit.SECONDS);
            Awaitility.await(topic + "-0 in " + to).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> to.toAbsolutePath().toString().equals(admin.describeReplicaLogDirs(List.of(replica))
                            .all().get(30, TimeUnit.SECONDS).get(replica).getCurrentReplicaLogDir()));
            ExecutionException unknownDir = assertThrows(ExecutionException.class, () -> admin.alterReplicaLogDirs(
                    Map.of(replica, "/no/such/dir")).all().get(30, TimeUnit.SECONDS));
            assertEquals(LogDirNotFoundException.class, unknownDir.getCause().getClass());
        }
        assertTrue(!Files.exists(from.resolve(topic + "-0")), "the old replica is set aside for deletion");
        Map<String, byte[]> after = brokers.segments(broker, topic, 0);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, after.get(name)), name + " identical"));

        writeOneBatchEach(topic, 100, 50);
        brokers.awaitIdenticalReplicas(topic, 0);
        assertEquals(150, ApacheClients.readAll(brokers.bootstrap(), topic, 1, 150).size());

        brokers.broker(broker).stop();
        brokers.start(broker);
        brokers.awaitLeaders(topic, 1);
        assertTrue(Files.isDirectory(to.resolve(topic + "-0")) && !Files.exists(from.resolve(topic + "-0")),
                "the replica stays in " + to + " after a restart");
        try (var left = Files.list(from)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(topic + "-0")),
                    "nothing of the old replica is left in " + from);
        }
        brokers.awaitIdenticalReplicas(topic, 0);
    }

    @Test
    @Order(5)
    void aReplicaMovesToItsOtherDirWhileAProducerWritesToItAndNothingIsLost() throws Exception {
        String topic = "busy";
        brokers.createTopic(topic, 1, Map.of("segment.bytes", "65536"));
        int leader = brokers.state(topic, 0).orElseThrow().leader();
        int broker = leader == 0 ? 2 : leader; // broker 0 lost a dir above; move the leader's replica if it can
        Path from = brokers.logDirs(broker).stream().filter(d -> Files.isDirectory(d.resolve(topic + "-0")))
                .findFirst().orElseThrow();
        Path to = brokers.logDirs(broker).stream().filter(d -> !d.equals(from)).findFirst().orElseThrow();
        TopicPartitionReplica replica = new TopicPartitionReplica(topic, 0, broker);
        try (AckedWrites writes = new AckedWrites(brokers.bootstrap(), topic, 1);
             Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            Awaitility.await("records acknowledged before the move").atMost(ThreeBrokers.WAIT)
                    .until(() -> writes.acknowledgedCount() > 2000);
            admin.alterReplicaLogDirs(Map.of(replica, to.toAbsolutePath().toString())).all().get(30, TimeUnit.SECONDS);
            Awaitility.await(topic + "-0 of broker " + broker + " in " + to).atMost(ThreeBrokers.WAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        var info = admin.describeReplicaLogDirs(List.of(replica)).all().get(30, TimeUnit.SECONDS).get(replica);
                        return to.toAbsolutePath().toString().equals(info.getCurrentReplicaLogDir())
                                && info.getFutureReplicaLogDir() == null;
                    });
            int atMove = writes.acknowledgedCount();
            Awaitility.await("records acknowledged after the move").atMost(ThreeBrokers.WAIT)
                    .until(() -> writes.acknowledgedCount() > atMove + 2000);
            writes.close();
            int read = writes.verify(brokers.bootstrap());
            assertTrue(read > atMove + 2000, "read " + read);
        }
        assertTrue(!Files.exists(from.resolve(topic + "-0")));
        brokers.awaitIdenticalReplicas(topic, 0);
    }

    @Test
    @Order(6)
    void kafkasReassignPartitionsCommandMovesAReplicaToAnotherLogDirAndVerifiesIt() throws Exception {
        String topic = "spread";
        int broker = 2; // broker 0 lost a dir above
        Path from = brokers.logDirs(broker).stream().filter(d -> Files.isDirectory(d.resolve(topic + "-0")))
                .findFirst().orElseThrow();
        Path to = brokers.logDirs(broker).stream().filter(d -> !d.equals(from)).findFirst().orElseThrow();
        List<Integer> replicas = brokers.assignment(topic).get(0);
        List<String> logDirs = replicas.stream().map(r -> r == broker ? "\"" + to.toAbsolutePath() + "\"" : "\"any\"")
                .toList();
        String plan = KafkaTools.jsonFile(brokers.cluster().workDir(), "log-dir-plan.json",
                "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":" + replicas
                        + ",\"log_dirs\":[" + String.join(",", logDirs) + "]}]}");
        ThreeBrokers.ToolRun executed = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server",
                brokers.bootstrap(), "--execute", "--reassignment-json-file", plan);
        assertEquals(0, executed.code(), executed.out() + executed.err());
        Awaitility.await("verify reports the replica moved").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    ThreeBrokers.ToolRun verified = KafkaTools.run(ReassignPartitionsCommand::main, "--bootstrap-server",
                            brokers.bootstrap(), "--verify", "--reassignment-json-file", plan, "--preserve-throttles");
                    return verified.code() == 0 && verified.out().contains("Reassignment of replica " + topic + "-0-"
                            + broker + " completed successfully");
                });
        assertTrue(Files.isDirectory(to.resolve(topic + "-0")) && !Files.exists(from.resolve(topic + "-0")));
        brokers.awaitIdenticalReplicas(topic, 0);
    }

    @Test
    @Order(7)
    void gregorsReassignPartitionsPlacesANewReplicaAndMovesAnotherInTheLogDirsItsPlanNames() throws Exception {
        int broker = 2;
        String topic = "placed";
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(0))))).all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("a leader for " + topic).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(topic, 0).filter(s -> s.leader() == 0).isPresent());
        writeOneBatchEach(topic, 0, 20);
        Path newReplicaDir = brokers.logDirs(broker).get(1).toAbsolutePath();
        Path spreadFrom = brokers.logDirs(broker).stream().filter(d -> Files.isDirectory(d.resolve("spread-1")))
                .findFirst().orElseThrow();
        Path spreadTo = brokers.logDirs(broker).stream().filter(d -> !d.equals(spreadFrom)).findFirst().orElseThrow()
                .toAbsolutePath();
        List<Integer> spreadReplicas = brokers.assignment("spread").get(1);
        String spreadDirs = String.join(",", spreadReplicas.stream()
                .map(r -> r == broker ? "\"" + spreadTo + "\"" : "\"any\"").toList());
        String plan = KafkaTools.jsonFile(brokers.cluster().workDir(), "gregor-log-dir-plan.json",
                "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":[0," + broker
                        + "],\"log_dirs\":[\"any\",\"" + newReplicaDir + "\"]},{\"topic\":\"spread\",\"partition\":1,"
                        + "\"replicas\":" + spreadReplicas + ",\"log_dirs\":[" + spreadDirs + "]}]}");

        ThreeBrokers.ToolRun executed = ThreeBrokers.tool(io.gregor.coordination.tools.ReassignPartitionsCommand::run,
                "--bootstrap-server", brokers.bootstrap(), "--execute", "--reassignment-json-file", plan,
                "--replica-alter-log-dirs-throttle", "50000000");
        assertEquals(0, executed.code(), executed.out() + executed.err());
        assertTrue(executed.out().contains("The replica-alter-dir throttle limit was set to 50000000 B/s"), executed.out());
        assertTrue(executed.out().contains("Successfully started moving log directory to " + newReplicaDir + " for replica "
                + topic + "-0 with broker " + broker), executed.out());
        assertTrue(executed.out().contains("Successfully started moving log directory to " + spreadTo
                + " for replica spread-1 with broker " + broker), executed.out());
        Awaitility.await("verify reports both replicas in their dirs").atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    ThreeBrokers.ToolRun verified = ThreeBrokers.tool(io.gregor.coordination.tools.ReassignPartitionsCommand::run,
                            "--bootstrap-server", brokers.bootstrap(), "--verify", "--reassignment-json-file", plan);
                    return verified.code() == 0 && verified.out().contains("Reassignment of partition " + topic + "-0 is completed.")
                            && verified.out().contains("Reassignment of replica " + topic + "-0-" + broker + " completed successfully.")
                            && verified.out().contains("Reassignment of replica spread-1-" + broker + " completed successfully.")
                            && verified.out().contains("Clearing broker-level throttles");
                });
        assertTrue(Files.isDirectory(newReplicaDir.resolve(topic + "-0")), "the new replica was created in the dir named");
        assertTrue(Files.isDirectory(spreadTo.resolve("spread-1")) && !Files.exists(spreadFrom.resolve("spread-1")));
    }

    @Test
    @Order(8)
    void aBrokerWhoseEveryLogDirFailedHaltsAndItsPartitionsAreLedElsewhere() throws Exception {
        int broker = 1;
        for (Path dir : brokers.logDirs(broker)) {
            deleteUnderTheRunningBroker(dir);
        }
        Awaitility.await("broker " + broker + " halts").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> !brokers.broker(broker).isAlive());
        assertEquals(1, brokers.broker(broker).exitCode(), "halted as Kafka's broker does");
        Awaitility.await("no partition led by broker " + broker).atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> java.util.stream.IntStream.range(0, 4)
                        .allMatch(p -> brokers.state("spread", p).filter(s -> s.leader() != broker && s.leader() >= 0)
                                .isPresent()));
    }

    private void writeOneBatchEach(String topic, int first, int count) throws Exception {
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(),
                Map.of("acks", "all", "linger.ms", "0"))) {
            for (int i = first; i < first + count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "value-" + i + "-" + "x".repeat(100)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void produce(String topic, int partition, String value) throws Exception {
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(), Map.of("acks", "all"))) {
            producer.send(new ProducerRecord<>(topic, partition, "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The error Kafka's admin client reports for broker {@code id}'s log dir {@code dir}, or null. */
    private Throwable dirError(int id, Path dir) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(id)).allDescriptions()
                    .get(30, TimeUnit.SECONDS).get(id);
            return dirs.get(dir.toAbsolutePath().toString()).error();
        }
    }

    /**
     * Deletes a log dir of a running broker, which may write a file into it meanwhile (a
     * checkpoint) or delete one: deletes again until the dir is gone.
     */
    private static void deleteUnderTheRunningBroker(Path dir) {
        Awaitility.await("log dir " + dir + " deleted").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    try {
                        deleteRecursively(dir);
                    } catch (IOException | java.io.UncheckedIOException e) {
                        return false;
                    }
                    return !Files.exists(dir);
                });
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<Path> absolute(List<Path> dirs) {
        return dirs.stream().map(Path::toAbsolutePath).toList();
    }

    /** Broker id -> log dir -> the partitions in it, from the tools' JSON line. */
    static Map<Integer, Map<Path, Set<String>>> placement(String json) throws Exception {
        JsonNode root = JSON.readTree(json);
        assertEquals(1, root.get("version").asInt());
        Map<Integer, Map<Path, Set<String>>> out = new TreeMap<>();
        for (JsonNode broker : root.get("brokers")) {
            Map<Path, Set<String>> dirs = new HashMap<>();
            for (JsonNode dir : broker.get("logDirs")) {
                assertTrue(dir.get("error").isNull(), "no error: " + dir);
                Set<String> partitions = new TreeSet<>();
                dir.get("partitions").forEach(p -> partitions.add(p.get("partition").asText()));
                dirs.put(Path.of(dir.get("logDir").asText()), partitions);
            }
            out.put(broker.get("broker").asInt(), dirs);
        }
        return out;
    }

    private static JsonNode partitionNode(String json, int brokerId, String partition) throws Exception {
        for (JsonNode broker : JSON.readTree(json).get("brokers")) {
            if (broker.get("broker").asInt() != brokerId) {
                continue;
            }
            for (JsonNode dir : broker.get("logDirs")) {
                for (JsonNode p : dir.get("partitions")) {
                    if (p.get("partition").asText().equals(partition)) {
                        return p;
                    }
                }
            }
        }
        throw new AssertionError(partition + " not on broker " + brokerId + ": " + json);
    }
}
