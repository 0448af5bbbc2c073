package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.TopicAssignment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicAdminTest extends ZooKeeperTestBase {

    private final List<BrokerRegistration> registrations = new ArrayList<>();
    private TopicAdmin admin;

    @BeforeEach
    void registerBrokers() {
        for (int id = 1; id <= 3; id++) {
            BrokerRegistration r = new BrokerRegistration(zk, BrokerInfo.of(id,
                    List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 9000 + id, "PLAINTEXT")), null, -1, Map.of(),
                    System.currentTimeMillis()), e -> { });
            r.start();
            registrations.add(r);
        }
        admin = new TopicAdmin(zk, 4, (short) 2);
    }

    @AfterEach
    void deregister() {
        registrations.forEach(BrokerRegistration::close);
    }

    private static void assertError(Errors expected, String messagePart, Executable call) {
        AdminException e = assertThrows(AdminException.class, call);
        assertEquals(expected, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void illegalTopicNamesAreRefused() {
        assertError(Errors.INVALID_TOPIC_EXCEPTION, "illegal", () -> admin.createTopic(NewTopic.of("a b", 1, 1), false));
        assertError(Errors.INVALID_TOPIC_EXCEPTION, "\"..\"", () -> admin.createTopic(NewTopic.of("..", 1, 1), false));
        assertError(Errors.INVALID_TOPIC_EXCEPTION, "249", () -> admin.createTopic(NewTopic.of("x".repeat(250), 1, 1), false));
        assertError(Errors.INVALID_TOPIC_EXCEPTION, "empty", () -> admin.createTopic(NewTopic.of("", 1, 1), false));
    }

    @Test
    void existingAndCollidingTopicsAreRefused() {
        admin.createTopic(NewTopic.of("my.topic", 1, 1), false);
        assertError(Errors.TOPIC_ALREADY_EXISTS, "my.topic", () -> admin.createTopic(NewTopic.of("my.topic", 1, 1), false));
        assertError(Errors.INVALID_TOPIC_EXCEPTION, "collides", () -> admin.createTopic(NewTopic.of("my_topic", 1, 1), false));
    }

    @Test
    void unknownOrInvalidConfigsAreRefusedNamingTheKey() {
        assertError(Errors.INVALID_CONFIG, "retention.msx", () -> admin.createTopic(
                new NewTopic("c", 1, (short) 1, Map.of(), Map.of("retention.msx", "1")), false));
        assertError(Errors.INVALID_CONFIG, "cleanup.policy", () -> admin.createTopic(
                new NewTopic("c", 1, (short) 1, Map.of(), Map.of("cleanup.policy", "shred")), false));
        assertError(Errors.INVALID_CONFIG, "min.insync.replicas", () -> admin.createTopic(
                new NewTopic("c", 1, (short) 1, Map.of(), Map.of("min.insync.replicas", "zero")), false));
        assertFalse(zk.topics().topicExists("c"));
    }

    @Test
    void replicationFactorAndPartitionCountAreChecked() {
        assertError(Errors.INVALID_REPLICATION_FACTOR, "larger than available brokers",
                () -> admin.createTopic(NewTopic.of("r", 1, 4), false));
        assertError(Errors.INVALID_PARTITIONS, "larger than 0", () -> admin.createTopic(NewTopic.of("r", 0, 1), false));
    }

    @Test
    void manualAssignmentsMustNameLiveBrokersWithoutDuplicates() {
        assertError(Errors.INVALID_REPLICA_ASSIGNMENT, "Unknown broker", () -> admin.createTopic(
                new NewTopic("m", -1, (short) -1, Map.of(0, List.of(1, 9)), Map.of()), false));
        assertError(Errors.INVALID_REPLICA_ASSIGNMENT, "Duplicate", () -> admin.createTopic(
                new NewTopic("m", -1, (short) -1, Map.of(0, List.of(1, 1)), Map.of()), false));
        assertError(Errors.INVALID_REQUEST, "Both", () -> admin.createTopic(
                new NewTopic("m", 1, (short) -1, Map.of(0, List.of(1)), Map.of()), false));
        CreatedTopic created = admin.createTopic(new NewTopic("m", -1, (short) -1,
                Map.of(0, List.of(3, 1), 1, List.of(2, 3)), Map.of()), false);
        assertEquals(Map.of(0, List.of(3, 1), 1, List.of(2, 3)), zk.topics().getTopicAssignment("m").orElseThrow().replicasByPartition());
        assertNotNull(created.topicId());
    }

    @Test
    void validateOnlyWritesNothingAndDefaultsApply() {
        CreatedTopic validated = admin.createTopic(NewTopic.of("v", -1, -1), true);
        assertEquals(4, validated.numPartitions());
        assertEquals(2, validated.replicationFactor());
        assertNull(validated.topicId());
        assertFalse(zk.topics().topicExists("v"));
    }

    @Test
    void creationWritesAssignmentWithTopicIdAndConfigOverrides() {
        CreatedTopic created = admin.createTopic(new NewTopic("w", 3, (short) 2, Map.of(), Map.of("retention.ms", "1000")), false);
        TopicAssignment stored = zk.topics().getTopicAssignment("w").orElseThrow();
        assertEquals(created.topicId(), stored.topicId());
        assertEquals(created.assignment(), stored.replicasByPartition());
        assertEquals(Map.of("retention.ms", "1000"), admin.topicConfigOverrides("w"));
    }

    @Test
    void partitionsCanOnlyBeAddedAndKeepTheReplicationFactor() {
        admin.createTopic(NewTopic.of("p", 2, 2), false);
        assertError(Errors.INVALID_PARTITIONS, "would not be an increase", () -> admin.createPartitions("p", 1, null, false));
        assertError(Errors.INVALID_PARTITIONS, "already has 2", () -> admin.createPartitions("p", 2, null, false));
        assertError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "nope", () -> admin.createPartitions("nope", 3, null, false));
        assertError(Errors.INVALID_REPLICA_ASSIGNMENT, "Inconsistent", () -> admin.createPartitions("p", 3, List.of(List.of(1)), false));
        Map<Integer, List<Integer>> added = admin.createPartitions("p", 5, null, false);
        assertEquals(java.util.Set.of(2, 3, 4), added.keySet());
        added.values().forEach(r -> assertEquals(2, r.size()));
        assertEquals(5, zk.topics().getTopicAssignment("p").orElseThrow().partitions().size());
    }

    @Test
    void automaticAssignmentUsesOnlyTheLiveBrokersOfItsSourceWhileGivenReplicasMayNameAnyRegisteredBroker() {
        // brokers 1..3 are registered; the source (a broker's metadata cache) knows only 1 and 3 as live
        TopicAdmin cacheBacked = new TopicAdmin(zk, 4, (short) 2, () -> List.of(new BrokerRack(1, null), new BrokerRack(3, null)));
        CreatedTopic created = cacheBacked.createTopic(NewTopic.of("live", 6, 2), false);
        created.assignment().values().forEach(replicas -> assertEquals(java.util.Set.of(1, 3), java.util.Set.copyOf(replicas)));
        Map<Integer, List<Integer>> added = cacheBacked.createPartitions("live", 9, null, false);
        added.values().forEach(replicas -> assertEquals(java.util.Set.of(1, 3), java.util.Set.copyOf(replicas)));
        assertError(Errors.INVALID_REPLICATION_FACTOR, "larger than available brokers: 2",
                () -> cacheBacked.createTopic(NewTopic.of("wide", 1, 3), false));
        cacheBacked.createPartitions("live", 10, List.of(List.of(2, 1)), false);
        assertEquals(List.of(2, 1), zk.topics().getTopicAssignment("live").orElseThrow().replicasByPartition().get(9));

        TopicAdmin knowsNone = new TopicAdmin(zk, 4, (short) 2, List::of);
        assertError(Errors.INVALID_REPLICATION_FACTOR, "larger than available brokers: 0",
                () -> knowsNone.createTopic(NewTopic.of("none", 1, 1), false));
    }

    @Test
    void aBrokerTheCacheStillNamesLiveButWhoseRegistrationIsGoneGetsNoNewReplicas() {
        // a dead controller: the next controller's UpdateMetadata has not arrived, so the cache still
        // names broker 4 live, but its registration is gone (session expired, or deleted by a broker's
        // failure detector)
        TopicAdmin staleCache = new TopicAdmin(zk, 4, (short) 2,
                () -> List.of(new BrokerRack(1, null), new BrokerRack(2, null), new BrokerRack(4, null)));
        CreatedTopic created = staleCache.createTopic(NewTopic.of("after-failover", 8, 2), false);
        created.assignment().values().forEach(replicas -> assertEquals(java.util.Set.of(1, 2), java.util.Set.copyOf(replicas)));
        assertError(Errors.INVALID_REPLICATION_FACTOR, "larger than available brokers: 2",
                () -> staleCache.createTopic(NewTopic.of("wide", 1, 3), false));
    }

    @Test
    void deletionMarksTheTopicAndUnknownTopicsAreRefused() {
        admin.createTopic(NewTopic.of("d", 1, 1), false);
        admin.deleteTopic("d");
        assertEquals(List.of("d"), zk.topics().getTopicsMarkedForDeletion());
        assertError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "x", () -> admin.deleteTopic("x"));
        assertError(Errors.INVALID_TOPIC_EXCEPTION, "queued for deletion", () -> admin.createPartitions("d", 2, null, false));
    }

    @Test
    void autoCreationUsesBrokerDefaults() {
        CreatedTopic created = admin.autoCreateTopic("auto");
        assertEquals(4, zk.topics().getTopicAssignment("auto").orElseThrow().partitions().size());
        assertEquals(2, created.replicationFactor());
    }

    @Test
    void metadataAutoCreationAnswersLeaderNotAvailableOrTheRefusal() {
        AutoTopicCreation auto = new AutoTopicCreation(admin);
        assertEquals(Errors.LEADER_NOT_AVAILABLE, auto.createForMetadata("fresh"));
        assertTrue(zk.topics().topicExists("fresh"));
        assertEquals(Errors.LEADER_NOT_AVAILABLE, auto.createForMetadata("fresh"));
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION, auto.createForMetadata("bad/name"));
        assertEquals(Errors.INVALID_REPLICATION_FACTOR,
                new AutoTopicCreation(new TopicAdmin(zk, 1, (short) 5)).createForMetadata("wide"));
    }

    @Test
    void partitionCountsOverTheBoundsArePolicyViolationsAndWriteNothing() {
        TopicAdmin bounded = admin.withPartitionLimits(new PartitionLimits(100, 150));
        assertError(Errors.POLICY_VIOLATION, "max.partitions.per.topic (150)",
                () -> bounded.createTopic(NewTopic.of("wide", 151, 1), false));
        assertError(Errors.POLICY_VIOLATION, "max.partitions.per.request (100)",
                () -> bounded.createTopic(NewTopic.of("wide", 101, 1), false));
        assertError(Errors.POLICY_VIOLATION, "max.partitions.per.topic",
                () -> bounded.createTopic(NewTopic.of("wide", Integer.MAX_VALUE, 1), true));
        assertFalse(zk.topics().topicExists("wide"));

        bounded.createTopic(NewTopic.of("grows", 100, 1), false);
        assertError(Errors.POLICY_VIOLATION, "max.partitions.per.topic (150)",
                () -> bounded.createPartitions("grows", 151, null, false));
        bounded.createPartitions("grows", 150, null, false);
        assertEquals(150, bounded.partitionCount("grows"));
        assertError(Errors.POLICY_VIOLATION, "max.partitions.per.request (100)",
                () -> admin.withPartitionLimits(new PartitionLimits(100, 10_000)).createPartitions("grows", 251, null, false));
        assertEquals(150, zk.topics().getTopicAssignment("grows").orElseThrow().partitions().size());
    }

    @Test
    void theDefaultBoundsAllowTenThousandPartitionsAndRefuseTheHostile32769() {
        assertEquals(new PartitionLimits(10_000, 10_000), admin.partitionLimits());
        assertEquals(10_000, admin.createTopic(NewTopic.of("ten-thousand", 10_000, 3), true).numPartitions());
        assertError(Errors.POLICY_VIOLATION, "32769", () -> admin.createTopic(NewTopic.of("hostile", 32_769, 1), false));
        assertFalse(zk.topics().topicExists("hostile"));
    }

    @Test
    void aReplicationFactorAboveTheLiveBrokersIsRefusedBeforeAnythingIsWritten() {
        assertError(Errors.INVALID_REPLICATION_FACTOR, "larger than available brokers: 3",
                () -> admin.createTopic(NewTopic.of("rf4", 10, 4), false));
        assertError(Errors.INVALID_REPLICATION_FACTOR, "larger than available brokers: 3",
                () -> admin.createTopic(NewTopic.of("rf-max", 10, Short.MAX_VALUE), false));
        assertFalse(zk.topics().topicExists("rf4"));
        assertFalse(zk.topics().topicExists("rf-max"));
    }

    @Test
    void aTopicTooLargeForOneZooKeeperRequestIsRefusedAndNothingIsSent() {
        TopicAdmin small = new TopicAdmin(new io.gregor.coordination.zk.GregorZkClient(zk.curator(), zk.paths(),
                new io.gregor.coordination.zk.ZkRequestLimit(16 * 1024)), 1, (short) 1);
        assertError(Errors.POLICY_VIOLATION, "jute.maxbuffer=16384", () -> small.createTopic(NewTopic.of("fat", 3_000, 3), false));
        assertFalse(zk.topics().topicExists("fat"));
        small.createTopic(NewTopic.of("thin", 300, 3), false);
        assertError(Errors.POLICY_VIOLATION, "jute.maxbuffer=16384", () -> small.createPartitions("thin", 3_000, null, false));
        assertEquals(300, small.partitionCount("thin"));
    }

    @Test
    void oneMetadataRequestAutoCreatesNoMoreThanThePartitionBudget() {
        AutoTopicCreation auto = new AutoTopicCreation(admin.withPartitionLimits(new PartitionLimits(10, 10_000)));
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            asked.add("auto-" + i);
        }
        Map<String, Errors> errors = auto.createForMetadata(asked); // num.partitions is 4: two topics fit
        assertEquals(Errors.LEADER_NOT_AVAILABLE, errors.get("auto-0"));
        assertEquals(Errors.LEADER_NOT_AVAILABLE, errors.get("auto-1"));
        assertEquals(List.of(Errors.POLICY_VIOLATION, Errors.POLICY_VIOLATION, Errors.POLICY_VIOLATION),
                List.of(errors.get("auto-2"), errors.get("auto-3"), errors.get("auto-4")));
        assertEquals(List.of("auto-0", "auto-1"), zk.topics().getAllTopics().stream().filter(t -> t.startsWith("auto-")).toList());
    }
}
