package io.gregor.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.it.GregorCluster;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Brokers;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers.Endpoints;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.TopicStates;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.clients.protocol.schemas.UpdateMetadataResponse;
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
        zookeeper = GregorCluster.startLoopbackZooKeeper();
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
        raw.put("controlled.shutdown.retry.backoff.ms", "200");
        raw.put("zookeeper.session.timeout.ms", "4000");
        raw.put("num.io.threads", "2");
        raw.put("num.network.threads", "1");
        return BrokerConfig.fromMap(raw);
    }

    @Test
    void aSecondStartupIsRefusedAndTheBrokerKeepsItsRegistrationAndControllership() throws Exception {
        String chroot = newChroot();
        GregorServer server = new GregorServer(config(chroot));
        server.startup();
        try (GregorZkClient zk = GregorZkClient.connect(zookeeper.getConnectString() + chroot, 4000, 10_000)) {
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> server.controllerElection().isActive());
            int port = server.boundPort("PLAINTEXT");
            long czxid = zk.curator().checkExists().forPath(zk.paths().brokerId(0)).getCzxid();
            assertEquals("Broker 0 cannot be started more than once",
                    assertThrows(IllegalStateException.class, server::startup).getMessage());
            assertEquals(port, server.boundPort("PLAINTEXT"));
            assertEquals(czxid, zk.curator().checkExists().forPath(zk.paths().brokerId(0)).getCzxid(),
                    "the same registration");
            assertEquals(1, zk.curator().getChildren().forPath(zk.paths().controllerLatch()).size(), "one latch node");
            assertTrue(server.controllerElection().isActive());
            try (KafkaConnection conn = KafkaConnection.connect(new InetSocketAddress("127.0.0.1", port), "t", 5_000)) {
                conn.send(ApiKey.METADATA, (short) 12, ApiMessages.request(ApiKey.METADATA).newStruct());
            }
        } finally {
            server.shutdown();
        }
        assertEquals("Broker 0 cannot be started after it was closed",
                assertThrows(IllegalStateException.class, server::startup).getMessage());
    }

    @Test
    void aBrokerShutDownBeforeItStartedCannotStartAndRegistersNothing() throws Exception {
        String chroot = newChroot();
        GregorServer server = new GregorServer(config(chroot));
        server.shutdown();
        server.awaitShutdown();
        assertThrows(IllegalStateException.class, server::startup);
        try (GregorZkClient zk = GregorZkClient.connect(zookeeper.getConnectString() + chroot, 4000, 10_000)) {
            assertTrue(zk.getBroker(0).isEmpty());
        }
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
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> server.metadataCache().controllerId().isPresent());

            try (KafkaConnection conn = KafkaConnection.connect(new InetSocketAddress("127.0.0.1", port), "t", 5_000)) {
                Struct versions = conn.send(ApiKey.API_VERSIONS, (short) 3, ApiMessages.request(ApiKey.API_VERSIONS)
                        .newStruct().set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "test")
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1"));
                List<Short> keys = versions.getStructs(ApiVersionsResponse.API_KEYS).stream().map(k -> k.getShort(ApiKeys.API_KEY)).toList();
                assertTrue(keys.containsAll(List.of(ApiKey.METADATA.id, ApiKey.API_VERSIONS.id,
                        ApiKey.DESCRIBE_CLUSTER.id, ApiKey.UPDATE_METADATA.id)), keys.toString());
                Struct metadata = conn.send(ApiKey.METADATA, (short) 12, ApiMessages.request(ApiKey.METADATA).newStruct());
                assertEquals(clusterId, metadata.getString(MetadataResponse.CLUSTER_ID));
                assertEquals(0, metadata.getInt(MetadataResponse.CONTROLLER_ID)); // from /controller until an UpdateMetadata arrives
                Struct broker = metadata.getStructs(MetadataResponse.BROKERS).get(0);
                assertEquals(0, broker.getInt(Brokers.NODE_ID));
                assertEquals(port, broker.getInt(Brokers.PORT));
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
                        ApiMessages.request(ApiKey.METADATA).newStruct()).getString(MetadataResponse.CLUSTER_ID));
            }
        } finally {
            again.shutdown();
        }
    }

    private static Admin admin(int port) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    @Test
    void apacheKafkaAdminClientDescribesTheCluster() throws Exception {
        GregorServer server = new GregorServer(config(newChroot()));
        server.startup();
        try (Admin admin = admin(server.boundPort("PLAINTEXT"))) {
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

    /**
     * What the controller sends: this broker alive and topic "orders" with two partitions led by it,
     * with the controller epoch and broker epoch ZooKeeper holds (anything else is refused).
     */
    private static Struct updateMetadataFromController(int port, int controllerEpoch, long brokerEpoch) {
        Struct request = ApiMessages.request(ApiKey.UPDATE_METADATA).newStruct()
                .set(UpdateMetadataRequest.CONTROLLER_ID, 0)
                .set(UpdateMetadataRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(UpdateMetadataRequest.BROKER_EPOCH, brokerEpoch);
        request.addElement(UpdateMetadataRequest.LIVE_BROKERS).set(LiveBrokers.ID, 0).set(LiveBrokers.RACK, null)
                .addElement(LiveBrokers.ENDPOINTS).set(Endpoints.PORT, port)
                .set(Endpoints.HOST, "127.0.0.1").set(Endpoints.LISTENER, "PLAINTEXT")
                .set(Endpoints.SECURITY_PROTOCOL, (short) 0);
        Struct topic = request.addElement(UpdateMetadataRequest.TOPIC_STATES).set(TopicStates.TOPIC_NAME, "orders")
                .set(TopicStates.TOPIC_ID, new java.util.UUID(42, 43));
        for (int p = 0; p < 2; p++) {
            topic.addElement(TopicStates.PARTITION_STATES).set(UpdateMetadataPartitionState.PARTITION_INDEX, p)
                    .set(UpdateMetadataPartitionState.CONTROLLER_EPOCH, 1).set(UpdateMetadataPartitionState.LEADER, 0)
                    .set(UpdateMetadataPartitionState.LEADER_EPOCH, 0).set(UpdateMetadataPartitionState.ISR, List.of(0))
                    .set(UpdateMetadataPartitionState.ZK_VERSION, 0)
                    .set(UpdateMetadataPartitionState.REPLICAS, List.of(0));
        }
        return request;
    }

    @Test
    void apacheKafkaAdminClientSeesTopicsTheControllerPublished() throws Exception {
        GregorServer server = new GregorServer(config(newChroot()));
        server.startup();
        int port = server.boundPort("PLAINTEXT");
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> server.controllerElection().isActive());
        int controllerEpoch = server.controllerElection().currentEpoch().orElseThrow().epoch();
        long brokerEpoch = server.zkClient().getBrokerEpoch(0).orElseThrow();
        try (KafkaConnection controller = KafkaConnection.connect(new InetSocketAddress("127.0.0.1", port), "ctrl", 5_000)) {
            assertEquals(0, controller.send(ApiKey.UPDATE_METADATA, (short) 8,
                    updateMetadataFromController(port, controllerEpoch,
                    brokerEpoch)).getShort(UpdateMetadataResponse.ERROR_CODE));
        }
        try (Admin admin = admin(port)) {
            assertEquals(java.util.Set.of("orders"), admin.listTopics().names().get(15, TimeUnit.SECONDS));
            org.apache.kafka.clients.admin.TopicDescription orders = admin.describeTopics(List.of("orders"))
                    .allTopicNames().get(15, TimeUnit.SECONDS).get("orders");
            assertEquals(2, orders.partitions().size());
            assertEquals(0, orders.partitions().get(1).leader().id());
            assertEquals(new org.apache.kafka.common.Uuid(42, 43), orders.topicId());
            assertEquals(0, admin.describeCluster().controller().get(15, TimeUnit.SECONDS).id());
        } finally {
            server.shutdown();
        }
    }
}
