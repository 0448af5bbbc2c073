package io.gregor.coordination.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.ControllerEpochZNode;
import io.gregor.coordination.zk.ControllerRegistration;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.ZkWrite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gregor-cluster.sh's command against a real ZooKeeper holding a broker, a controller and topics. */
class ClusterCommandTest extends ZooKeeperTestBase {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ClusterCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private KafkaUuid populate() throws Exception {
        zk.getOrCreateClusterId();
        zk.curator().create().forPath(zk.paths().controllerEpoch(), ControllerEpochZNode.encode(3));
        zk.curator().create().forPath(zk.paths().controller(), new ControllerRegistration(7, 1L).toJson());
        KafkaUuid id = KafkaUuid.random();
        zk.topics().createTopic(TopicAssignment.of("orders", id, Map.of(0, List.of(7), 1, List.of(7))), EntityConfig.EMPTY);
        zk.multi(ZkWrite.allOps(zk.topics().createPartitionStateWrites(Map.of(new TopicPartition("orders", 0),
                new PartitionState(7, 4, List.of(7), 3)))));
        return id;
    }

    private BrokerRegistration register() {
        BrokerRegistration r = new BrokerRegistration(zk, BrokerInfo.of(7,
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 9092, "PLAINTEXT")), "rack-a", -1, Map.of(), 1L), e -> { });
        r.start();
        return r;
    }

    @Test
    void treeShowsClusterIdControllerBrokersTopicsAndPartitionStates() throws Exception {
        KafkaUuid id = populate();
        try (BrokerRegistration ignored = register()) {
            Outcome o = run("--zookeeper", fixture.connectString() + chroot);
            assertEquals(0, o.code, o.err);
            String[] lines = o.out.split("\n");
            assertEquals("Cluster " + zk.getClusterId().orElseThrow() + " (ZooKeeper " + fixture.connectString() + chroot + ")", lines[0]);
            assertEquals("├── Controller: broker 7 (epoch 3)", lines[1]);
            assertEquals("├── Brokers (1)", lines[2]);
            assertEquals("│   └── broker 7  PLAINTEXT://127.0.0.1:9092  rack: rack-a", lines[3]);
            assertEquals("└── Topics (1)", lines[4]);
            assertEquals("    └── orders  id: " + id + "  partitions: 2", lines[5]);
            assertEquals("        ├── partition 0  leader: 7  leader epoch: 4  replicas: 7  isr: 7", lines[6]);
            assertEquals("        └── partition 1  leader: none  (no state yet)  replicas: 7  isr: none", lines[7]);
            assertEquals(8, lines.length);
        }
    }

    @Test
    void jsonIsOneDocumentWithTheSameFacts() throws Exception {
        KafkaUuid id = populate();
        try (BrokerRegistration ignored = register()) {
            Outcome o = run("--zookeeper", fixture.connectString() + chroot, "--json");
            assertEquals(0, o.code, o.err);
            JsonNode root = new ObjectMapper().readTree(o.out);
            assertEquals(zk.getClusterId().orElseThrow(), root.get("cluster_id").asText());
            assertEquals(7, root.at("/controller/broker_id").asInt());
            assertEquals(3, root.at("/controller/epoch").asInt());
            assertEquals("PLAINTEXT://127.0.0.1:9092", root.at("/brokers/0/endpoints/0").asText());
            assertEquals("rack-a", root.at("/brokers/0/rack").asText());
            assertEquals(id.toString(), root.at("/topics/0/topic_id").asText());
            assertEquals(4, root.at("/topics/0/partitions/0/leader_epoch").asInt());
            assertEquals("[7]", root.at("/topics/0/partitions/0/isr").toString());
            assertTrue(root.at("/topics/0/partitions/1/leader").isNull());
        }
    }

    @Test
    void anEmptyPathShowsNoClusterRatherThanFailing() {
        Outcome o = run("--zookeeper", fixture.connectString() + chroot, "--json");
        assertEquals(0, o.code, o.err);
        assertTrue(o.out.contains("\"cluster_id\" : null"), o.out);
        assertTrue(o.out.contains("\"brokers\" : [ ]"), o.out);
    }

    @Test
    void badArgumentsPrintUsageAndExitOneAndHelpExitsZero() {
        Outcome missing = run("--json");
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("Missing required argument --zookeeper"), missing.err);
        assertTrue(missing.err.contains("Usage: gregor-cluster.sh"), missing.err);
        Outcome unknown = run("--zookeeper", "127.0.0.1:2181", "--bogus");
        assertEquals(1, unknown.code);
        assertTrue(unknown.err.contains("Unknown argument: --bogus"), unknown.err);
        assertEquals(1, run("--zookeeper").code);
        Outcome help = run("--help");
        assertEquals(0, help.code);
        assertTrue(help.out.startsWith("Usage: gregor-cluster.sh"), help.out);
    }

    @Test
    void anUnreachableZooKeeperIsAnErrorNamingIt() {
        Outcome o = run("--zookeeper", "127.0.0.1:1", "--timeout-ms", "500");
        assertEquals(1, o.code);
        assertTrue(o.err.contains("127.0.0.1:1"), o.err);
    }

    @Test
    void aZkTlsConfigFileWithoutTheNettyClientOrUnreadableIsAUsageError() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("zk-tls-", ".properties");
        try {
            java.nio.file.Files.writeString(file, "zookeeper.ssl.truststore.location=/nowhere.p12\n");
            Outcome noNetty = run("--zookeeper", "127.0.0.1:1", "--zk-tls-config-file", file.toString());
            assertEquals(1, noNetty.code);
            assertTrue(noNetty.err.contains("zookeeper.clientCnxnSocket") && noNetty.err.contains("Usage"), noNetty.err);

            Outcome missing = run("--zookeeper", "127.0.0.1:1", "--zk-tls-config-file", file + ".absent");
            assertEquals(1, missing.code);
            assertTrue(missing.err.contains("Cannot read --zk-tls-config-file"), missing.err);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void aZkTlsConfigFileTurnsTlsOnWithKafkasKeyMappingAndIgnoresOtherKeys() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("zk-tls-", ".properties");
        try {
            java.nio.file.Files.writeString(file, String.join("\n",
                    "zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty",
                    "zookeeper.ssl.truststore.location=/etc/gregor/zk-trust.p12",
                    "zookeeper.ssl.truststore.password=secret",
                    "zookeeper.ssl.endpoint.identification.algorithm=",
                    "broker.id=4", ""));
            Map<String, String> properties = ClusterCommand.tlsProperties(file);

            assertEquals("true", properties.get("zookeeper.client.secure"));
            assertEquals("/etc/gregor/zk-trust.p12", properties.get("zookeeper.ssl.trustStore.location"));
            assertEquals("secret", properties.get("zookeeper.ssl.trustStore.password"));
            assertEquals("false", properties.get("zookeeper.ssl.hostnameVerification"));
            assertEquals("TLSv1.2", properties.get("zookeeper.ssl.protocol"));
            assertTrue(properties.keySet().stream().allMatch(k -> k.startsWith("zookeeper.")), properties.toString());
            assertTrue(!properties.containsKey("broker.id"));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
