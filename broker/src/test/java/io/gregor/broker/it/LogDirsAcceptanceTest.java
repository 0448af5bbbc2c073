package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.tools.LogDirsCommand;
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
 * broker's directories and the replicas in each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogDirsAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThreeBrokers brokers;

    @BeforeAll
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(2, Map.of());
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
