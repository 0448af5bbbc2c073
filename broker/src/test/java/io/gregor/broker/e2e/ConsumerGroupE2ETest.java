package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.it.ApacheClients;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.consumer.ConsumerRebalanceListener;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.consumer.StringDeserializer;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.StringSerializer;
import io.gregor.clients.tools.ConsoleConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gregor consumers in consumer groups against a real broker: two members split a topic, a closing
 * member's partitions move to the survivor, a restarted member resumes from committed offsets, a
 * Gregor and an Apache Java consumer share a group (eager and cooperative), the cooperative protocol
 * revokes only what moves, new partitions are picked up, and a static member does not leave on close.
 * Each test uses its own topic and group.
 */
class ConsumerGroupE2ETest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static GregorTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start(Map.of("offsets.topic.num.partitions", "3", "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String topic(int partitions) throws Exception {
        String name = "cg-topic-" + NAMES.incrementAndGet();
        try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)), false).all();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(name)).get(name)
                    .partitions().stream().allMatch(p -> p.hasLeader()));
        }
        return name;
    }

    private static void produce(String topic, int partitions, int from, int count) {
        try (GregorProducer<String, String> p = new GregorProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                p.send(new ProducerRecord<>(topic, i % partitions, null, "v" + i));
            }
            p.flush();
        }
    }

    static GregorConsumer<String, String> consumer(String group, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", group,
                "auto.offset.reset", "earliest", "retry.backoff.ms", 20, "fetch.max.wait.ms", 50,
                "heartbeat.interval.ms", 200, "session.timeout.ms", 6000));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new GregorConsumer<>(m, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaConsumer<String, String> apacheConsumer(String group, String strategy) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "200");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, strategy);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer());
    }

    /** Polls every consumer in turn (one thread, as the group only needs each member to keep polling) until {@code done}. */
    private static void pollUntil(BooleanSupplier done, Runnable... polls) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!done.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "condition not reached within 30 s");
            for (Runnable p : polls) {
                p.run();
            }
        }
    }

    private static Set<TopicPartition> all(String topic, int partitions) {
        Set<TopicPartition> out = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    private static boolean splits(Set<TopicPartition> a, Set<TopicPartition> b, Set<TopicPartition> all) {
        Set<TopicPartition> union = new HashSet<>(a);
        union.addAll(b);
        return a.size() == all.size() / 2 && b.size() == all.size() / 2 && union.equals(all);
    }

    @Test
    void twoConsumersSplitAFourPartitionTopicAndTheSurvivorTakesAllWhenOneCloses() throws Exception {
        String topic = topic(4);
        try (GregorConsumer<String, String> a = consumer("split");
             GregorConsumer<String, String> b = consumer("split")) {
            a.subscribe(List.of(topic));
            b.subscribe(List.of(topic));
            pollUntil(() -> splits(a.assignment(), b.assignment(), all(topic, 4)),
                    () -> a.poll(Duration.ofMillis(50)), () -> b.poll(Duration.ofMillis(50)));
            b.close();
            pollUntil(() -> a.assignment().equals(all(topic, 4)), () -> a.poll(Duration.ofMillis(50)));
        }
    }

    @Test
    void aRestartedConsumerResumesFromCommittedOffsetsWithNoDuplicateOrGap() throws Exception {
        String topic = topic(4);
        produce(topic, 4, 0, 40);
        List<String> seen = new ArrayList<>();
        try (GregorConsumer<String, String> c = consumer("resume", "enable.auto.commit", false, "max.poll.records", 7)) {
            c.subscribe(List.of(topic));
            pollUntil(() -> seen.size() >= 20, () -> c.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value())));
            c.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(all(topic, 4));
            assertEquals(seen.size(), committed.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum());
        }
        produce(topic, 4, 40, 20);
        try (GregorConsumer<String, String> c = consumer("resume", "auto.commit.interval.ms", 100)) {
            c.subscribe(List.of(topic));
            pollUntil(() -> seen.size() >= 60, () -> c.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value())));
            assertTrue(c.poll(Duration.ofMillis(300)).isEmpty());
            // auto-commit runs inside poll every auto.commit.interval.ms
            pollUntil(() -> c.committed(all(topic, 4)).values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum() == 60,
                    () -> c.poll(Duration.ofMillis(150)));
        }
        assertEquals(60, seen.size(), "duplicates: " + seen);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            expected.add("v" + i);
        }
        assertEquals(expected, new HashSet<>(seen));
        try (GregorConsumer<String, String> c = consumer("resume")) {
            // auto-commit on close of the second consumer committed the end of every partition
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(all(topic, 4));
            assertEquals(60, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
        }
    }

    @Test
    void commitAsyncReportsToItsCallbackInALaterPollAndCommitSyncOfExplicitOffsetsIsReadBack() throws Exception {
        String topic = topic(1);
        produce(topic, 1, 0, 5);
        TopicPartition tp = new TopicPartition(topic, 0);
        List<String> outcomes = new ArrayList<>();
        try (GregorConsumer<String, String> c = consumer("async", "enable.auto.commit", false)) {
            c.subscribe(List.of(topic));
            pollUntil(() -> c.assignment().contains(tp) && c.position(tp) == 5, () -> c.poll(Duration.ofMillis(100)));
            c.commitAsync((offsets, e) -> outcomes.add(offsets + " " + e));
            pollUntil(() -> !outcomes.isEmpty(), () -> c.poll(Duration.ofMillis(50)));
            assertEquals(List.of(Map.of(tp, new OffsetAndMetadata(5)) + " null"), outcomes);
            assertEquals(5, c.committed(Set.of(tp)).get(tp).offset());
            c.commitSync(Map.of(tp, new OffsetAndMetadata(2, "replay from here")));
            assertEquals(new OffsetAndMetadata(2, -1, "replay from here"), c.committed(Set.of(tp)).get(tp));
        }
    }

    @Test
    void aGregorAndAnApacheConsumerSplitPartitionsWithTheDefaultStrategies() throws Exception {
        mixedGroupSplits("mixed-default", "org.apache.kafka.clients.consumer.RangeAssignor,"
                + "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", "range,cooperative-sticky", false);
    }

    @Test
    void aGregorConsumerJoiningAnApacheLedCooperativeStickyGroupGetsHalf() throws Exception {
        mixedGroupSplits("mixed-coop", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", true);
    }

    @Test
    void anApacheConsumerJoiningAGregorLedCooperativeStickyGroupGetsHalf() throws Exception {
        mixedGroupSplits("mixed-coop-2", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                "cooperative-sticky", false);
    }

    @Test
    void aGregorAndAnApacheConsumerSplitPartitionsWithRoundRobinUnderAnApacheLeader() throws Exception {
        mixedGroupSplits("mixed-rr", "org.apache.kafka.clients.consumer.RoundRobinAssignor", "roundrobin", true);
    }

    /** With {@code apacheFirst} the Apache consumer owns every partition (and leads) before the Gregor one joins. */
    private void mixedGroupSplits(String group, String apacheStrategy, String gregorStrategy, boolean apacheFirst) throws Exception {
        String topic = topic(4);
        produce(topic, 4, 0, 40);
        Set<String> values = new HashSet<>();
        try (GregorConsumer<String, String> g = consumer(group, "partition.assignment.strategy", gregorStrategy);
             KafkaConsumer<String, String> k = apacheConsumer(group, apacheStrategy)) {
            k.subscribe(List.of(topic));
            if (apacheFirst) {
                pollUntil(() -> k.assignment().size() == 4, () -> k.poll(Duration.ofMillis(50)).forEach(r -> values.add(r.value())));
            }
            g.subscribe(List.of(topic));
            pollUntil(() -> values.size() == 40 && splits(g.assignment(), apache(k.assignment()), all(topic, 4)),
                    () -> g.poll(Duration.ofMillis(50)).forEach(r -> values.add(r.value())),
                    () -> k.poll(Duration.ofMillis(50)).forEach(r -> values.add(r.value())));
            Set<TopicPartition> overlap = new HashSet<>(g.assignment());
            overlap.retainAll(apache(k.assignment()));
            assertTrue(overlap.isEmpty(), "both own " + overlap);
        }
    }

    private static Set<TopicPartition> apache(Collection<org.apache.kafka.common.TopicPartition> tps) {
        return tps.stream().map(tp -> new TopicPartition(tp.topic(), tp.partition())).collect(Collectors.toSet());
    }

    /** Records listener calls as "revoked:[..]" / "assigned:[..]" / "lost:[..]". */
    static final class RecordingListener implements ConsumerRebalanceListener {
        final List<String> calls = new ArrayList<>();
        final Set<TopicPartition> everRevoked = new HashSet<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            calls.add("revoked:" + partitions.size());
            everRevoked.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            calls.add("assigned:" + partitions.size());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            calls.add("lost:" + partitions.size());
        }
    }

    @Test
    void cooperativeStickyRevokesOnlyThePartitionsThatMove() throws Exception {
        String topic = topic(4);
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        try (GregorConsumer<String, String> a = consumer("coop", "partition.assignment.strategy", "cooperative-sticky");
             GregorConsumer<String, String> b = consumer("coop", "partition.assignment.strategy", "cooperative-sticky")) {
            a.subscribe(List.of(topic), first);
            pollUntil(() -> a.assignment().size() == 4, () -> a.poll(Duration.ofMillis(50)));
            Set<TopicPartition> before = a.assignment();
            b.subscribe(List.of(topic), second);
            pollUntil(() -> splits(a.assignment(), b.assignment(), all(topic, 4)),
                    () -> a.poll(Duration.ofMillis(50)), () -> b.poll(Duration.ofMillis(50)));
            assertEquals(2, first.everRevoked.size(), "first member revoked " + first.calls);
            Set<TopicPartition> kept = new HashSet<>(before);
            kept.removeAll(first.everRevoked);
            assertEquals(kept, a.assignment());
            assertFalse(second.calls.contains("revoked:2"), second.calls.toString());
        }
    }

    @Test
    void eagerRebalanceRevokesEverythingThenAssignsAndCloseRevokes() throws Exception {
        String topic = topic(2);
        RecordingListener listener = new RecordingListener();
        try (GregorConsumer<String, String> a = consumer("eager", "partition.assignment.strategy", "range")) {
            a.subscribe(List.of(topic), listener);
            pollUntil(() -> a.assignment().size() == 2, () -> a.poll(Duration.ofMillis(50)));
            try (GregorConsumer<String, String> b = consumer("eager", "partition.assignment.strategy", "range")) {
                b.subscribe(List.of(topic));
                pollUntil(() -> a.assignment().size() == 1 && b.assignment().size() == 1,
                        () -> a.poll(Duration.ofMillis(50)), () -> b.poll(Duration.ofMillis(50)));
            }
        }
        assertEquals(List.of("assigned:2", "revoked:2", "assigned:1", "revoked:1"), listener.calls);
    }

    @Test
    void newPartitionsOfASubscribedTopicAreAssignedAfterAMetadataRefresh() throws Exception {
        String topic = topic(2);
        try (GregorConsumer<String, String> c = consumer("grow", "metadata.max.age.ms", 300)) {
            c.subscribe(List.of(topic));
            pollUntil(() -> c.assignment().size() == 2, () -> c.poll(Duration.ofMillis(50)));
            try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createPartitions(Map.of(topic, 4), false).all();
            }
            pollUntil(() -> c.assignment().equals(all(topic, 4)), () -> c.poll(Duration.ofMillis(50)));
        }
    }

    @Test
    void aStaticMemberDoesNotLeaveTheGroupOnClose() throws Exception {
        String topic = topic(1);
        try (GregorConsumer<String, String> c = consumer("static", "group.instance.id", "instance-1")) {
            c.subscribe(List.of(topic));
            pollUntil(() -> c.assignment().size() == 1, () -> c.poll(Duration.ofMillis(50)));
        }
        try (Admin admin = ApacheClients.admin(cluster.bootstrapServers())) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("static")).all().get().get("static");
            assertEquals(1, d.members().size(), d.toString());
            assertEquals("instance-1", d.members().iterator().next().groupInstanceId().orElse(null));
        }
        try (GregorConsumer<String, String> c = consumer("dynamic")) {
            c.subscribe(List.of(topic));
            pollUntil(() -> c.assignment().size() == 1, () -> c.poll(Duration.ofMillis(50)));
        }
        try (Admin admin = ApacheClients.admin(cluster.bootstrapServers())) {
            assertTrue(admin.describeConsumerGroups(List.of("dynamic")).all().get().get("dynamic").members().isEmpty());
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run consoleConsumer(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = ConsoleConsumer.run(args, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void consoleConsumerWithAGroupCommitsWhatItReadAndTheNextRunResumesThere() throws Exception {
        String topic = topic(2);
        produce(topic, 2, 0, 6);
        String bs = cluster.bootstrapServers();
        Run first = consoleConsumer("--bootstrap-server", bs, "--topic", topic, "--group", "console-group",
                "--from-beginning", "--max-messages", "6");
        assertEquals(0, first.code(), first.err());
        assertEquals(Set.of("v0", "v1", "v2", "v3", "v4", "v5"), Set.of(first.out().split("\n")));
        try (GregorConsumer<String, String> c = consumer("console-group")) {
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(all(topic, 2));
            assertEquals(6, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum(), committed.toString());
        }
        produce(topic, 2, 6, 2);
        Run second = consoleConsumer("--bootstrap-server", bs, "--topic", topic, "--group", "console-group",
                "--from-beginning", "--timeout-ms", "3000");
        assertEquals(Set.of("v6", "v7"), Set.of(second.out().split("\n")), second.err());
    }

    @Test
    void committedIsNullForAPartitionWithoutACommit() throws Exception {
        String topic = topic(1);
        try (GregorConsumer<String, String> c = consumer("nothing-committed")) {
            assertNull(c.committed(Set.of(new TopicPartition(topic, 0))).get(new TopicPartition(topic, 0)));
        }
    }
}
