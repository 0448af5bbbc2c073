package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.it.ApacheClients;
import io.gregor.clients.tools.ConsumerGroupsCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gregor-consumer-groups.sh against a real broker, with groups made by Apache Java consumers
 * (subscribe, commit): listing, the describe table while a member is live and after it left, offset
 * resets that a restarted consumer follows (refused while the group is active), deletion, and a
 * group that only committed offsets (assign + commit), listed and described as Empty as Kafka does.
 */
class ConsumerGroupsCommandE2ETest {
    private static GregorTestCluster cluster;

    record Outcome(int code, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start(Map.of("offsets.topic.num.partitions", "3",
                "offsets.topic.replication.factor", "1", "group.initial.rebalance.delay.ms", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Outcome groups(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConsumerGroupsCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static KafkaConsumer<String, String> groupConsumer(String group, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Produces {@code counts[p]} records to partition p of a new topic. */
    private static void topicWith(String topic, int... counts) throws Exception {
        ApacheClients.createTopic(cluster.bootstrapServers(), topic, counts.length);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(cluster.bootstrapServers(), Map.of())) {
            for (int p = 0; p < counts.length; p++) {
                for (int i = 0; i < counts[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
    }

    /** Subscribes, waits until the consumer owns all {@code partitions} of the topic, and polls until {@code expected} records. */
    private static List<ConsumerRecord<String, String>> joinAndRead(KafkaConsumer<String, String> consumer, String topic,
                                                                    int partitions, int expected) {
        consumer.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((consumer.assignment().size() < partitions || records.size() < expected) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        assertEquals(partitions, consumer.assignment().size(), "assignment " + consumer.assignment());
        return records;
    }

    /** Runs a group consumer of {@code topic} until it has read everything it will get within a short quiet poll; returns the offsets read. */
    private static List<Long> restartAndRead(String group, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = groupConsumer(group, group + "-again")) {
            List<ConsumerRecord<String, String>> records = joinAndRead(consumer, topic, 1, expected);
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            return records.stream().map(ConsumerRecord::offset).toList();
        }
    }

    private static void awaitEmpty(String group) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                groups("--list", "--state", "Empty").lines().stream().anyMatch(l -> l.startsWith(group + " ")));
    }

    private static String[] row(Outcome o, String topic, int partition) {
        return o.lines().stream().map(l -> l.trim().split("\\s+")).filter(c -> c.length >= 9 && c[1].equals(topic)
                && c[2].equals(String.valueOf(partition))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + topic + "-" + partition + " in:\n" + o.out + o.err));
    }

    @Test
    void describeShowsCommittedOffsetsLogEndOffsetsLagAndTheLiveMember() throws Exception {
        topicWith("cg-orders", 10, 6);
        try (KafkaConsumer<String, String> consumer = groupConsumer("cg-describe", "orders-reader")) {
            joinAndRead(consumer, "cg-orders", 2, 16);
            consumer.commitSync(Map.of(new TopicPartition("cg-orders", 0), new OffsetAndMetadata(4)));
            String memberId = consumer.groupMetadata().memberId();

            Outcome list = groups("--list");
            assertEquals(0, list.code, list.err);
            assertTrue(list.lines().contains("cg-describe"), list.out);

            Outcome described = groups("--describe", "--group", "cg-describe");
            assertEquals(0, described.code, described.err);
            assertTrue(described.lines().get(0).matches("GROUP\\s+TOPIC\\s+PARTITION\\s+CURRENT-OFFSET\\s+LOG-END-OFFSET\\s+LAG"
                    + "\\s+CONSUMER-ID\\s+HOST\\s+CLIENT-ID"), described.out);
            String[] p0 = row(described, "cg-orders", 0);
            assertEquals(List.of("cg-describe", "cg-orders", "0", "4", "10", "6", memberId), Arrays.asList(p0).subList(0, 7));
            assertEquals("orders-reader", p0[8]);
            assertTrue(p0[7].contains("127.0.0.1"), "host column: " + p0[7]);
            String[] p1 = row(described, "cg-orders", 1);
            assertEquals(List.of("-", "6", "-", memberId), Arrays.asList(p1).subList(3, 7), "nothing committed on partition 1");

            Outcome members = groups("--describe", "--group", "cg-describe", "--members", "--verbose");
            assertEquals(0, members.code, members.err);
            assertTrue(members.out.contains(memberId) && members.out.contains("cg-orders(0,1)"), members.out);
            Outcome state = groups("--describe", "--group", "cg-describe", "--state");
            assertTrue(state.lines().get(1).matches("cg-describe\\s+127\\.0\\.0\\.1:\\d+\\s+\\(0\\)\\s+range\\s+Stable\\s+1"),
                    state.out);
            Outcome listed = groups("--list", "--state", "stable");
            assertTrue(listed.lines().stream().anyMatch(l -> l.matches("cg-describe\\s+Stable\\s*")), listed.out);

            Outcome refused = groups("--reset-offsets", "--group", "cg-describe", "--topic", "cg-orders", "--to-earliest",
                    "--execute");
            assertEquals(1, refused.code);
            assertTrue(refused.err.contains("Assignments can only be reset if the group 'cg-describe' is inactive, but the"
                    + " current state is Stable."), refused.err);
            Outcome notDeleted = groups("--delete", "--group", "cg-describe");
            assertEquals(1, notDeleted.code);
            assertTrue(notDeleted.err.contains("* Group 'cg-describe' could not be deleted due to: NON_EMPTY_GROUP"),
                    notDeleted.err);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                groups("--describe", "--group", "cg-describe").err.contains("Consumer group 'cg-describe' has no active members."));
        Outcome left = groups("--describe", "--group", "cg-describe");
        assertEquals(List.of("cg-describe", "cg-orders", "0", "4", "10", "6", "-", "-", "-"),
                Arrays.asList(row(left, "cg-orders", 0)));
        assertEquals(1, left.lines().size() - 1, "only committed partitions are shown without members: " + left.out);
    }

    @Test
    void resetOffsetsChangesWhatARestartedConsumerReads() throws Exception {
        topicWith("cg-replay", 10);
        try (KafkaConsumer<String, String> consumer = groupConsumer("cg-reset", "replayer")) {
            assertEquals(10, joinAndRead(consumer, "cg-replay", 1, 10).size());
            consumer.commitSync();
        }
        awaitEmpty("cg-reset");

        Outcome dryRun = groups("--reset-offsets", "--group", "cg-reset", "--topic", "cg-replay", "--to-offset", "7", "--dry-run");
        assertEquals(0, dryRun.code, dryRun.err);
        assertEquals(List.of("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"), Arrays.asList(dryRun.lines().get(0).trim().split("\\s+")));
        assertEquals(List.of("cg-reset", "cg-replay", "0", "7"), Arrays.asList(dryRun.lines().get(1).trim().split("\\s+")));
        assertEquals("10", row(groups("--describe", "--group", "cg-reset"), "cg-replay", 0)[3], "a dry run commits nothing");

        Outcome toSeven = groups("--reset-offsets", "--group", "cg-reset", "--topic", "cg-replay:0", "--to-offset", "7", "--execute");
        assertEquals(0, toSeven.code, toSeven.err);
        assertEquals(List.of("7", "10", "3"), Arrays.asList(row(groups("--describe", "--group", "cg-reset"), "cg-replay", 0))
                .subList(3, 6));
        assertEquals(List.of(7L, 8L, 9L), restartAndRead("cg-reset", "cg-replay", 3));
        awaitEmpty("cg-reset");

        Outcome toEarliest = groups("--reset-offsets", "--group", "cg-reset", "--all-topics", "--to-earliest", "--execute");
        assertEquals(0, toEarliest.code, toEarliest.err);
        assertEquals(List.of("cg-reset", "cg-replay", "0", "0"), Arrays.asList(toEarliest.lines().get(1).trim().split("\\s+")));
        assertEquals(10, restartAndRead("cg-reset", "cg-replay", 10).size());
        awaitEmpty("cg-reset");

        Outcome beyond = groups("--reset-offsets", "--group", "cg-reset", "--topic", "cg-replay", "--shift-by", "-25", "--execute");
        assertEquals(0, beyond.code, beyond.err);
        assertTrue(beyond.err.contains("is lower than earliest offset"), beyond.err);
        assertEquals("0", beyond.lines().get(1).trim().split("\\s+")[3], "shifted to before the log start: the log start");
    }

    @Test
    void deleteRemovesAnEmptyGroupAndItsOffsets() throws Exception {
        topicWith("cg-short", 3);
        try (KafkaConsumer<String, String> consumer = groupConsumer("cg-delete", "deleter")) {
            joinAndRead(consumer, "cg-short", 1, 3);
            consumer.commitSync();
        }
        awaitEmpty("cg-delete");

        Outcome deleted = groups("--delete", "--group", "cg-delete");
        assertEquals(0, deleted.code, deleted.err);
        assertEquals("Deletion of requested consumer groups ('cg-delete') was successful.\n", deleted.out);
        assertFalse(groups("--list").lines().contains("cg-delete"));
        Outcome gone = groups("--describe", "--group", "cg-delete");
        assertEquals(1, gone.code);
        assertTrue(gone.err.contains("Error: Consumer group 'cg-delete' does not exist."), gone.err);
        assertEquals(1, groups("--delete", "--group", "cg-delete").code, "a second delete finds no group");
    }

    @Test
    void aGroupThatOnlyCommittedOffsetsIsDescribedAndResetByItsOffsets() throws Exception {
        topicWith("cg-assigned", 5);
        TopicPartition tp = new TopicPartition("cg-assigned", 0);
        try (KafkaConsumer<String, String> consumer = groupConsumer("cg-simple", "assigner")) {
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(2)));
        }
        Outcome listed = groups("--list");
        assertTrue(listed.out.lines().anyMatch("cg-simple"::equals), "a group known by its offsets is listed: " + listed.out);
        Outcome state = groups("--describe", "--group", "cg-simple", "--state");
        assertTrue(state.out.contains("Empty"), state.out);
        Outcome described = groups("--describe", "--group", "cg-simple");
        assertEquals(0, described.code, described.err);
        assertEquals(List.of("cg-simple", "cg-assigned", "0", "2", "5", "3", "-", "-", "-"),
                Arrays.asList(row(described, "cg-assigned", 0)));
        Outcome members = groups("--describe", "--group", "cg-simple", "--members");
        assertEquals(0, members.code, members.err);
        assertTrue(members.err.contains("Consumer group 'cg-simple' has no active members."), members.err);
        Outcome reset = groups("--reset-offsets", "--group", "cg-simple", "--topic", "cg-assigned", "--to-latest", "--execute");
        assertEquals(0, reset.code, reset.err);
        assertEquals(List.of("5", "5", "0"), Arrays.asList(row(groups("--describe", "--group", "cg-simple"), "cg-assigned", 0))
                .subList(3, 6));
    }

    @Test
    void badFlagsPrintUsageAndExitNonZero() {
        for (String[] args : List.of(new String[] {"--describe"}, new String[] {"--reset-offsets", "--group", "g", "--to-latest"},
                new String[] {"--list", "--members"}, new String[] {"--bogus"})) {
            Outcome o = groups(args);
            assertEquals(1, o.code, String.join(" ", args));
            assertTrue(o.err.contains("Option                                   Description"), o.err);
        }
    }
}
