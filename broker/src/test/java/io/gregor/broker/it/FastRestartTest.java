package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.network.MetadataParser;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Brokers;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics.Partitions;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restart after kill -9: a broker back on its own ports replaces its stale registration at once
 * instead of waiting for the dead process's ZooKeeper session to expire, and the first client
 * that reaches it sees its topics, never an empty broker. A stale registration with other
 * endpoints is still waited out.
 */
class FastRestartTest {
    /** Kafka's default: the wait a restart avoids. */
    private static final int SESSION_TIMEOUT_MS = 18_000;
    private static final int PARTITIONS = 3;
    private static final int RECORDS_PER_PARTITION = 50;

    private static GregorCluster cluster;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        cluster = GregorCluster.start();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> onFixedPort(int port) {
        return Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port,
                "zookeeper.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
    }

    private static long registrationEpoch(int brokerId) throws Exception {
        try (GregorZkClient zk = GregorZkClient.connect(cluster.zookeeperConnect(), 6000, 15_000)) {
            return zk.getBrokerEpoch(brokerId).orElse(-1L);
        }
    }

    /**
     * Connects to {@code port} as soon as it accepts, asks for all topics' metadata and returns the
     * answer: the first answer a client gets from the restarting broker.
     */
    private static CompletableFuture<Struct> firstMetadataAnswer(int port) {
        return CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try (KafkaConnection connection = KafkaConnection.connect(new InetSocketAddress("127.0.0.1", port),
                        "first-client", 200)) {
                    return connection.send(ApiKey.METADATA, (short) 12, MetadataParser.request(null, false));
                } catch (IOException notYet) {
                    Thread.onSpinWait();
                }
            }
            throw new AssertionError("the restarted broker never answered Metadata on port " + port);
        });
    }

    @Test
    void brokerKilledAndRestartedOnItsOwnPortsServesAgainLongBeforeItsOldSessionExpires() throws Exception {
        int port = freePort();
        Path logDir = cluster.newDir("fast-restart-logs-");
        String topic = "fast-restart";
        BrokerProcess broker = cluster.startBrokerProcess(5, logDir, onFixedPort(port));
        ApacheClients.createTopic(broker.bootstrapServers(), topic, PARTITIONS);
        List<String> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = ApacheClients.producer(broker.bootstrapServers(), Map.of())) {
            for (int i = 0; i < PARTITIONS * RECORDS_PER_PARTITION; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, "v" + i)).get(30, TimeUnit.SECONDS);
                acknowledged.add("v" + i);
            }
        }
        long staleEpoch = registrationEpoch(5);

        broker.kill();
        long killedAt = System.nanoTime();
        CompletableFuture<Struct> firstAnswer = firstMetadataAnswer(port);
        BrokerProcess restarted = cluster.startBrokerProcess(5, logDir, onFixedPort(port));
        try {
            long registeredAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertNotEquals(staleEpoch, registrationEpoch(5), "a new broker epoch");
            assertTrue(registeredAfterMs < SESSION_TIMEOUT_MS - 6_000, "registered " + registeredAfterMs
                    + " ms after the kill; the old session lasts " + SESSION_TIMEOUT_MS + " ms");
            assertTrue(Files.readString(restarted.outputFile(), StandardCharsets.UTF_8).contains("replaced it"),
                    restarted.outputTail());

            Struct metadata = firstAnswer.get(60, TimeUnit.SECONDS);
            assertEquals(List.of(5), metadata.getStructs(MetadataResponse.BROKERS).stream().map(b -> b.getInt(Brokers.NODE_ID)).toList(),
                    "the first answer names the broker itself");
            Struct topicMetadata = metadata.getStructs(MetadataResponse.TOPICS).stream()
                    .filter(t -> t.getString(Topics.NAME).equals(topic)).findFirst()
                    .orElseThrow(() -> new AssertionError("the first answer lacks the topic: " + metadata));
            assertEquals(PARTITIONS, topicMetadata.getStructs(Topics.PARTITIONS).size());
            for (Struct partition : topicMetadata.getStructs(Topics.PARTITIONS)) {
                assertEquals(Errors.NONE.code(), partition.getShort(Partitions.ERROR_CODE), partition.toString());
                assertEquals(5, partition.getInt(Partitions.LEADER_ID));
            }

            List<String> read = ApacheClients.readAll(restarted.bootstrapServers(), topic, PARTITIONS, acknowledged.size())
                    .stream().map(ConsumerRecord::value).sorted().toList();
            assertEquals(acknowledged.stream().sorted().toList(), read);
            long servingAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertTrue(servingAfterMs < SESSION_TIMEOUT_MS, "data readable " + servingAfterMs + " ms after the kill");
        } finally {
            restarted.stop();
        }
    }

    @Test
    void staleRegistrationWithOtherEndpointsIsWaitedOutBeforeTheBrokerRegisters() throws Exception {
        int staleSessionMs = 6_000;
        try (GregorZkClient zk = GregorZkClient.connect(cluster.zookeeperConnect(), 6000, 15_000)) {
            zk.createPersistentPaths();
        }
        ZooKeeper crashed = new ZooKeeper(cluster.zookeeperConnect(), staleSessionMs, event -> { });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (crashed.getState() != ZooKeeper.States.CONNECTED && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            BrokerInfo elsewhere = BrokerInfo.of(6, List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 1, "PLAINTEXT")),
                    null, -1, Map.of(), System.currentTimeMillis());
            crashed.create("/brokers/ids/6", elsewhere.toJson(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            crashed.getTestable().injectSessionExpiration();

            long start = System.nanoTime();
            BrokerProcess broker = cluster.startBrokerProcess(6, cluster.newDir("waited-logs-"), onFixedPort(freePort()));
            try {
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waitedMs >= staleSessionMs - 2_000, "registered after " + waitedMs
                        + " ms, before the stale session of other endpoints could expire");
                assertTrue(Files.readString(broker.outputFile(), StandardCharsets.UTF_8).contains("names other endpoints"),
                        broker.outputTail());
            } finally {
                broker.stop();
            }
        } finally {
            crashed.close();
        }
    }
}
