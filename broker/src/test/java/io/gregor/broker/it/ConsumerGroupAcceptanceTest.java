package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.group.OffsetsTopic;
import io.gregor.clients.tools.ConsumerGroupsCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Consumer groups on three broker JVMs: librdkafka's balanced consumer (kcat -G) and the Apache
 * Java client split a topic's partitions; a member killed with kill -9 is expired after its session
 * timeout and its partitions continue from its committed offsets (eagerly and with the cooperative
 * sticky assignor); and committed offsets survive kill -9 of the group's coordinator (and
 * gregor-consumer-groups.sh --describe shows their lag from the brokers left). The
 * coordinator test kills a broker, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerGroupAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int OFFSETS_PARTITIONS = 5;

    private static ThreeBrokers brokers;

    @BeforeAll
    static void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("offsets.topic.num.partitions", Integer.toString(OFFSETS_PARTITIONS),
                "group.min.session.timeout.ms", Integer.toString(GroupMember.SESSION_TIMEOUT_MS),
                "group.initial.rebalance.delay.ms", "1000"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    /** Produces {@code perPartition} records to each partition; returns (partition, offset) of each. */
    private static Set<List<Long>> produce(String topic, int partitions, int perPartition, String tag) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(), Map.of())) {
            for (int i = 0; i < perPartition; i++) {
                for (int p = 0; p < partitions; p++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, p, "k" + i, tag + " " + p + "/" + i)));
                }
            }
            producer.flush();
        }
        Set<List<Long>> produced = new HashSet<>();
        for (Future<RecordMetadata> ack : acks) {
            RecordMetadata m = ack.get(30, TimeUnit.SECONDS);
            produced.add(List.of((long) m.partition(), m.offset()));
        }
        return produced;
    }

    private static ConsumerGroupDescription describe(String group) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
        }
    }

    /** The partitions each member of a stable group holds, by member id. */
    private static Map<String, Set<Integer>> stableAssignment(String group) throws Exception {
        ConsumerGroupDescription d = describe(group);
        if (d.state() != ConsumerGroupState.STABLE) {
            return Map.of();
        }
        Map<String, Set<Integer>> byMember = new HashMap<>();
        for (MemberDescription m : d.members()) {
            byMember.put(m.consumerId(), m.assignment().topicPartitions().stream().map(TopicPartition::partition)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        return byMember;
    }

    @Test
    @Order(1)
    void twoKcatBalancedConsumersSplitTheFourPartitionsAndTogetherPrintEveryRecord() throws Exception {
        String topic = "kcat-balanced";
        String group = "kcat-group";
        brokers.createTopic(topic, 4, Map.of());
        String kcat = ExternalCommand.kcat();
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Path out = brokers.cluster().newDir("kcat-" + i + "-").resolve("stdout");
                outputs.add(out);
                // -u: unbuffered, so the records show in the file while kcat runs
                processes.add(new ProcessBuilder(kcat, "-b", brokers.bootstrap(), "-G", group, "-o", "beginning",
                        "-q", "-u", "-f", "%p %o %s\\n", topic).redirectOutput(out.toFile())
                        .redirectError(out.resolveSibling("stderr").toFile()).start());
            }
            Map<String, Set<Integer>> assignment = Awaitility.await("two kcat members holding the four partitions")
                    .atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> stableAssignment(group),
                            a -> a.size() == 2 && a.values().stream().mapToInt(Set::size).sum() == 4);
            assertTrue(assignment.values().stream().allMatch(s -> !s.isEmpty()), "assignment " + assignment);

            Set<List<Long>> produced = produce(topic, 4, 50, "kcat");
            List<Set<List<Long>>> printed = new ArrayList<>(List.of(Set.of(), Set.of()));
            try {
                Awaitility.await("both kcat processes together printed all " + produced.size() + " records")
                        .atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                            for (int i = 0; i < 2; i++) {
                                printed.set(i, printedRecords(outputs.get(i)));
                            }
                            Set<List<Long>> union = new HashSet<>(printed.get(0));
                            union.addAll(printed.get(1));
                            return union.containsAll(produced);
                        });
            } catch (ConditionTimeoutException e) {
                StringBuilder report = new StringBuilder(e.getMessage());
                for (int i = 0; i < 2; i++) {
                    report.append("\nkcat ").append(i).append(" printed ").append(printed.get(i).size())
                            .append(" records, stderr:\n").append(BrokerProcess.tail(outputs.get(i).resolveSibling("stderr")));
                }
                throw new AssertionError(report.toString(), e);
            }
            Set<Long> first = printed.get(0).stream().map(r -> r.get(0)).collect(Collectors.toSet());
            Set<Long> second = printed.get(1).stream().map(r -> r.get(0)).collect(Collectors.toSet());
            assertFalse(first.isEmpty(), "the first kcat printed nothing");
            assertFalse(second.isEmpty(), "the second kcat printed nothing");
            assertTrue(first.stream().noneMatch(second::contains), "both printed partitions " + first + " / " + second);
        } finally {
            for (Process p : processes) {
                p.destroy(); // SIGTERM to the PID we started: kcat leaves the group and exits
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** (partition, offset) of each complete line kcat printed so far. */
    private static Set<List<Long>> printedRecords(Path output) throws Exception {
        String text = Files.readString(output);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().map(l -> l.split(" "))
                .map(f -> List.of(Long.parseLong(f[0]), Long.parseLong(f[1]))).collect(Collectors.toSet());
    }

    @Test
    @Order(2)
    void killedMembersPartitionsContinueFromItsCommittedOffsetsEagerly() throws Exception {
        killOneOfThreeMembers("eager", RangeAssignor.class.getName());
    }

    @Test
    @Order(3)
    void killedMembersPartitionsMoveWithoutRevokingTheSurvivorsOwnWithCooperativeSticky() throws Exception {
        killOneOfThreeMembers("cooperative", CooperativeStickyAssignor.class.getName());
    }

    /**
     * Three members (one in a child JVM) of a fresh group over a fresh 6-partition topic each take two
     * partitions and consume; the child is killed with kill -9 while more records arrive; the two
     * survivors take its partitions after the session timeout and consume everything, re-reading
     * only what the child consumed after its last commit. With the cooperative sticky assignor,
     * the survivors also keep their own partitions without any onPartitionsRevoked.
     */
    private void killOneOfThreeMembers(String name, String assignor) throws Exception {
        String topic = "members-" + name;
        String group = "group-" + name;
        int partitions = 6;
        brokers.createTopic(topic, partitions, Map.of());
        // start from offset 0 everywhere (members reset to latest when there is no commit)
        try (KafkaConsumer<String, String> committer = plainGroupConsumer(group)) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            IntStream.range(0, partitions).forEach(p -> zero.put(new TopicPartition(topic, p), new OffsetAndMetadata(0)));
            committer.commitSync(zero);
        }
        String bootstrap = brokers.bootstrap();
        try (GroupMember child = GroupMember.startChild(bootstrap, group, topic, assignor);
             GroupMember a = GroupMember.startInProcess(bootstrap, group, topic, assignor);
             GroupMember b = GroupMember.startInProcess(bootstrap, group, topic, assignor)) {
            List<GroupMember> all = List.of(child, a, b);
            Awaitility.await("three members holding two partitions each").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> all.stream().allMatch(m -> m.events().assignment().size() == 2)
                            && stableAssignment(group).size() == 3);
            Set<List<Long>> produced = produce(topic, partitions, 30, "before");
            Awaitility.await("the records produced before the kill consumed").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> consumed(all).containsAll(produced));
            Set<Integer> childPartitions = child.events().assignment();
            Map<GroupMember, Set<Integer>> before = Map.of(a, a.events().assignment(), b, b.events().assignment());
            Map<GroupMember, Integer> revocationsBefore = Map.of(a, a.events().revocations().size(),
                    b, b.events().revocations().size());

            child.kill();
            produced.addAll(produce(topic, partitions, 30, "after"));
            Awaitility.await("the survivors hold all six partitions and consumed everything").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(200)).until(() -> a.events().assignment().size()
                            + b.events().assignment().size() == partitions && consumed(all).containsAll(produced));
            assertTrue(a.events().assignment().stream().noneMatch(b.events().assignment()::contains));

            Map<Integer, Long> childCommits = child.events().committed();
            Map<List<Long>, Integer> times = new HashMap<>();
            all.forEach(m -> m.events().consumed().forEach(r -> times.merge(List.of(r[0], r[1]), 1, Integer::sum)));
            times.forEach((record, count) -> {
                if (count > 1) {
                    int p = record.get(0).intValue();
                    assertTrue(childPartitions.contains(p) && record.get(1) >= childCommits.getOrDefault(p, 0L),
                            "record " + record + " consumed " + count + " times; the killed member held "
                                    + childPartitions + " and committed " + childCommits);
                }
            });
            if (assignor.equals(CooperativeStickyAssignor.class.getName())) {
                for (GroupMember survivor : List.of(a, b)) {
                    assertTrue(survivor.events().assignment().containsAll(before.get(survivor)),
                            "a survivor held " + before.get(survivor) + " and now holds " + survivor.events().assignment());
                    List<Set<Integer>> revocations = survivor.events().revocations();
                    List<Set<Integer>> sinceKill = revocations.subList(revocationsBefore.get(survivor), revocations.size());
                    assertEquals(List.of(), sinceKill, "onPartitionsRevoked after the kill for a survivor that held "
                            + before.get(survivor) + " and now holds " + survivor.events().assignment());
                }
            }
        }
    }

    private static Set<List<Long>> consumed(List<GroupMember> members) {
        Set<List<Long>> records = new HashSet<>();
        members.forEach(m -> m.events().consumed().forEach(r -> records.add(List.of(r[0], r[1]))));
        return records;
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, o) -> offsets.put(tp, o == null ? null : o.offset()));
        return offsets;
    }

    private static KafkaConsumer<String, String> plainGroupConsumer(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    @Order(4)
    void committedOffsetsSurviveKillingTheGroupCoordinatorAndARestartedConsumerResumesFromThem() throws Exception {
        String topic = "coordinated";
        String group = "coordinated-group";
        brokers.createTopic(topic, 2, Map.of());
        produce(topic, 2, 20, "first");
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = plainGroupConsumer(group)) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read < 40 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertEquals(40, read);
            consumer.commitSync();
            for (int p = 0; p < 2; p++) {
                committed.put(new TopicPartition(topic, p), new OffsetAndMetadata(20));
            }
            assertEquals(offsets(committed), offsets(consumer.committed(committed.keySet())));
        }
        int offsetsPartition = OffsetsTopic.partitionFor(group, OFFSETS_PARTITIONS);
        int coordinator = describe(group).coordinator().id();
        assertEquals(brokers.state(OffsetsTopic.NAME, offsetsPartition).orElseThrow().leader(), coordinator,
                "the coordinator leads __consumer_offsets-" + offsetsPartition);

        brokers.broker(coordinator).kill();
        int newCoordinator = Awaitility.await("a new leader of __consumer_offsets-" + offsetsPartition).atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> brokers.state(OffsetsTopic.NAME, offsetsPartition)
                        .orElseThrow().leader(), leader -> leader >= 0 && leader != coordinator);
        Awaitility.await("the group's coordinator moved to broker " + newCoordinator).atMost(WAIT)
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> describe(group).coordinator().id() == newCoordinator);
        assertNotEquals(coordinator, newCoordinator);
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            assertEquals(offsets(committed), offsets(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)));
        }

        Set<List<Long>> later = produce(topic, 2, 10, "second");
        // gregor-consumer-groups.sh --describe, against the two brokers left: 20 committed of 30 per partition
        ThreeBrokers.ToolRun described = ThreeBrokers.tool(ConsumerGroupsCommand::run, "--bootstrap-server",
                brokers.bootstrap(), "--describe", "--group", group);
        assertEquals(0, described.code(), described.err());
        for (int p = 0; p < 2; p++) {
            String partition = Integer.toString(p);
            List<String> row = described.out().lines().map(line -> List.of(line.trim().split("\\s+")))
                    .filter(cols -> cols.size() >= 6 && cols.get(1).equals(topic) && cols.get(2).equals(partition))
                    .findFirst().orElseThrow(() -> new AssertionError("no row for partition " + partition + ":\n" + described.out()));
            assertEquals(List.of(group, topic, partition, "20", "30", "10"), row.subList(0, 6),
                    "GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG:\n" + described.out());
        }
        Set<List<Long>> resumed = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = plainGroupConsumer(group)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (resumed.size() < later.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    resumed.add(List.of((long) r.partition(), r.offset()));
                }
            }
            consumer.poll(Duration.ofMillis(200)).forEach(r -> resumed.add(List.of((long) r.partition(), r.offset())));
        }
        assertEquals(later, resumed, "a restarted consumer (auto.offset.reset=earliest) reads only what came after the commit");
    }
}
