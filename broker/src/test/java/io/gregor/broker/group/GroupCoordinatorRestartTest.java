package io.gregor.broker.group;

import io.gregor.broker.GregorServer;
import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.it.ApacheClients;
import io.gregor.broker.it.GregorCluster;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Group state through a real broker and Apache Java consumers: a Stable group survives a restart of
 * its coordinator (same members and assignments; the old generation still commits), a static member that restarts gets
 * its assignment back without a rebalance, and {@code group.max.size} refuses one member too many.
 */
class GroupCoordinatorRestartTest {
    private static GregorCluster cluster;
    private final List<AutoCloseable> open = new ArrayList<>();
    private GregorServer server;
    private Path logDir;
    private int port;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        cluster = GregorCluster.start();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private void startBroker(Map<String, String> overrides) throws Exception {
        if (logDir == null) {
            logDir = cluster.newDir("coord-restart-");
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        Map<String, String> props = new HashMap<>(overrides);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("offsets.topic.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        server = new GregorServer(BrokerConfig.fromMap(cluster.brokerProperties(0, logDir, props)));
        server.startup();
    }

    private void stopBroker() throws InterruptedException {
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private KafkaConsumer<String, String> consumer(String group, String instanceId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        if (instanceId != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        open.add(c);
        return c;
    }

    /** Polls every consumer in turn until {@code done} holds, failing after 60 s. */
    private static void pollUntil(List<KafkaConsumer<String, String>> consumers, BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            consumers.forEach(c -> c.poll(Duration.ofMillis(100)));
        }
    }

    private static boolean covers(List<KafkaConsumer<String, String>> consumers, int partitions) {
        return consumers.stream().mapToInt(c -> c.assignment().size()).sum() == partitions
                && consumers.stream().allMatch(c -> !c.assignment().isEmpty());
    }

    private ConsumerGroupDescription describe(String group) throws Exception {
        try (Admin admin = ApacheClients.admin(bootstrap())) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
        }
    }

    private static Map<String, Set<TopicPartition>> membersByInstance(ConsumerGroupDescription d) {
        Map<String, Set<TopicPartition>> out = new HashMap<>();
        for (MemberDescription m : d.members()) {
            out.put(m.groupInstanceId().orElse(m.consumerId()), m.assignment().topicPartitions());
        }
        return out;
    }

    @Test
    void aStableGroupKeepsItsGenerationAndMembersAcrossACoordinatorRestart() throws Exception {
        startBroker(Map.of());
        ApacheClients.createTopic(bootstrap(), "restart-events", 4);
        KafkaConsumer<String, String> a = consumer("survivors", null);
        KafkaConsumer<String, String> b = consumer("survivors", null);
        a.subscribe(List.of("restart-events"));
        b.subscribe(List.of("restart-events"));
        List<KafkaConsumer<String, String>> both = List.of(a, b);
        pollUntil(both, () -> covers(both, 4), "both consumers have partitions");
        ConsumerGroupDescription before = describe("survivors");
        assertEquals(ConsumerGroupState.STABLE, before.state());

        stopBroker();
        startBroker(Map.of());
        ConsumerGroupDescription after = describe("survivors");
        assertEquals(ConsumerGroupState.STABLE, after.state(), "reloaded Stable from its GroupMetadata record");
        assertEquals(membersByInstance(before), membersByInstance(after));
        assertEquals(before.partitionAssignor(), after.partitionAssignor());

        // Without polling (which would let the client rejoin because the topic's leaders changed during
        // the restart): a commit with the generation and member id from before the restart is accepted...
        TopicPartition owned = a.assignment().iterator().next();
        a.commitSync(Map.of(owned, new OffsetAndMetadata(0L)), Duration.ofSeconds(30));
        // ...and the members' heartbeats keep their sessions (6 s) alive in the reloaded group.
        try (Admin admin = ApacheClients.admin(bootstrap())) {
            Awaitility.await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).until(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("survivors")).all()
                        .get(30, TimeUnit.SECONDS).get("survivors");
                return d.state() == ConsumerGroupState.STABLE && membersByInstance(before).equals(membersByInstance(d));
            });
        }
    }

    @Test
    void aRestartedStaticMemberGetsItsAssignmentBackWithoutARebalance() throws Exception {
        startBroker(Map.of());
        ApacheClients.createTopic(bootstrap(), "static-events", 4);
        KafkaConsumer<String, String> a = consumer("statics", "instance-a");
        KafkaConsumer<String, String> b = consumer("statics", "instance-b");
        a.subscribe(List.of("static-events"));
        b.subscribe(List.of("static-events"));
        List<KafkaConsumer<String, String>> both = List.of(a, b);
        pollUntil(both, () -> covers(both, 4), "both static consumers have partitions");
        int generation = a.groupMetadata().generationId();
        Set<TopicPartition> assignedB = Set.copyOf(b.assignment());
        Set<TopicPartition> assignedA = Set.copyOf(a.assignment());

        b.close(); // a static member sends no LeaveGroup
        open.remove(b);
        KafkaConsumer<String, String> b2 = consumer("statics", "instance-b");
        b2.subscribe(List.of("static-events"));
        pollUntil(List.of(a, b2), () -> !b2.assignment().isEmpty(), "the restarted static member has partitions");
        assertEquals(assignedB, b2.assignment());
        assertEquals(generation, b2.groupMetadata().generationId(), "it rejoined the current generation");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        pollUntil(List.of(a, b2), () -> System.nanoTime() > until, "both keep heartbeating");
        assertEquals(generation, a.groupMetadata().generationId(), "the other member saw no rebalance");
        assertEquals(assignedA, a.assignment());
        ConsumerGroupDescription d = describe("statics");
        assertEquals(ConsumerGroupState.STABLE, d.state());
        assertTrue(d.members().stream().anyMatch(m -> m.consumerId().equals(b2.groupMetadata().memberId())));
        assertEquals(2, d.members().size());
    }

    @Test
    void aMemberBeyondGroupMaxSizeIsRefused() throws Exception {
        startBroker(Map.of("group.max.size", "2"));
        ApacheClients.createTopic(bootstrap(), "sized-events", 3);
        KafkaConsumer<String, String> a = consumer("sized", null);
        KafkaConsumer<String, String> b = consumer("sized", null);
        a.subscribe(List.of("sized-events"));
        b.subscribe(List.of("sized-events"));
        List<KafkaConsumer<String, String>> both = List.of(a, b);
        pollUntil(both, () -> covers(both, 3), "two consumers share the partitions");
        KafkaConsumer<String, String> third = consumer("sized", null);
        third.subscribe(List.of("sized-events"));
        assertThrows(GroupMaxSizeReachedException.class, () -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                third.poll(Duration.ofMillis(200));
                a.poll(Duration.ofMillis(10));
                b.poll(Duration.ofMillis(10));
            }
        });
        assertEquals(2, describe("sized").members().size());
    }
}
