package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.GregorZkClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka 3.9.1's {@code kafka-configs.sh} (ConfigCommand) against three Gregor brokers: topic,
 * broker and cluster-default configs altered and described as an operator does, printed as Kafka
 * prints them, stored in Kafka's znodes, and taking effect on the running brokers.
 */
class ConfigCommandAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static InProcessBrokers fixture;
    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String bootstrap;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        fixture = InProcessBrokers.start(3, Map.of(), WAIT);
        cluster = fixture.cluster();
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

    private static String configs(String... args) throws Exception {
        return KafkaConfigCommand.runAgainst(admin, bootstrap, args);
    }

    @Test
    void topicConfigsAreAlteredAndDescribedAsKafkaPrintsThem() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 1, (short) 3))).all().get();
        configs("--entity-type", "topics", "--entity-name", "orders", "--alter",
                "--add-config", "retention.ms=86400000,message.format.version=2.8");
        String described = configs("--entity-type", "topics", "--entity-name", "orders", "--describe");
        assertTrue(described.startsWith("Dynamic configs for topic orders are:\n"), described);
        assertTrue(described.contains("  retention.ms=86400000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=86400000, "
                + "DEFAULT_CONFIG:log.retention.hours=168}"), described);
        assertTrue(described.contains("  message.format.version=2.8 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:"
                + "message.format.version=2.8, DEFAULT_CONFIG:log.message.format.version=3.0-IV1}"), described);

        configs("--entity-type", "topics", "--entity-name", "orders", "--alter", "--delete-config", "retention.ms");
        String after = configs("--entity-type", "topics", "--entity-name", "orders", "--describe");
        assertTrue(!after.contains("retention.ms"), after);
    }

    @Test
    void aLoweredMessageMaxBytesRefusesBiggerBatchesWithoutARestart() throws Exception {
        admin.createTopics(List.of(new NewTopic("small", Map.of(0, List.of(1))))).all().get();
        configs("--entity-type", "brokers", "--entity-name", "1", "--alter", "--add-config", "message.max.bytes=2000");
        String described = configs("--entity-type", "brokers", "--entity-name", "1", "--describe");
        assertEquals("Dynamic configs for broker 1 are:\n  message.max.bytes=2000 sensitive=false "
                + "synonyms={DYNAMIC_BROKER_CONFIG:message.max.bytes=2000, DEFAULT_CONFIG:message.max.bytes=1048588}\n",
                described);
        try (GregorZkClient zk = GregorZkClient.connect(cluster.zookeeperConnect(), 6000, 15_000)) {
            assertEquals(Map.of("message.max.bytes", "2000"),
                    new ConfigEntityStore(zk).get("brokers/1").orElseThrow().config());
        }
        Awaitility.await("broker 1 applies message.max.bytes").atMost(WAIT)
                .until(() -> brokers[1].dynamicConfig().current().messageMaxBytes() == 2000);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap,
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 16384, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000))) {
            producer.send(new ProducerRecord<>("small", "k", "fits")).get();
            ExecutionException tooBig = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("small", "k", "x".repeat(5000))).get());
            assertInstanceOf(RecordTooLargeException.class, tooBig.getCause());
        }
        configs("--entity-type", "brokers", "--entity-name", "1", "--alter", "--delete-config", "message.max.bytes");
        Awaitility.await("broker 1 back to the static message.max.bytes").atMost(WAIT)
                .until(() -> brokers[1].dynamicConfig().current().messageMaxBytes() == 1048588);
    }

    @Test
    void aClusterDefaultRetentionAppliesToTopicsWithoutTheirOwn() throws Exception {
        admin.createTopics(List.of(new NewTopic("plain", Map.of(0, List.of(2))),
                new NewTopic("own", Map.of(0, List.of(2))).configs(Map.of("retention.ms", "5000")))).all().get();
        Awaitility.await("partitions hosted").atMost(WAIT).until(() -> log(2, "plain").isPresent() && log(2, "own").isPresent());
        configs("--entity-type", "brokers", "--entity-default", "--alter", "--add-config", "log.retention.ms=3600000");
        // the broker that answers the describe may get the change notification a moment after the alter
        Awaitility.await("the default described").atMost(WAIT).until(() -> configs("--entity-type", "brokers",
                "--entity-default", "--describe").equals("Default configs for brokers in the cluster are:\n"
                + "  log.retention.ms=3600000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=3600000}\n"));
        Awaitility.await("the default reaches the topic's log").atMost(WAIT)
                .until(() -> log(2, "plain").orElseThrow().config().retentionMs() == 3_600_000L);
        assertEquals(5000L, log(2, "own").orElseThrow().config().retentionMs());
        Awaitility.await("broker 0 has the default").atMost(WAIT)
                .until(() -> brokers[0].dynamicConfig().current().logRetentionMs() == 3_600_000L);
        String broker = configs("--entity-type", "brokers", "--entity-name", "0", "--describe", "--all");
        assertTrue(broker.contains("  log.retention.ms=3600000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:"
                + "log.retention.ms=3600000, DEFAULT_CONFIG:log.retention.hours=168}"), broker);
        configs("--entity-type", "brokers", "--entity-default", "--alter", "--delete-config", "log.retention.ms");
        Awaitility.await("the default is gone again").atMost(WAIT)
                .until(() -> log(2, "plain").orElseThrow().config().retentionMs() == 604_800_000L);
    }

    @Test
    void requestHandlerThreadsFollowADynamicNumIoThreads() throws Exception {
        configs("--entity-type", "brokers", "--entity-name", "0", "--alter", "--add-config", "num.io.threads=6");
        Awaitility.await("six request threads").atMost(WAIT).until(() -> brokers[0].socketServer().numIoThreads() == 6);
        configs("--entity-type", "brokers", "--entity-name", "0", "--alter", "--delete-config", "num.io.threads");
        Awaitility.await("back to the static four").atMost(WAIT).until(() -> brokers[0].socketServer().numIoThreads() == 4);
    }

    @Test
    void keysThatAreNotDynamicAreRefusedAsKafkaRefusesThem() {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> configs("--entity-type", "brokers",
                "--entity-name", "0", "--alter", "--add-config", "num.partitions=7"));
        assertInstanceOf(InvalidRequestException.class, refused.getCause());
        assertEquals("Invalid config value for resource ConfigResource(type=BROKER, name='0'): "
                + "Cannot update these configs dynamically: Set(num.partitions)", refused.getCause().getMessage());
    }

    private static Optional<io.gregor.core.log.Log> log(int broker, String topic) {
        return brokers[broker].logManager().getLog(new io.gregor.core.log.TopicPartition(topic, 0));
    }

    @Test
    void brokerLogLevelsAreChangedAndDescribedWithKafkasTool() throws Exception {
        configs("--entity-type", "broker-loggers", "--entity-name", "1", "--alter",
                "--add-config", "io.gregor.broker.quota=DEBUG");
        try {
            String described = configs("--entity-type", "broker-loggers", "--entity-name", "1", "--describe");
            assertTrue(described.contains("  io.gregor.broker.quota=DEBUG sensitive=false synonyms={}"), described);
            assertTrue(org.slf4j.LoggerFactory.getLogger("io.gregor.broker.quota").isDebugEnabled());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> configs("--entity-type",
                    "broker-loggers", "--entity-name", "1", "--alter", "--add-config", "io.gregor.broker.quota=LOUD"));
            assertTrue(refused.getCause().getMessage().contains("is not a supported log level"), refused.getMessage());
        } finally {
            configs("--entity-type", "broker-loggers", "--entity-name", "1", "--alter", "--delete-config",
                    "io.gregor.broker.quota");
        }
        assertTrue(!org.slf4j.LoggerFactory.getLogger("io.gregor.broker.quota").isDebugEnabled());
    }

    /** Runs Gregor's {@code gregor-configs.sh} (ConfigsCommand) and returns what it printed; fails on a non-zero exit. */
    private static String gregorConfigs(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = bootstrap;
        System.arraycopy(args, 0, all, 2, args.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = io.gregor.clients.tools.ConfigsCommand.run(all, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        assertEquals(0, exit, err.toString());
        return out.toString();
    }

    @Test
    void gregorsConfigsToolAltersAndDescribesAsKafkasDoes() throws Exception {
        admin.createTopics(List.of(new NewTopic("gregor-tool", 1, (short) 3))).all().get();
        assertEquals("Completed updating config for topic gregor-tool.\n", gregorConfigs("--entity-type", "topics",
                "--entity-name", "gregor-tool", "--alter", "--add-config", "retention.ms=7200000,cleanup.policy=[compact,delete]"));
        String[] describeTopic = {"--entity-type", "topics", "--entity-name", "gregor-tool", "--describe"};
        assertEquals(configs(describeTopic), gregorConfigs(describeTopic));
        assertTrue(gregorConfigs(describeTopic).contains("  cleanup.policy=compact,delete sensitive=false"));

        gregorConfigs("--entity-type", "brokers", "--entity-name", "2", "--alter", "--add-config", "max.connections=1000");
        String[] describeBroker = {"--entity-type", "brokers", "--entity-name", "2", "--describe"};
        assertEquals("Dynamic configs for broker 2 are:\n  max.connections=1000 sensitive=false synonyms={"
                + "DYNAMIC_BROKER_CONFIG:max.connections=1000, DEFAULT_CONFIG:max.connections=2147483647}\n",
                gregorConfigs(describeBroker));
        assertEquals(configs(describeBroker), gregorConfigs(describeBroker));
        String[] all = {"--broker", "2", "--describe", "--all"};
        assertEquals(configs(all), gregorConfigs(all));
        gregorConfigs("--entity-type", "brokers", "--entity-name", "2", "--alter", "--delete-config", "max.connections");

        gregorConfigs("--entity-type", "users", "--entity-name", "bob", "--entity-type", "clients", "--entity-name", "etl",
                "--alter", "--add-config", "producer_byte_rate=5000,consumer_byte_rate=6000");
        String[] describeQuota = {"--entity-type", "users", "--entity-name", "bob", "--entity-type", "clients",
                "--entity-name", "etl", "--describe"};
        assertEquals("Quota configs for user-principal 'bob', client-id 'etl' are consumer_byte_rate=6000.0, "
                + "producer_byte_rate=5000.0\n", gregorConfigs(describeQuota));
        gregorConfigs("--client-defaults", "--alter", "--add-config", "request_percentage=200");
        assertEquals(configs("--entity-type", "clients", "--entity-default", "--describe"),
                gregorConfigs("--entity-type", "clients", "--entity-default", "--describe"));
        gregorConfigs("--client-defaults", "--alter", "--delete-config", "request_percentage");
    }
}
