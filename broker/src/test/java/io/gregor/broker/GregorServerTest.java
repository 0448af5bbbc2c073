package io.gregor.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.core.checkpoint.MetaProperties;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GregorServerTest {
    private static TestingServer zookeeper;
    private static int chroots;

    @TempDir
    Path logDir;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 250, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zookeeper.close();
    }

    private static synchronized String newChroot() {
        return "/gregor-server-test-" + (++chroots);
    }

    private BrokerConfig config(String chroot) {
        Map<String, String> raw = new HashMap<>();
        raw.put("broker.id", "0");
        raw.put("listeners", "PLAINTEXT://127.0.0.1:0");
        raw.put("log.dirs", logDir.toString());
        raw.put("zookeeper.connect", zookeeper.getConnectString() + chroot);
        raw.put("zookeeper.session.timeout.ms", "4000");
        raw.put("num.io.threads", "2");
        raw.put("num.network.threads", "1");
        return BrokerConfig.fromMap(raw);
    }

    @Test
    void startsRegistersBecomesControllerServesAndRestartsOnTheSameLogDirs() throws Exception {
        String chroot = newChroot();
        GregorServer server = new GregorServer(config(chroot));
        server.startup();
        String clusterId;
        int port = server.boundPort("PLAINTEXT");
        try (GregorZkClient zk = GregorZkClient.connect(zookeeper.getConnectString() + chroot, 4000, 10_000)) {
            BrokerInfo registered = zk.getBroker(0).orElseThrow();
            assertEquals(port, registered.port());
            assertEquals("PLAINTEXT://127.0.0.1:" + port, registered.endpoints().get(0).connectionString());
            clusterId = zk.getClusterId().orElseThrow();
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> server.controllerElection().isActive());
            assertEquals(0, zk.getControllerId().orElseThrow());

            try (KafkaConnection conn = KafkaConnection.connect(new InetSocketAddress("127.0.0.1", port), "t", 5_000)) {
                Struct versions = conn.send(ApiKey.API_VERSIONS, (short) 3, ApiMessages.request(ApiKey.API_VERSIONS)
                        .newStruct().set("ClientSoftwareName", "test").set("ClientSoftwareVersion", "1"));
                List<Short> keys = versions.getStructs("ApiKeys").stream().map(k -> k.getShort("ApiKey")).toList();
                assertTrue(keys.containsAll(List.of(ApiKey.METADATA.id, ApiKey.API_VERSIONS.id,
                        ApiKey.DESCRIBE_CLUSTER.id, ApiKey.UPDATE_METADATA.id)), keys.toString());
                Struct metadata = conn.send(ApiKey.METADATA, (short) 12, ApiMessages.request(ApiKey.METADATA).newStruct());
                assertEquals(clusterId, metadata.getString("ClusterId"));
                Struct broker = metadata.getStructs("Brokers").get(0);
                assertEquals(0, broker.getInt("NodeId"));
                assertEquals(port, broker.getInt("Port"));
            }
        } finally {
            server.shutdown();
        }
        assertEquals(new MetaProperties(0, clusterId), MetaProperties.read(logDir).orElseThrow());

        GregorServer again = new GregorServer(config(chroot));
        again.startup();
        try {
            assertEquals(clusterId, again.clusterId());
            try (KafkaConnection conn = KafkaConnection.connect(
                    new InetSocketAddress("127.0.0.1", again.boundPort("PLAINTEXT")), "t", 5_000)) {
                assertEquals(clusterId, conn.send(ApiKey.METADATA, (short) 9,
                        ApiMessages.request(ApiKey.METADATA).newStruct()).getString("ClusterId"));
            }
        } finally {
            again.shutdown();
        }
    }

    @Test
    void apacheKafkaAdminClientDescribesTheCluster() throws Exception {
        GregorServer server = new GregorServer(config(newChroot()));
        server.startup();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort("PLAINTEXT"));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(props)) {
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get(15, TimeUnit.SECONDS);
            assertEquals(1, nodes.size());
            Node node = nodes.iterator().next();
            assertEquals(0, node.id());
            assertEquals(server.boundPort("PLAINTEXT"), node.port());
            assertEquals(server.clusterId(), cluster.clusterId().get(15, TimeUnit.SECONDS));
        } finally {
            server.shutdown();
        }
    }
}
