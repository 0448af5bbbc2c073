package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.tools.AclsCommand;
import io.gregor.clients.tools.ConfigsCommand;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gregor's own {@code gregor-acls.sh} and {@code gregor-configs.sh --entity-type users} against three
 * brokers with Kafka's ACL authorizer ({@code allow.everyone.if.no.acl.found=false}), the admin
 * being User:ANONYMOUS on PLAINTEXT and a super user, applications on a SASL_PLAINTEXT listener
 * with SCRAM-SHA-512: what Gregor's tool adds Kafka 3.9.1's AclCommand lists (and the other way
 * round), removals are seen by both, and a SCRAM user created by Gregor's tool authenticates and
 * produces and consumes through the --producer and --consumer ACLs the tool grants.
 */
class GregorAclAndScramToolsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String admin;
    private static String sasl;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorCluster.start();
        brokers = cluster.startInProcessBrokers(3, Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "authorizer.class.name", "kafka.security.authorizer.AclAuthorizer",
                "allow.everyone.if.no.acl.found", "false",
                "super.users", "User:ANONYMOUS;User:root"));
        admin = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT");
        sasl = "127.0.0.1:" + brokers[1].boundPort("SASL_PLAINTEXT");
        for (String topic : List.of("orders", "audit")) {
            ApacheClients.createTopic(admin, topic, 1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** {@code --bootstrap-server <admin listener>} and then {@code args}. */
    private static String[] withBootstrap(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = admin;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private static ThreeBrokers.ToolRun aclsAnswering(String input, String... args) {
        String[] all = withBootstrap(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AclsCommand.run(all, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ThreeBrokers.ToolRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ThreeBrokers.ToolRun acls(String... args) {
        return aclsAnswering("", args);
    }

    private static ThreeBrokers.ToolRun kafkaAcls(String... args) {
        String[] all = withBootstrap(args);
        return KafkaTools.run(kafka.admin.AclCommand::main, all);
    }

    private static ThreeBrokers.ToolRun configs(String... args) {
        String[] all = withBootstrap(args);
        return ThreeBrokers.tool(ConfigsCommand::run, all);
    }

    private static void assertOk(ThreeBrokers.ToolRun run) {
        assertEquals(0, run.code(), run.out() + run.err());
    }

    @Test
    void aclsAddedByGregorsToolAreListedByKafkasAclCommandInTheSameWords() {
        ThreeBrokers.ToolRun add = acls("--add", "--allow-principal", "User:alice", "--operation", "Read", "--topic", "audit");
        assertOk(add);
        assertTrue(add.out().startsWith("Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=audit, patternType=LITERAL)`: "
                + System.lineSeparator() + " \t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW) "), add.out());
        await().atMost(WAIT).untilAsserted(() -> {
            ThreeBrokers.ToolRun kafka = kafkaAcls("--list", "--topic", "audit");
            assertOk(kafka);
            ThreeBrokers.ToolRun gregor = acls("--list", "--topic", "audit");
            assertOk(gregor);
            assertTrue(gregor.out().contains("(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)"), gregor.out());
            assertEquals(kafka.out(), gregor.out());
        });
    }

    @Test
    void aclsAddedByKafkasAclCommandAreListedAndRemovedByGregorsTool() {
        assertOk(kafkaAcls("--add", "--deny-principal", "User:mallory", "--deny-host", "10.9.9.9", "--operation", "Read",
                "--group", "ledger-", "--resource-pattern-type", "prefixed"));
        String acl = "(principal=User:mallory, host=10.9.9.9, operation=READ, permissionType=DENY)";
        await().atMost(WAIT).untilAsserted(() -> {
            ThreeBrokers.ToolRun list = acls("--list", "--group", "ledger-", "--resource-pattern-type", "prefixed");
            assertOk(list);
            assertTrue(list.out().contains("Current ACLs for resource `ResourcePattern(resourceType=GROUP, name=ledger-, "
                    + "patternType=PREFIXED)`: " + System.lineSeparator() + " \t" + acl), list.out());
        });
        ThreeBrokers.ToolRun byPrincipal = acls("--list", "--principal", "User:mallory");
        assertOk(byPrincipal);
        assertTrue(byPrincipal.out().startsWith("ACLs for principal `User:mallory`"), byPrincipal.out());
        assertTrue(byPrincipal.out().contains(acl), byPrincipal.out());
        assertFalse(byPrincipal.out().contains("User:alice"), byPrincipal.out());

        ThreeBrokers.ToolRun declined = aclsAnswering("n\n", "--remove", "--group", "ledger-", "--resource-pattern-type", "prefixed");
        assertOk(declined);
        assertTrue(declined.out().contains("Are you sure you want to delete all ACLs for resource filter"), declined.out());
        assertTrue(acls("--list", "--group", "ledger-", "--resource-pattern-type", "prefixed").out().contains(acl));

        assertOk(aclsAnswering("y\n", "--remove", "--group", "ledger-", "--resource-pattern-type", "prefixed"));
        await().atMost(WAIT).untilAsserted(() -> {
            ThreeBrokers.ToolRun kafka = kafkaAcls("--list", "--group", "ledger-", "--resource-pattern-type", "prefixed");
            assertOk(kafka);
            assertFalse(kafka.out().contains("User:mallory"), kafka.out());
        });
    }

    @Test
    void removingOneAclWithForceLeavesTheOthersOfTheResource() {
        assertOk(acls("--add", "--allow-principal", "User:bob", "--allow-principal", "User:carl", "--operation", "Describe",
                "--transactional-id", "tx-1"));
        assertOk(acls("--remove", "--force", "--allow-principal", "User:bob", "--operation", "Describe", "--transactional-id", "tx-1"));
        await().atMost(WAIT).untilAsserted(() -> {
            ThreeBrokers.ToolRun kafka = kafkaAcls("--list", "--transactional-id", "tx-1");
            assertOk(kafka);
            assertTrue(kafka.out().contains("principal=User:carl"), kafka.out());
            assertFalse(kafka.out().contains("principal=User:bob"), kafka.out());
        });
    }

    @Test
    void aScramUserCreatedByGregorsConfigsToolProducesAndConsumesThroughTheShortcutAcls() throws Exception {
        ThreeBrokers.ToolRun created = configs("--alter", "--entity-type", "users", "--entity-name", "dave",
                "--add-config", "SCRAM-SHA-512=[iterations=8192,password=dave-secret]");
        assertOk(created);
        assertEquals("Completed updating config for user dave.", created.out().trim());
        ThreeBrokers.ToolRun described = configs("--describe", "--entity-type", "users", "--entity-name", "dave");
        assertOk(described);
        assertTrue(described.out().contains("SCRAM credential configs for user-principal 'dave' are SCRAM-SHA-512=iterations=8192"),
                described.out());
        try (Admin kafkaAdmin = ApacheClients.admin(admin)) {
            String kafkaSees = KafkaConfigCommand.runAgainst(kafkaAdmin, admin, "--describe", "--entity-type", "users",
                    "--entity-name", "dave");
            assertTrue(kafkaSees.contains("SCRAM credential configs for user-principal 'dave' are SCRAM-SHA-512=iterations=8192"),
                    kafkaSees);
        }

        // authenticated, but no ACL yet: refused
        try (KafkaProducer<String, String> producer = producer("dave", "dave-secret")) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("orders", "early")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        } catch (TopicAuthorizationException direct) {
            // the producer may refuse in send() itself
        }

        assertOk(acls("--add", "--producer", "--consumer", "--topic", "orders", "--group", "dave-group",
                "--allow-principal", "User:dave"));
        await().atMost(WAIT).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer = producer("dave", "dave-secret")) {
                producer.send(new ProducerRecord<>("orders", "o1")).get(30, TimeUnit.SECONDS);
            }
        });
        assertTrue(consume("dave", "dave-secret", "orders", "dave-group").contains("o1"));

        ThreeBrokers.ToolRun deleted = configs("--alter", "--entity-type", "users", "--entity-name", "dave",
                "--delete-config", "SCRAM-SHA-512");
        assertOk(deleted);
        assertFalse(configs("--describe", "--entity-type", "users", "--entity-name", "dave").out().contains("SCRAM"));
        await().atMost(WAIT).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer = producer("dave", "dave-secret")) {
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> producer.send(new ProducerRecord<>("orders", "late")).get(30, TimeUnit.SECONDS));
                assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
            } catch (SaslAuthenticationException direct) {
                // refused while fetching metadata in send()
            }
        });
    }

    @Test
    void gregorsAclToolAuthenticatesWithTheSaslSettingsOfCommandConfig() throws Exception {
        assertOk(configs("--alter", "--entity-type", "users", "--entity-name", "root",
                "--add-config", "SCRAM-SHA-512=[password=root-secret]"));
        java.nio.file.Path config = cluster.newDir("command-config").resolve("root.properties");
        java.nio.file.Files.writeString(config, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"root\""
                + " password=\"root-secret\";\n");
        await().atMost(WAIT).untilAsserted(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = AclsCommand.run(new String[] {"--bootstrap-server", sasl, "--command-config", config.toString(),
                            "--add", "--allow-principal", "User:frank", "--operation", "Read", "--group", "frank-group"},
                    new BufferedReader(new StringReader("")), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, out + "" + err);
        });
        await().atMost(WAIT).untilAsserted(() -> assertTrue(kafkaAcls("--list", "--group", "frank-group").out()
                .contains("(principal=User:frank, host=*, operation=READ, permissionType=ALLOW)")));
    }

    private static Properties saslProps(String user, String password) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, sasl);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }

    private static KafkaProducer<String, String> producer(String user, String password) {
        Properties props = saslProps(user, password);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<String> consume(String user, String password, String topic, String group) {
        Properties props = saslProps(user, password);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            consumer.commitSync();
        }
        return values;
    }
}
