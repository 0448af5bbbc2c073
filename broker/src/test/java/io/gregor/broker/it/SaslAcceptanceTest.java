package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.GregorZkClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL against three Gregor brokers whose clients' listener is SASL_PLAINTEXT (PLAIN users from the
 * listener's JAAS config, SCRAM users from ZooKeeper; the brokers talk to each other on a PLAINTEXT
 * listener): the Apache Java client 3.9, kcat (librdkafka) and kafka-python produce and consume with
 * PLAIN and SCRAM-SHA-512; Kafka 3.9.1's {@code kafka-configs.sh} creates a SCRAM user, which then
 * authenticates on every broker; wrong credentials are refused while others are served.
 */
class SaslAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final String PLAIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\";";

    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String bootstrap;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = GregorCluster.start();
        // REAUTH: a second SASL listener whose sessions last 2 s (KIP-368)
        Map<String, String> sasl = Map.of(
                "listeners", "INTERNAL://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,REAUTH://127.0.0.1:0",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,REAUTH:SASL_PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL",
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_JAAS,
                "listener.name.reauth.plain.sasl.jaas.config", PLAIN_JAAS,
                "listener.name.reauth.plain.connections.max.reauth.ms", "2000");
        brokers = cluster.startInProcessBrokers(3, sasl);
        bootstrap = "127.0.0.1:" + brokers[0].boundPort("SASL_PLAINTEXT");
        admin = Admin.create(props(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "PLAIN", "admin", "admin-secret"));
        Awaitility.await("three brokers in metadata").atMost(WAIT)
                .until(() -> admin.describeCluster().nodes().get().size() == 3);
        KafkaConfigCommand.runAgainst(admin, bootstrap, "--alter", "--entity-type", "users", "--entity-name", "carol",
                "--add-config", "SCRAM-SHA-512=[iterations=8192,password=carol-secret],SCRAM-SHA-256=[password=carol-256]");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Properties props(String bootstrapKey, String servers, String mechanism, String user, String password) {
        Properties props = new Properties();
        props.put(bootstrapKey, servers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\"" + password + "\";");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }

    private static KafkaProducer<String, String> producer(String servers, String mechanism, String user, String password) {
        Properties props = props(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, mechanism, user, password);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readValues(String servers, String mechanism, String user, String password, String topic,
                                           int expected) {
        return ApacheClients.readPartitionZeroValues(props(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, mechanism, user,
                password), topic, expected, WAIT);
    }

    private static void createTopic(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static void produce(KafkaProducer<String, String> producer, String topic, List<String> values) throws Exception {
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void javaClientProducesAndConsumesWithPlain() throws Exception {
        createTopic("sasl-plain");
        List<String> values = numbered("plain-", 20);
        try (KafkaProducer<String, String> producer = producer(bootstrap, "PLAIN", "alice", "alice-secret")) {
            produce(producer, "sasl-plain", values);
        }
        assertEquals(values, readValues(bootstrap, "PLAIN", "alice", "alice-secret", "sasl-plain", values.size()));
    }

    @Test
    void configCommandCreatesAScramUserStoredAsKafkaStoresItThatAuthenticatesOnEveryBroker() throws Exception {
        assertEquals("SCRAM credential configs for user-principal 'carol' are SCRAM-SHA-256=iterations=4096, "
                        + "SCRAM-SHA-512=iterations=8192\n",
                KafkaConfigCommand.runAgainst(admin, bootstrap, "--describe", "--entity-type", "users", "--entity-name", "carol"));
        try (GregorZkClient zk = GregorZkClient.connect(cluster.zookeeperConnect(), 6000, 15_000)) {
            String stored = new ConfigEntityStore(zk).get("users/carol").orElseThrow().config().get("SCRAM-SHA-512");
            assertTrue(stored.matches("salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/=]+,server_key=[A-Za-z0-9+/=]+,iterations=8192"),
                    stored);
        }
        createTopic("sasl-scram");
        List<String> values = numbered("scram-", 20);
        String lastBroker = "127.0.0.1:" + brokers[2].boundPort("SASL_PLAINTEXT");
        try (KafkaProducer<String, String> producer = producer(lastBroker, "SCRAM-SHA-512", "carol", "carol-secret")) {
            produce(producer, "sasl-scram", values);
        }
        assertEquals(values, readValues(lastBroker, "SCRAM-SHA-256", "carol", "carol-256", "sasl-scram", values.size()));
    }

    @Test
    void aScramCredentialRemovedWithConfigCommandNoLongerAuthenticates() throws Exception {
        KafkaConfigCommand.runAgainst(admin, bootstrap, "--alter", "--entity-type", "users", "--entity-name", "erin",
                "--add-config", "SCRAM-SHA-512=[password=erin-secret]");
        try (Admin erin = Admin.create(props(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "SCRAM-SHA-512", "erin", "erin-secret"))) {
            Awaitility.await("erin's credential is known").atMost(WAIT).ignoreExceptions()
                    .until(() -> erin.describeCluster().nodes().get().size() == 3);
        }
        KafkaConfigCommand.runAgainst(admin, bootstrap, "--alter", "--entity-type", "users", "--entity-name", "erin",
                "--delete-config", "SCRAM-SHA-512");
        Awaitility.await("erin is refused").atMost(WAIT).until(() -> {
            try (Admin erin = Admin.create(props(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "SCRAM-SHA-512", "erin", "erin-secret"))) {
                erin.describeCluster().nodes().get(20, TimeUnit.SECONDS);
                return false;
            } catch (ExecutionException e) {
                return e.getCause() instanceof SaslAuthenticationException;
            }
        });
    }

    @Test
    void wrongCredentialsAreRefusedWithKafkasErrorWhileAnotherClientKeepsWorking() throws Exception {
        createTopic("sasl-refused");
        long failuresBefore = brokers[0].sasl().failedAuthentications();
        try (KafkaProducer<String, String> good = producer(bootstrap, "PLAIN", "alice", "alice-secret");
             KafkaProducer<String, String> bad = producer(bootstrap, "PLAIN", "alice", "not-her-password");
             KafkaProducer<String, String> badScram = producer(bootstrap, "SCRAM-SHA-512", "carol", "not-hers")) {
            produce(good, "sasl-refused", List.of("before"));
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> bad.send(new ProducerRecord<>("sasl-refused", "never")).get(30, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof SaslAuthenticationException, refused.toString());
            assertTrue(refused.getCause().getMessage().contains("Invalid username or password"), refused.getCause().getMessage());
            ExecutionException refusedScram = assertThrows(ExecutionException.class,
                    () -> badScram.send(new ProducerRecord<>("sasl-refused", "never")).get(30, TimeUnit.SECONDS));
            assertTrue(refusedScram.getCause() instanceof SaslAuthenticationException, refusedScram.toString());
            produce(good, "sasl-refused", List.of("after"));
        }
        assertTrue(brokers[0].sasl().failedAuthentications() >= failuresBefore + 2);
        assertEquals(List.of("before", "after"), readValues(bootstrap, "PLAIN", "admin", "admin-secret", "sasl-refused", 2));
    }

    @Test
    void theJavaClientReauthenticatesBeforeItsSessionEndsAndKeepsProducing() throws Exception {
        createTopic("sasl-reauth");
        String reauth = "127.0.0.1:" + brokers[0].boundPort("REAUTH");
        long reauthenticationsBefore = java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().reauthentications()).sum();
        List<String> values = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (KafkaProducer<String, String> producer = producer(reauth, "PLAIN", "alice", "alice-secret")) {
            // a send every 200 ms, each acknowledged, until the producer has re-authenticated twice (bounded)
            while (java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().reauthentications()).sum()
                    < reauthenticationsBefore + 2 && System.nanoTime() - deadline < 0) {
                String value = "reauth-" + values.size();
                producer.send(new ProducerRecord<>("sasl-reauth", value)).get(30, TimeUnit.SECONDS);
                values.add(value);
                long next = System.nanoTime() + 200_000_000L;
                Awaitility.await().pollInterval(Duration.ofMillis(20)).until(() -> System.nanoTime() - next >= 0);
            }
        }
        assertTrue(java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().reauthentications()).sum()
                >= reauthenticationsBefore + 2, "the producer re-authenticated at least twice");
        assertEquals(values, readValues(bootstrap, "PLAIN", "alice", "alice-secret", "sasl-reauth", values.size()));
    }

    @Test
    void gregorsProducerMovesToAFreshlyAuthenticatedConnectionBeforeItsSessionEndsSoTheBrokerNeverCutsIt() throws Exception {
        createTopic("sasl-reauth-gregor");
        Map<String, Object> config = gregorClient("PLAIN", "alice", "alice-secret");
        config.put("bootstrap.servers", "127.0.0.1:" + brokers[0].boundPort("REAUTH"));
        long killedBefore = java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().expiredConnectionsKilled()).sum();
        List<String> values = new java.util.ArrayList<>();
        try (io.gregor.clients.producer.GregorProducer<String, String> producer = new io.gregor.clients.producer.GregorProducer<>(
                config, new io.gregor.clients.producer.StringSerializer(), new io.gregor.clients.producer.StringSerializer())) {
            producer.send(new io.gregor.clients.producer.ProducerRecord<>("sasl-reauth-gregor", 0, null, "first"))
                    .get(30, TimeUnit.SECONDS);
            values.add("first");
            long connected = java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().successfulAuthentications()).sum();
            long deadline = System.nanoTime() + 60_000_000_000L;
            // a send every 200 ms, each acknowledged, until two sessions (2 s each) were replaced (bounded)
            while (java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().successfulAuthentications()).sum() < connected + 2
                    && System.nanoTime() - deadline < 0) {
                String value = "reauth-" + values.size();
                producer.send(new io.gregor.clients.producer.ProducerRecord<>("sasl-reauth-gregor", 0, null, value))
                        .get(30, TimeUnit.SECONDS);
                values.add(value);
                long next = System.nanoTime() + 200_000_000L;
                Awaitility.await().pollInterval(Duration.ofMillis(20)).until(() -> System.nanoTime() - next >= 0);
            }
            assertTrue(java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().successfulAuthentications()).sum()
                    >= connected + 2, "the producer authenticated two new connections");
        }
        assertEquals(killedBefore, java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().expiredConnectionsKilled()).sum(),
                "no connection of the producer outlived its session");
        assertEquals(values, readValues(bootstrap, "PLAIN", "alice", "alice-secret", "sasl-reauth-gregor", values.size()));
    }

    private static List<String> kcat(String mechanism, String user, String password, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(ExternalCommand.kcat(), "-b", bootstrap,
                "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=" + mechanism,
                "-X", "sasl.username=" + user, "-X", "sasl.password=" + password));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void kcatProducesAndConsumesWithPlainAndScramSha512AndIsRefusedAWrongPassword() throws Exception {
        createTopic("sasl-kcat");
        ExternalCommand.run(kcat("PLAIN", "alice", "alice-secret", "-P", "-t", "sasl-kcat", "-p", "0"),
                "plain-1\nplain-2\n".getBytes(), TOOL_TIMEOUT).assertSuccess();
        ExternalCommand.run(kcat("SCRAM-SHA-512", "carol", "carol-secret", "-P", "-t", "sasl-kcat", "-p", "0"),
                "scram-1\nscram-2\n".getBytes(), TOOL_TIMEOUT).assertSuccess();
        String consumed = ExternalCommand.run(kcat("SCRAM-SHA-512", "carol", "carol-secret", "-C", "-t", "sasl-kcat",
                "-p", "0", "-o", "beginning", "-e", "-q"), new byte[0], TOOL_TIMEOUT).assertSuccess().stdout();
        assertEquals("plain-1\nplain-2\nscram-1\nscram-2\n", consumed);
        ExternalCommand.Result refused = ExternalCommand.run(kcat("SCRAM-SHA-512", "carol", "wrong", "-L", "-m", "5"),
                new byte[0], TOOL_TIMEOUT);
        assertTrue(refused.exitCode() != 0, refused.toString());
        assertTrue(refused.stderr().contains("Authentication failed"), refused.stderr());
    }

    private static Map<String, Object> gregorClient(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", bootstrap, "retry.backoff.ms", 50,
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", mechanism,
                "sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";"));
        return config;
    }

    @Test
    void gregorsOwnClientsProduceAndConsumeWithScramSha512AndPlain() throws Exception {
        createTopic("sasl-gregor");
        try (io.gregor.clients.producer.GregorProducer<String, String> producer = new io.gregor.clients.producer.GregorProducer<>(
                gregorClient("SCRAM-SHA-512", "carol", "carol-secret"), new io.gregor.clients.producer.StringSerializer(),
                new io.gregor.clients.producer.StringSerializer())) {
            for (String value : numbered("gregor-", 10)) {
                producer.send(new io.gregor.clients.producer.ProducerRecord<>("sasl-gregor", 0, null, value)).get(30, TimeUnit.SECONDS);
            }
        }
        List<String> read = new java.util.ArrayList<>();
        try (io.gregor.clients.consumer.GregorConsumer<String, String> consumer = new io.gregor.clients.consumer.GregorConsumer<>(
                gregorClient("PLAIN", "alice", "alice-secret"), new io.gregor.clients.consumer.StringDeserializer(),
                new io.gregor.clients.consumer.StringDeserializer())) {
            io.gregor.clients.network.TopicPartition partition = new io.gregor.clients.network.TopicPartition("sasl-gregor", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read.size() < 10 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
        }
        assertEquals(numbered("gregor-", 10), read);
    }

    private static final String PYTHON = """
            import sys
            from kafka import KafkaConsumer, KafkaProducer, TopicPartition

            bootstrap, topic, mechanism, user, password = sys.argv[1:6]
            security = dict(security_protocol='SASL_PLAINTEXT', sasl_mechanism=mechanism,
                            sasl_plain_username=user, sasl_plain_password=password)
            producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=15000, **security)
            for i in range(5):
                producer.send(topic, ('%s-%d' % (mechanism, i)).encode('utf-8'), partition=0).get(timeout=30)
            producer.close()
            consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset='earliest',
                                     enable_auto_commit=False, consumer_timeout_ms=15000, **security)
            consumer.assign([TopicPartition(topic, 0)])
            for message in consumer:
                print(message.value.decode('utf-8'), flush=True)
            consumer.close()
            """;

    @Test
    void kafkaPythonProducesAndConsumesWithPlainAndScramSha512() throws Exception {
        String python = ExternalCommand.pythonWithKafka();
        for (String[] credentials : List.of(new String[] {"PLAIN", "alice", "alice-secret"},
                new String[] {"SCRAM-SHA-512", "carol", "carol-secret"})) {
            String topic = "sasl-python-" + credentials[0].toLowerCase();
            createTopic(topic);
            String out = ExternalCommand.run(List.of(python, "-c", PYTHON, bootstrap, topic, credentials[0], credentials[1],
                    credentials[2]), new byte[0], TOOL_TIMEOUT).assertSuccess().stdout();
            assertEquals(numbered(credentials[0] + "-", 5), List.of(out.strip().split("\n")), out);
        }
    }

    @Test
    void apacheJavaClient4ProducesAndConsumesWithPlain() throws Exception {
        Map<String, Object> config = new HashMap<>();
        props(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "PLAIN", "alice", "alice-secret")
                .forEach((k, v) -> config.put((String) k, v));
        long authenticationsBefore = java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().successfulAuthentications()).sum();
        Kafka4Run.roundTrip(bootstrap, config, cluster.newDir("kafka4-sasl-plain-"));
        assertTrue(java.util.Arrays.stream(brokers).mapToLong(b -> b.sasl().successfulAuthentications()).sum()
                > authenticationsBefore, "the 4.x client authenticated");
    }
}
