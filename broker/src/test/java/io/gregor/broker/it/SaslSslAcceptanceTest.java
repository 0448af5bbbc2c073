package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.broker.security.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL_SSL: three brokers whose clients' listener is SASL_SSL (TLS first, then SASL; SCRAM-SHA-512
 * users written to ZooKeeper before the brokers start), the brokers among themselves on PLAINTEXT.
 * The Apache Java client 3.9, kcat, Gregor's own clients and its tools (with their config files) produce
 * and consume over it, and a wrong
 * password is refused over TLS as over plaintext while the others are served.
 */
class SaslSslAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private static GregorCluster cluster;
    private static TestCertificates ca;
    private static GregorServer[] brokers;
    private static String bootstrap;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = GregorCluster.start();
        ScramUsers.create(cluster.zookeeperConnect(), "app", "SCRAM-SHA-512", "app-secret");
        ca = TestCertificates.createCa(cluster.newDir("certs-"));
        Map<String, String> overrides = new HashMap<>(ca.sslConfig("CN=broker,O=Gregor", "listener.name.sasl_ssl."));
        overrides.put("listeners", "INTERNAL://127.0.0.1:0,SASL_SSL://127.0.0.1:0");
        overrides.put("listener.security.protocol.map", "INTERNAL:PLAINTEXT,SASL_SSL:SASL_SSL");
        overrides.put("inter.broker.listener.name", "INTERNAL");
        overrides.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        brokers = cluster.startInProcessBrokers(3, overrides);
        bootstrap = "127.0.0.1:" + brokers[0].boundPort("SASL_SSL");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Kafka's client keys for SASL_SSL with SCRAM-SHA-512 and a truststore with the test CA (no client certificate). */
    private static Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", SCRAM_MODULE + " required username=\"" + user + "\" password=\"" + password + "\";");
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", ca.truststore("client-truststore.p12", "PKCS12").toString());
        config.put("ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("request.timeout.ms", "15000");
        config.put("default.api.timeout.ms", "30000");
        return config;
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(clientConfig("app", "app-secret"))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static List<String> readWithApacheClient(String topic, int expected) {
        Properties props = new Properties();
        props.putAll(clientConfig("app", "app-secret"));
        return ApacheClients.readPartitionZeroValues(props, topic, expected, WAIT);
    }

    @Test
    void apacheJavaClientProducesAndConsumesOverSaslSslWithScramSha512() throws Exception {
        createTopic("sasl-ssl-java");
        List<String> values = numbered("java-", 200);
        Properties props = new Properties();
        props.putAll(clientConfig("app", "app-secret"));
        props.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>("sasl-ssl-java", 0, null, value));
            }
            producer.flush();
        }
        assertEquals(values, readWithApacheClient("sasl-ssl-java", values.size()));
    }

    @Test
    void aWrongPasswordIsRefusedOverTlsWhileTheRightOneIsServed() throws Exception {
        createTopic("sasl-ssl-refused");
        Properties bad = new Properties();
        bad.putAll(clientConfig("app", "not-the-password"));
        bad.put("max.block.ms", "20000");
        Properties good = new Properties();
        good.putAll(clientConfig("app", "app-secret"));
        try (KafkaProducer<String, String> refused = new KafkaProducer<>(bad, new StringSerializer(), new StringSerializer());
             KafkaProducer<String, String> served = new KafkaProducer<>(good, new StringSerializer(), new StringSerializer())) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> refused.send(new ProducerRecord<>("sasl-ssl-refused", "never")).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SaslAuthenticationException, e.toString());
            served.send(new ProducerRecord<>("sasl-ssl-refused", 0, null, "served")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("served"), readWithApacheClient("sasl-ssl-refused", 1));
    }

    private static List<String> kcat(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ExternalCommand.kcat(), "-b", bootstrap,
                "-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=SCRAM-SHA-512",
                "-X", "sasl.username=app", "-X", "sasl.password=app-secret",
                "-X", "ssl.ca.location=" + ca.caPemFile("kcat-ca.pem")));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void kcatProducesAndConsumesOverSaslSslWithScramSha512() throws Exception {
        createTopic("sasl-ssl-kcat");
        String lines = String.join("\n", numbered("kcat-", 300)) + "\n";
        ExternalCommand.run(kcat("-P", "-t", "sasl-ssl-kcat", "-p", "0"), lines.getBytes(), TOOL_TIMEOUT).assertSuccess();
        String consumed = ExternalCommand.run(kcat("-C", "-t", "sasl-ssl-kcat", "-p", "0", "-o", "beginning", "-e", "-q"),
                new byte[0], TOOL_TIMEOUT).assertSuccess().stdout();
        assertEquals(lines, consumed);
    }

    @Test
    void gregorsOwnClientsProduceAndConsumeOverSaslSsl() throws Exception {
        createTopic("sasl-ssl-gregor");
        Map<String, Object> config = clientConfig("app", "app-secret");
        config.put("retry.backoff.ms", 50);
        try (io.gregor.clients.producer.GregorProducer<String, String> producer = new io.gregor.clients.producer.GregorProducer<>(
                config, new io.gregor.clients.producer.StringSerializer(), new io.gregor.clients.producer.StringSerializer())) {
            for (String value : numbered("gregor-", 20)) {
                producer.send(new io.gregor.clients.producer.ProducerRecord<>("sasl-ssl-gregor", 0, null, value))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        List<String> read = new ArrayList<>();
        try (io.gregor.clients.consumer.GregorConsumer<String, String> consumer = new io.gregor.clients.consumer.GregorConsumer<>(
                config, new io.gregor.clients.consumer.StringDeserializer(), new io.gregor.clients.consumer.StringDeserializer())) {
            io.gregor.clients.network.TopicPartition partition = new io.gregor.clients.network.TopicPartition("sasl-ssl-gregor", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read.size() < 20 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
        }
        assertEquals(numbered("gregor-", 20), read);
    }

    @Test
    void gregorToolsWorkOverSaslSslWithTheirConfigFiles() throws Exception {
        Properties props = new Properties();
        clientConfig("app", "app-secret").forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        props.remove("bootstrap.servers");
        java.nio.file.Path config = cluster.newDir("tools-sasl-ssl-").resolve("client-sasl-ssl.properties");
        try (var out = java.nio.file.Files.newOutputStream(config)) {
            props.store(out, "SASL_SSL client");
        }
        String topic = "sasl-ssl-gregor-tools";
        ThreeBrokers.ToolRun created = ThreeBrokers.tool(io.gregor.clients.tools.TopicsCommand::run, "--bootstrap-server",
                bootstrap, "--command-config", config.toString(), "--create", "--topic", topic, "--partitions", "1",
                "--replication-factor", "3");
        assertEquals(0, created.code(), created.err());
        String lines = String.join("\n", numbered("tool-", 100)) + "\n";
        var err = new java.io.ByteArrayOutputStream();
        int produced = io.gregor.clients.tools.ConsoleProducer.run(new String[] {"--bootstrap-server", bootstrap,
                "--producer.config", config.toString(), "--topic", topic},
                new java.io.ByteArrayInputStream(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
        assertEquals(0, produced, err.toString());
        ThreeBrokers.ToolRun consumed = ThreeBrokers.tool(io.gregor.clients.tools.ConsoleConsumer::run, "--bootstrap-server",
                bootstrap, "--consumer.config", config.toString(), "--topic", topic, "--from-beginning",
                "--max-messages", "100", "--timeout-ms", "30000");
        assertEquals(0, consumed.code(), consumed.err());
        assertEquals(lines, consumed.out());
    }

    @Test
    void apacheJavaClient4ProducesAndConsumesOverSaslSslWithScramSha512() throws Exception {
        long authenticationsBefore = java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().successfulAuthentications()).sum();
        Kafka4Run.roundTrip(bootstrap, clientConfig("app", "app-secret"), cluster.newDir("kafka4-sasl-ssl-"));
        assertTrue(java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().successfulAuthentications()).sum()
                > authenticationsBefore, "the 4.x client authenticated");
    }

    private static final String PYTHON_SASL_SSL = """
            import sys
            from kafka import KafkaConsumer, KafkaProducer, TopicPartition

            bootstrap, topic, user, password, cafile = sys.argv[1:6]
            security = dict(security_protocol='SASL_SSL', sasl_mechanism='SCRAM-SHA-512',
                            sasl_plain_username=user, sasl_plain_password=password,
                            ssl_cafile=cafile, ssl_check_hostname=False)
            producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=15000, **security)
            for i in range(50):
                producer.send(topic, ('python-%d' % i).encode('utf-8'), partition=0).get(timeout=30)
            producer.close()
            consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset='earliest',
                                     enable_auto_commit=False, consumer_timeout_ms=15000, **security)
            consumer.assign([TopicPartition(topic, 0)])
            received = 0
            for message in consumer:
                print(message.value.decode('utf-8'), flush=True)
                received += 1
                if received == 50:
                    break
            consumer.close()
            """;

    @Test
    void kafkaPythonProducesAndConsumesOverSaslSslWithScramSha512() throws Exception {
        String python = ExternalCommand.pythonWithKafka();
        createTopic("sasl-ssl-python");
        String out = ExternalCommand.run(List.of(python, "-c", PYTHON_SASL_SSL, bootstrap, "sasl-ssl-python", "app",
                "app-secret", ca.caPemFile("python-ca.pem").toString()), new byte[0], TOOL_TIMEOUT).assertSuccess().stdout();
        assertEquals(numbered("python-", 50), out.lines().toList(), out);
        assertEquals(numbered("python-", 50), readWithApacheClient("sasl-ssl-python", 50));
    }
}
