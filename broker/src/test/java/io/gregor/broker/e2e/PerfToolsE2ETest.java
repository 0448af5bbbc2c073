package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.consumer.ByteArrayDeserializer;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.tools.ConsoleConsumer;
import io.gregor.clients.tools.ConsumerPerformance;
import io.gregor.clients.tools.ProducerPerformance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gregor-producer-perf-test / gregor-consumer-perf-test against a real broker: they move exactly the
 * requested number of records and print the lines of Kafka's perf tools, so scripts that parse
 * Kafka's output read Gregor's.
 */
class PerfToolsE2ETest {
    private static final Pattern PRODUCER_WINDOW = Pattern.compile(
            "[0-9]+ records sent, [0-9]+\\.[0-9] records/sec \\([0-9]+\\.[0-9]{2} MB/sec\\), [0-9]+\\.[0-9] ms avg latency, "
                    + "[0-9]+\\.[0-9] ms max latency\\.");
    private static final Pattern PRODUCER_TOTAL = Pattern.compile(
            "([0-9]+) records sent, [0-9]+\\.[0-9]{6} records/sec \\([0-9]+\\.[0-9]{2} MB/sec\\), [0-9]+\\.[0-9]{2} ms avg latency, "
                    + "[0-9]+\\.[0-9]{2} ms max latency, [0-9]+ ms 50th, [0-9]+ ms 95th, [0-9]+ ms 99th, [0-9]+ ms 99\\.9th\\.");
    private static final String CONSUMER_HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
            + "nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}:[0-9]{3}";
    private static final Pattern CONSUMER_TOTAL = Pattern.compile(DATE + ", " + DATE
            + ", ([0-9]+\\.[0-9]{4}), [0-9]+\\.[0-9]{4}, ([0-9]+), [0-9]+\\.[0-9]{4}, [0-9]+, [0-9]+, [0-9]+\\.[0-9]{4}, [0-9]+\\.[0-9]{4}");
    private static final Pattern CONSUMER_DETAIL = Pattern.compile(DATE
            + ", 0, [0-9]+\\.[0-9]{4}, [0-9]+\\.[0-9]{4}, [0-9]+, [0-9]+\\.[0-9]{4}, 0, [0-9]+, [0-9]+\\.[0-9]{4}, [0-9]+\\.[0-9]{4}");

    private static GregorTestCluster cluster;

    record Outcome(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    interface Tool {
        int run(PrintStream out, PrintStream err);
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static Outcome run(Tool tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void createTopic(String topic, int partitions) {
        try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)), false).all();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic)).get(topic)
                    .partitions().stream().allMatch(p -> p.hasLeader()));
        }
    }

    private static Outcome producerPerf(String... args) {
        return run((o, e) -> ProducerPerformance.run(args, o, e));
    }

    private static Outcome consumerPerf(String... args) {
        return run((o, e) -> ConsumerPerformance.run(args, o, e));
    }

    private static long storedRecords(String topic, int partitions) {
        try (GregorConsumer<byte[], byte[]> c = new GregorConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = java.util.stream.IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void producerPerfTestSendsTheRequestedCountWithAProgressLinePerFiveSecondsAndKafkasSummary() {
        createTopic("perf-paced", 2);
        // 11,000 records at 2,000/s take 5.5 s: one progress line, then the summary
        Outcome o = producerPerf("--topic", "perf-paced", "--num-records", "11000", "--record-size", "100", "--throughput", "2000",
                "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers(), "acks=all", "linger.ms=5");
        assertEquals(0, o.code, o.err);
        List<String> lines = o.lines();
        assertTrue(lines.size() >= 2, o.out);
        for (String progress : lines.subList(0, lines.size() - 1)) {
            assertTrue(PRODUCER_WINDOW.matcher(progress).matches(), progress);
        }
        var total = PRODUCER_TOTAL.matcher(lines.get(lines.size() - 1));
        assertTrue(total.matches(), lines.get(lines.size() - 1));
        assertEquals("11000", total.group(1));
        assertEquals(11000, storedRecords("perf-paced", 2));
    }

    @Test
    void consumerPerfTestReadsTheRequestedCountAndPrintsKafkasHeaderAndSummary() {
        createTopic("perf-read", 3);
        Outcome produced = producerPerf("--topic", "perf-read", "--num-records", "5000", "--record-size", "100", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers());
        assertEquals(0, produced.code, produced.err);

        Outcome o = consumerPerf("--bootstrap-server", cluster.bootstrapServers(), "--topic", "perf-read", "--messages", "4000",
                "--group", "perf-group");
        assertEquals(0, o.code, o.err);
        assertEquals(2, o.lines().size(), o.out);
        assertEquals(CONSUMER_HEADER, o.lines().get(0));
        var total = CONSUMER_TOTAL.matcher(o.lines().get(1));
        assertTrue(total.matches(), o.lines().get(1));
        assertEquals("4000", total.group(2));
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", 4000 * 100 / 1048576.0), total.group(1));
        try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertTrue(admin.listConsumerGroups().stream().anyMatch(g -> g.groupId().equals("perf-group")),
                    "the tool consumed in the group it was given");
        }

        Outcome detailed = consumerPerf("--bootstrap-server", cluster.bootstrapServers(), "--topic", "perf-read", "--messages", "5000",
                "--show-detailed-stats", "--reporting-interval", "1");
        assertEquals(0, detailed.code, detailed.err);
        assertEquals("time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
                + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec", detailed.lines().get(0));
        assertTrue(detailed.lines().size() >= 2, detailed.out);
        detailed.lines().subList(1, detailed.lines().size())
                .forEach(line -> assertTrue(CONSUMER_DETAIL.matcher(line).matches(), line));

        Outcome tooMany = consumerPerf("--bootstrap-server", cluster.bootstrapServers(), "--topic", "perf-read", "--messages", "5001",
                "--timeout", "500", "--hide-header");
        assertEquals(1, tooMany.code, tooMany.err);
        assertTrue(tooMany.err.contains("WARNING: Exiting before consuming the expected number of messages: timeout (500 ms) exceeded."),
                tooMany.err);
        var partial = CONSUMER_TOTAL.matcher(tooMany.out.strip());
        assertTrue(partial.matches(), tooMany.out);
        assertEquals("5000", partial.group(2));
    }

    @Test
    void monotonicPayloadsAreTheSequenceNumbers() {
        createTopic("perf-monotonic", 1);
        Outcome o = producerPerf("--topic", "perf-monotonic", "--num-records", "3", "--payload-monotonic", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers());
        assertEquals(0, o.code, o.err);
        Outcome read = run((out, err) -> ConsoleConsumer.run(new String[] {"--bootstrap-server", cluster.bootstrapServers(),
                "--topic", "perf-monotonic", "--from-beginning", "--max-messages", "3"}, out, err));
        assertEquals(List.of("0", "1", "2"), read.lines());
    }
}
