package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.it.ExternalCommand;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gregor-quickstart.sh --secure} run as a user would, after {@code package} (this class
 * runs in the integration-test phase): ZooKeeper and three brokers whose only listeners are SASL_SSL
 * come up on free loopback ports; the commands it prints (Gregor's console producer and consumer,
 * kcat) work as printed with the app user's config files, the Apache Java client 3.9 produces and
 * consumes with the printed {@code app.properties} unchanged, the app user is refused on a topic
 * outside its prefix, and {@code --stop} stops every process through its PID file.
 */
class SecureQuickstartScriptIT {
    private static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);

    record Run(int code, String output) {
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Run run(Path outDir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHECKOUT.resolve("bin/gregor-quickstart.sh").toString()));
        command.addAll(List.of(args));
        Path out = outDir.resolve("quickstart-" + String.join("", args).replace("-", "") + ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(CHECKOUT.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gregor-quickstart.sh " + String.join(" ", args) + " did not finish within 300 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** The printed example line that starts with {@code start} (after the indentation). */
    private static String printedCommand(String output, String start) {
        for (String line : output.split("\n")) {
            if (line.strip().startsWith(start)) {
                return line.strip();
            }
        }
        throw new AssertionError("no printed command starting with '" + start + "' in:\n" + output);
    }

    private static ExternalCommand.Result shell(String commandLine) throws Exception {
        return ExternalCommand.run(List.of("bash", "-c", commandLine), new byte[0], TOOL_TIMEOUT);
    }

    private static Properties appConfig(Path secureDir, String bootstrap) throws IOException {
        Properties config = new Properties();
        try (Reader r = Files.newBufferedReader(secureDir.resolve("app.properties"), StandardCharsets.UTF_8)) {
            config.load(r);
        }
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }

    @Test
    void secureQuickstartServesTheAppUserOverSaslSslWithItsPrintedConfigAndRefusesItOutsideItsPrefix(@TempDir Path tmp)
            throws Exception {
        Path work = tmp.resolve("qs");
        Map<String, String> env = Map.of("GREGOR_QUICKSTART_DIR", work.toString(),
                "GREGOR_ZOOKEEPER_PORT", String.valueOf(freePort()), "GREGOR_BROKER_PORT", String.valueOf(freePort()),
                "GREGOR_BROKER1_PORT", String.valueOf(freePort()), "GREGOR_BROKER2_PORT", String.valueOf(freePort()));
        try {
            Run start = run(tmp, env, "--secure");
            assertEquals(0, start.code, start.output);
            for (int id = 0; id < 3; id++) {
                assertTrue(Pattern.compile("broker " + id + "  SASL_SSL://127\\.0\\.0\\.1:\\d+").matcher(start.output).find(),
                        "broker " + id + " registered only a SASL_SSL endpoint:\n" + start.output);
            }
            assertFalse(start.output.contains("PLAINTEXT://"), start.output);
            assertTrue(start.output.contains("user-1: placed order 17\n"), start.output);
            assertTrue(start.output.contains("Processed a total of 5 messages"), start.output);
            assertTrue(start.output.contains("sasl.mechanism=SCRAM-SHA-512"), start.output);
            Matcher brokers = Pattern.compile("brokers (\\S+) \\(SASL_SSL only").matcher(start.output);
            assertTrue(brokers.find(), start.output);
            String bootstrap = brokers.group(1);
            Path secureDir = work.resolve("secure");
            assertTrue(start.output.contains(secureDir.resolve("app.properties").toString()), start.output);
            assertFalse(start.output.contains(readPassword(secureDir)), "the printed text does not show the app's password");

            // the printed commands, as printed
            shell(printedCommand(start.output, "printf 'k1:hello\\n' |")).assertSuccess();
            String consumed = shell(printedCommand(start.output, CHECKOUT.resolve("bin/gregor-console-consumer.sh").toString())
                    + " --max-messages 6 --timeout-ms 30000").assertSuccess().stdout();
            assertTrue(consumed.contains("user-2\tplaced order 18\n") && consumed.contains("k1\thello\n"), consumed);
            String kcat = shell(printedCommand(start.output, "kcat -F ")).assertSuccess().stdout();
            assertTrue(kcat.contains("placed order 17\n") && kcat.contains("hello\n"), kcat);
            ExternalCommand.Result refused = shell(printedCommand(start.output, "echo nope |"));
            assertTrue(refused.exitCode() != 0 && (refused.stdout() + refused.stderr()).contains("TOPIC_AUTHORIZATION_FAILED"),
                    refused.describe("should have been refused"));

            // the Apache Java client 3.9 with app.properties unchanged
            Properties producerConfig = appConfig(secureDir, bootstrap);
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("app-events", "java", "from the Apache client")).get(60, TimeUnit.SECONDS);
                ExecutionException outside = assertThrows(ExecutionException.class,
                        () -> producer.send(new ProducerRecord<>("payments", "java", "not yours")).get(60, TimeUnit.SECONDS));
                assertInstanceOf(TopicAuthorizationException.class, outside.getCause());
            }
            Properties consumerConfig = appConfig(secureDir, bootstrap);
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "app-java");
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("app-events"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (values.size() < 7 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        values.add(r.value());
                    }
                }
            }
            assertEquals(7, values.size(), values.toString());
            assertTrue(values.containsAll(List.of("signed up", "placed order 17", "placed order 18", "hello",
                    "from the Apache client")), values.toString());
        } finally {
            Run stop = run(tmp, env, "--stop");
            assertEquals(0, stop.code, stop.output);
        }
        for (int id = 0; id < 3; id++) {
            assertFalse(Files.exists(work.resolve("logs/server-broker-" + id + ".pid")),
                    "broker " + id + "'s PID file is gone after --stop");
        }
        assertFalse(Files.exists(work.resolve("logs/zookeeper.pid")), "ZooKeeper's PID file is gone after --stop");
    }

    @Test
    void badArgumentsPrintUsageAndExitNonZeroWithoutStartingAnything(@TempDir Path tmp) throws Exception {
        Map<String, String> env = Map.of("GREGOR_QUICKSTART_DIR", tmp.resolve("qs").toString());
        for (String[] args : List.of(new String[] {"--secrue"}, new String[] {"--secure", "--stop"})) {
            Run bad = run(tmp, env, args);
            assertEquals(1, bad.code, bad.output);
            assertTrue(bad.output.contains("Usage: "), bad.output);
        }
        assertFalse(Files.exists(tmp.resolve("qs/logs")), "nothing was started");
    }

    private static String readPassword(Path secureDir) throws IOException {
        Matcher m = Pattern.compile("password=\"([^\"]+)\"").matcher(Files.readString(secureDir.resolve("app.properties")));
        assertTrue(m.find());
        return m.group(1);
    }
}
