package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.network.MetadataParser;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first send to a new topic does not fail, even with a client that never retries, although
 * every broker applies its LeaderAndIsr late: three in-process brokers each advertise a
 * {@link DelayingProxy} that holds LeaderAndIsr requests for {@link #LEADER_AND_ISR_DELAY}, which
 * forces the window in which metadata could name a leader that does not serve the partition yet.
 */
class FirstSendToNewTopicTest {
    private static final Duration LEADER_AND_ISR_DELAY = Duration.ofMillis(2_000);
    private static final int BROKERS = 3;

    private static GregorCluster cluster;
    private static final List<DelayingProxy> proxies = new ArrayList<>();
    private static final List<GregorServer> servers = new ArrayList<>();
    private static String bootstrap;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = GregorCluster.start();
        for (int id = 0; id < BROKERS; id++) {
            DelayingProxy proxy = new DelayingProxy(ApiKey.LEADER_AND_ISR, LEADER_AND_ISR_DELAY);
            proxies.add(proxy);
            Map<String, String> overrides = Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port(),
                    "auto.create.topics.enable", "true");
            GregorServer server = id == 0 ? cluster.startInProcessBroker(id, overrides) : cluster.joinInProcessBroker(id, overrides);
            proxy.forwardTo(new InetSocketAddress("127.0.0.1", server.boundPort("PLAINTEXT")));
            servers.add(server);
        }
        Awaitility.await("every broker knows all three").atMost(GregorCluster.STARTUP_TIMEOUT).until(() ->
                servers.stream().allMatch(s -> s.metadataCache().aliveBrokers().size() == BROKERS));
        bootstrap = "127.0.0.1:" + proxies.get(0).port() + ",127.0.0.1:" + proxies.get(1).port();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        proxies.forEach(DelayingProxy::close);
    }

    private static Optional<Integer> leaderInMetadataOf(int brokerId, String topic) throws Exception {
        try (KafkaConnection connection = KafkaConnection.connect(
                new InetSocketAddress("127.0.0.1", servers.get(brokerId).boundPort("PLAINTEXT")), "probe", 5_000)) {
            Struct response = connection.send(ApiKey.METADATA, (short) 12, MetadataParser.request(List.of(topic), false));
            return response.getStructs(MetadataResponse.TOPICS).stream().filter(t -> t.getShort(Topics.ERROR_CODE) == Errors.NONE.code())
                    .flatMap(t -> t.getStructs(Topics.PARTITIONS).stream())
                    .filter(p -> p.getShort(MetadataResponse.Topics.Partitions.ERROR_CODE) == Errors.NONE.code())
                    .map(p -> p.getInt(MetadataResponse.Topics.Partitions.LEADER_ID)).filter(l -> l >= 0).findFirst();
        }
    }

    private static short fetchError(int brokerId, String topic) throws Exception {
        try (KafkaConnection connection = WireRequests.connect(servers.get(brokerId).boundPort("PLAINTEXT"), "probe")) {
            return WireRequests.fetchPartition(connection, topic, 0,
                    0).getShort(FetchResponse.Responses.Partitions.ERROR_CODE);
        }
    }

    @Test
    void metadataNamesTheLeaderOfANewPartitionOnlyOnceThatLeaderServesIt() throws Exception {
        String topic = "window-probe";
        int delayedBefore = proxies.get(2).delayedRequests();
        long start = System.nanoTime();
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(2)))));
            int leader = Awaitility.await("broker 1's metadata names a leader").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).until(() -> leaderInMetadataOf(1, topic), Optional::isPresent).get();
            short error = fetchError(leader, topic);

            assertEquals(2, leader);
            assertEquals(Errors.NONE.code(), error, "the leader that metadata named answered Fetch with "
                    + Errors.forCode(error) + ": it did not serve the partition yet");
            assertTrue(proxies.get(2).delayedRequests() > delayedBefore, "the leader's LeaderAndIsr went through the delay");
            assertTrue(System.nanoTime() - start >= LEADER_AND_ISR_DELAY.toNanos(),
                    "metadata named the leader before its delayed LeaderAndIsr could have been applied");
        }
    }

    @Test
    void apacheProducerWithoutRetriesSendsItsFirstRecordsToAnAutoCreatedTopic() throws Exception {
        String topic = "java-first-send";
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of(
                ProducerConfig.RETRIES_CONFIG, 0, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.ACKS_CONFIG, "1"))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "Hello World! This is message " + i)).get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(10, ApacheClients.readAll(bootstrap, topic, 1, 10).size());
    }

    @Test
    void kafkaPythonClassicProducerWithDefaultSettingsSendsToAnAutoCreatedTopic() throws Exception {
        String python = ExternalCommand.pythonWithKafka();
        Path script = cluster.newDir("python-").resolve("first_send.py");
        Files.writeString(script, """
                import sys
                from kafka import KafkaProducer
                producer = KafkaProducer(bootstrap_servers=sys.argv[1].split(','))
                for i in range(10):
                    future = producer.send(sys.argv[2], ('Hello World! This is message %d' % i).encode('utf-8'))
                    metadata = future.get(timeout=60)
                    print('sent %d %d' % (metadata.partition, metadata.offset), flush=True)
                producer.close()
                """, StandardCharsets.UTF_8);
        ExternalCommand.Result result = ExternalCommand.run(List.of(python, script.toString(), bootstrap, "mytopic"),
                new byte[0], Duration.ofSeconds(120)).assertSuccess();
        assertEquals(10, result.stdout().lines().filter(l -> l.startsWith("sent ")).count(), result.describe("output"));
        List<String> values = ApacheClients.readAll(bootstrap, "mytopic", 1, 10).stream().map(ConsumerRecord::value).toList();
        assertEquals("Hello World! This is message 9", values.get(9));
    }

    @Test
    void kcatWithoutRetriesProducesToAnAutoCreatedTopic() throws Exception {
        String topic = "kcat-first-send";
        ExternalCommand.Result result = ExternalCommand.run(List.of(ExternalCommand.kcat(), "-P", "-b", bootstrap, "-t", topic,
                        "-X", "message.send.max.retries=0"),
                "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(90)).assertSuccess();
        assertFalse(result.stderr().toLowerCase().contains("fail"), result.describe("output"));
        assertEquals(List.of("one", "two", "three"),
                ApacheClients.readAll(bootstrap, topic, 1, 3).stream().map(ConsumerRecord::value).toList());
    }
}
