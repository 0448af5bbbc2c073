package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.core.log.Log;
import io.gregor.core.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rest of Kafka's dynamic broker set on three running brokers: thread pools
 * ({@code num.network.threads}, {@code num.replica.fetchers}, {@code background.threads},
 * {@code num.recovery.threads.per.data.dir}), the log cleaner's settings and the down-conversion
 * switch take effect without a restart, and thread counts are checked with Kafka's messages.
 */
class DynamicThreadsAndCleanerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static InProcessBrokers fixture;
    private static GregorServer[] brokers;
    private static String bootstrap;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        fixture = InProcessBrokers.start(3, Map.of(), WAIT);
        brokers = fixture.brokers();
        bootstrap = fixture.bootstrap();
        admin = fixture.admin();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    private static void setBroker(String broker, Map<String, String> set) throws Exception {
        alterBroker(broker, set, AlterConfigOp.OpType.SET);
    }

    private static void deleteBroker(String broker, String... keys) throws Exception {
        Map<String, String> delete = new HashMap<>();
        for (String key : keys) {
            delete.put(key, "");
        }
        alterBroker(broker, delete, AlterConfigOp.OpType.DELETE);
    }

    private static void alterBroker(String broker, Map<String, String> entries, AlterConfigOp.OpType op) throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        entries.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), op)));
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, broker), ops)).all().get();
    }

    @Test
    void clientsKeepProducingAndConsumingWhileTheNetworkThreadsGrowAndShrink() throws Exception {
        String topic = "network-threads";
        // leaders on broker 0, whose network threads change: producer and consumer both talk to it
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(0, 1, 2), 1, List.of(0, 2, 1),
                2, List.of(0, 1, 2))))).all().get();
        long threadsBefore = liveThreads("gregor-network-");
        int configured = brokers[0].socketServer().numNetworkThreads();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> {
            try (KafkaConsumer<String, String> c = ApacheClients.consumer(bootstrap)) {
                c.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                        new org.apache.kafka.common.TopicPartition(topic, 1), new org.apache.kafka.common.TopicPartition(topic, 2)));
                while (!stop.get() && consumed.size() < 300) {
                    c.poll(Duration.ofMillis(200)).forEach(r -> consumed.add(r.value()));
                }
            }
        });
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap,
                Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 100; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "before-" + i)));
            }
            KafkaConfigCommand.runAgainst(admin, bootstrap, "--entity-type", "brokers", "--entity-name", "0",
                    "--alter", "--add-config", "num.network.threads=" + 2 * configured);
            Awaitility.await("twice the network threads on broker 0").atMost(WAIT)
                    .until(() -> brokers[0].socketServer().numNetworkThreads() == 2 * configured
                            && liveThreads("gregor-network-") == threadsBefore + configured);
            for (int i = 0; i < 100; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "grown-" + i)));
            }
            producer.flush();
            setBroker("0", Map.of("num.network.threads", Integer.toString(configured)));
            Awaitility.await("back to the configured network threads").atMost(WAIT)
                    .until(() -> brokers[0].socketServer().numNetworkThreads() == configured
                            && liveThreads("gregor-network-") == threadsBefore);
            for (int i = 0; i < 100; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "shrunk-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(); // every send acknowledged: the producer reconnected where its connection was closed
            }
            Awaitility.await("the consumer, polling throughout, got every record").atMost(WAIT)
                    .until(() -> consumed.size() == 300);
        } finally {
            stop.set(true);
            deleteBroker("0", "num.network.threads");
        }
        consumer.get(30, TimeUnit.SECONDS);
        assertEquals(300, ApacheClients.readAll(bootstrap, topic, 3, 300).size());
    }

    @Test
    void threadCountsAreCheckedAgainstTheCurrentOnesWithKafkasMessages() {
        ExecutionException tooMany = assertThrows(ExecutionException.class, () -> KafkaConfigCommand.runAgainst(admin,
                bootstrap, "--entity-type", "brokers", "--entity-name", "0", "--alter", "--add-config", "num.io.threads=20"));
        assertInstanceOf(InvalidRequestException.class, tooMany.getCause());
        assertEquals("Invalid config value for resource ConfigResource(type=BROKER, name='0'): Dynamic thread count "
                + "update validation failed for num.io.threads=20, value should not be greater than double the current "
                + "value 4", tooMany.getCause().getMessage());
        ExecutionException tooFew = assertThrows(ExecutionException.class,
                () -> setBroker("0", Map.of("background.threads", "4")));
        assertEquals("Invalid config value for resource ConfigResource(type=BROKER, name='0'): Dynamic thread count "
                + "update validation failed for background.threads=4, value should be at least half the current value 10",
                tooFew.getCause().getMessage());
        ExecutionException cleaner = assertThrows(ExecutionException.class,
                () -> setBroker("", Map.of("log.cleaner.threads", "3")));
        assertEquals("Invalid config value for resource ConfigResource(type=BROKER, name=''): Log cleaner threads "
                + "cannot be increased to more than double the current value 1", cleaner.getCause().getMessage());
    }

    @Test
    void aPartitionKeepsReplicatingWithNothingLostWhenTheFetchersAreResized() throws Exception {
        String topic = "fetcher-resize";
        admin.createTopics(List.of(new NewTopic(topic, 6, (short) 3))).all().get();
        String fetchers = "replica-fetcher-1-from-";
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap,
                Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 300; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
            Awaitility.await("broker 1 fetches from the others").atMost(WAIT).until(() -> liveThreads(fetchers) >= 1);
            setBroker("1", Map.of("num.replica.fetchers", "2"));
            Awaitility.await("a second fetcher per source broker").atMost(WAIT)
                    .until(() -> Thread.getAllStackTraces().keySet().stream()
                            .anyMatch(t -> t.isAlive() && t.getName().startsWith(fetchers) && t.getName().endsWith("-1")));
            for (int i = 300; i < 600; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            setBroker("1", Map.of("num.replica.fetchers", "1"));
            Awaitility.await("one fetcher per source broker again").atMost(WAIT)
                    .until(() -> Thread.getAllStackTraces().keySet().stream()
                            .noneMatch(t -> t.isAlive() && t.getName().startsWith(fetchers) && t.getName().endsWith("-1")));
            for (int i = 600; i < 700; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        } finally {
            deleteBroker("1", "num.replica.fetchers");
        }
        Awaitility.await("every replica holds every record").atMost(WAIT).until(() -> {
            for (int p = 0; p < 6; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                long end = -1;
                for (GregorServer b : brokers) {
                    Optional<Log> log = b.logManager().getLog(tp);
                    if (log.isEmpty() || (end >= 0 && log.get().logEndOffset() != end)) {
                        return false;
                    }
                    end = log.get().logEndOffset();
                }
            }
            return true;
        });
        long total = 0;
        for (int p = 0; p < 6; p++) {
            total += brokers[1].logManager().getLog(new TopicPartition(topic, p)).orElseThrow().logEndOffset();
        }
        assertEquals(700, total);
        assertEquals(700, ApacheClients.readAll(bootstrap, topic, 6, 700).size());
    }

    @Test
    void backgroundAndRecoveryThreadsFollowTheirDynamicCounts() throws Exception {
        assertEquals(10, ((ScheduledThreadPoolExecutor) brokers[2].scheduler()).getCorePoolSize());
        assertEquals(10, brokers[2].logManager().schedulerPoolSize());
        try {
            setBroker("2", Map.of("background.threads", "5", "num.recovery.threads.per.data.dir", "2"));
            Awaitility.await("five background threads").atMost(WAIT)
                    .until(() -> ((ScheduledThreadPoolExecutor) brokers[2].scheduler()).getCorePoolSize() == 5
                            && brokers[2].logManager().schedulerPoolSize() == 5
                            && brokers[2].logManager().recoveryThreadsPerDataDir() == 2);
        } finally {
            deleteBroker("2", "background.threads", "num.recovery.threads.per.data.dir");
        }
        Awaitility.await("back to ten").atMost(WAIT)
                .until(() -> brokers[2].logManager().schedulerPoolSize() == 10
                        && brokers[2].logManager().recoveryThreadsPerDataDir() == 1);
    }

    @Test
    void theCleanerCompactsAfterItsThreadsAndBufferChange() throws Exception {
        String topic = "cleaner-dynamic";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("cleanup.policy", "compact",
                "segment.bytes", "2048", "min.cleanable.dirty.ratio", "0.01")))).all().get();
        long cleanersBefore = liveThreads("gregor-log-cleaner-");
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap,
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (int round = 0; round < 30; round++) {
                for (int k = 0; k < 20; k++) {
                    producer.send(new ProducerRecord<>(topic, "key-" + k, "round-" + round));
                }
                producer.flush();
            }
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        try {
            // two threads sharing 2400 bytes: 45 keys a pass each, so the 20 keys' 600 records take several passes
            setBroker("", Map.of("log.cleaner.threads", "2", "log.cleaner.backoff.ms", "200",
                    "log.cleaner.dedupe.buffer.size", "2400", "log.cleaner.io.max.bytes.per.second", "10000000"));
            Awaitility.await("two cleaner threads on every broker").atMost(WAIT)
                    .until(() -> liveThreads("gregor-log-cleaner-") == cleanersBefore + 3);
            for (GregorServer b : brokers) {
                Awaitility.await("broker " + b.config().brokerId() + " compacted the topic").atMost(WAIT).until(() -> {
                    Log log = b.logManager().getLog(tp).orElseThrow();
                    return b.logManager().cleaner().firstDirtyOffset(tp).orElse(0L) > 0 && log.numberOfSegments() < 10;
                });
            }
            assertEquals(2, brokers[0].logManager().cleaner().config().threads());
            assertEquals(45, brokers[0].logManager().cleaner().config().maxMapEntriesPerThread());
        } finally {
            deleteBroker("", "log.cleaner.threads", "log.cleaner.backoff.ms", "log.cleaner.dedupe.buffer.size",
                    "log.cleaner.io.max.bytes.per.second");
        }
        Awaitility.await("one cleaner thread each again").atMost(WAIT)
                .until(() -> liveThreads("gregor-log-cleaner-") == cleanersBefore);
        Map<String, String> latest = new HashMap<>();
        for (ConsumerRecord<String, String> r : ApacheClients.readAll(bootstrap, topic, 1, 20)) {
            latest.put(r.key(), r.value());
        }
        assertEquals(20, latest.size());
        latest.values().forEach(v -> assertEquals("round-29", v));
    }

    @Test
    void anOldConsumersFetchIsRefusedOnceDownConversionIsSwitchedOff() throws Exception {
        String own = "no-downconversion";
        String plain = "downconversion-default";
        admin.createTopics(List.of(new NewTopic(own, Map.of(0, List.of(0))), new NewTopic(plain, Map.of(0, List.of(0)))))
                .all().get();
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            producer.send(new ProducerRecord<>(own, "k", "v")).get();
            producer.send(new ProducerRecord<>(plain, "k", "v")).get();
        }
        int port = brokers[0].boundPort("PLAINTEXT");
        try (KafkaConnection conn = WireRequests.connect(port, "old-consumer")) {
            assertEquals(Errors.NONE, fetchError(conn, (short) 3, own));
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, own), List.of(
                    new AlterConfigOp(new ConfigEntry("message.downconversion.enable", "false"), AlterConfigOp.OpType.SET))))
                    .all().get();
            Awaitility.await("Fetch v3 refused").atMost(WAIT)
                    .until(() -> fetchError(conn, (short) 3, own) == Errors.UNSUPPORTED_VERSION);
            assertEquals(Errors.UNSUPPORTED_VERSION, fetchError(conn, (short) 0, own));
            assertEquals(Errors.NONE, fetchError(conn, (short) 4, own));
            assertEquals(Errors.NONE, fetchError(conn, (short) 12, own));
            assertEquals(Errors.NONE, fetchError(conn, (short) 3, plain));

            setBroker("", Map.of("log.message.downconversion.enable", "false"));
            try {
                Awaitility.await("the cluster default refuses it too").atMost(WAIT)
                        .until(() -> fetchError(conn, (short) 2, plain) == Errors.UNSUPPORTED_VERSION);
                assertEquals(Errors.NONE, fetchError(conn, (short) 12, plain));
            } finally {
                deleteBroker("", "log.message.downconversion.enable");
            }
            Awaitility.await("answered again").atMost(WAIT).until(() -> fetchError(conn, (short) 3, plain) == Errors.NONE);
            assertEquals(Errors.UNSUPPORTED_VERSION, fetchError(conn, (short) 3, own), "the topic's own value stays");
        }
    }

    private static Errors fetchError(KafkaConnection conn, short version, String topic) throws Exception {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.REPLICA_ID, -1).set(FetchRequest.MAX_WAIT_MS, 0).set(FetchRequest.MIN_BYTES, 0)
                .set(FetchRequest.MAX_BYTES, 1 << 20);
        request.addElement(FetchRequest.TOPICS).set(FetchRequest.Topics.TOPIC, topic).addElement(FetchRequest.Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, 0)
                .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        Struct p = conn.send(ApiKey.FETCH, version, request).getStructs(FetchResponse.RESPONSES).get(0)
                .getStructs(FetchResponse.Responses.PARTITIONS).get(0);
        return Errors.forCode(p.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
    }
}
