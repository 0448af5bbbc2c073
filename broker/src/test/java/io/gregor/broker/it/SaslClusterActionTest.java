package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LiveLeaders;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.clients.protocol.schemas.StopReplicaResponse;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.core.log.Log;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three brokers whose only listener is SASL_PLAINTEXT with PLAIN, among themselves too (as User:broker,
 * a super user), the ACL authorizer on: a user who authenticates correctly but has no ClusterAction
 * (mallory, allowed to write and read one topic) forges controller requests that carry the real
 * controller id, controller epoch and broker epoch. They are refused with CLUSTER_AUTHORIZATION_FAILED
 * and change nothing, while the brokers' own requests of the same kinds keep working: replication
 * continues and the controller's StopReplica still deletes a topic.
 */
class SaslClusterActionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String TOPIC = "guarded";

    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorCluster.start();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("listeners", "SASL_PLAINTEXT://127.0.0.1:0");
        overrides.put("security.inter.broker.protocol", "SASL_PLAINTEXT");
        overrides.put("sasl.enabled.mechanisms", "PLAIN");
        overrides.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        overrides.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN + " required username=\"broker\" "
                + "password=\"broker-secret\" user_broker=\"broker-secret\" user_admin=\"admin-secret\" "
                + "user_mallory=\"mallory-secret\";");
        overrides.put("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer");
        overrides.put("super.users", "User:broker;User:admin");
        brokers = cluster.startInProcessBrokers(3, overrides);
        bootstrap = "127.0.0.1:" + brokers[0].boundPort("SASL_PLAINTEXT");
        try (Admin admin = Admin.create(client("admin", "admin-secret"))) {
            await("three brokers in metadata").atMost(WAIT).ignoreExceptions()
                    .until(() -> admin.describeCluster().nodes().get().size() == 3);
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "3"))))
                    .all().get(30, TimeUnit.SECONDS);
            ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL);
            admin.createAcls(List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE).stream()
                    .map(op -> new AclBinding(topic, new AccessControlEntry("User:mallory", "*", op, AclPermissionType.ALLOW)))
                    .toList()).all().get(30, TimeUnit.SECONDS);
        }
        await("the ISR of " + TOPIC + " is full").atMost(WAIT)
                .until(() -> state(TOPIC).map(s -> s.isr().size() == 3).orElse(false));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Object> client(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "PLAIN");
        config.put("sasl.jaas.config", PLAIN + " required username=\"" + user + "\" password=\"" + password + "\";");
        config.put("request.timeout.ms", "15000");
        config.put("default.api.timeout.ms", "30000");
        return config;
    }

    private static Optional<PartitionState> state(String topic) {
        return brokers[0].zkClient().topics().getPartitionState(new io.gregor.coordination.zk.TopicPartition(topic, 0))
                .map(VersionedPartitionState::state);
    }

    private static Optional<Log> log(int brokerId, String topic) {
        return brokers[brokerId].logManager().getLog(new TopicPartition(topic, 0));
    }

    /** Mallory's records, acks=all with min.insync.replicas=3: acknowledged only once every replica has them. */
    private static void produceAsMallory(String prefix, int count) throws Exception {
        Map<String, Object> config = client("mallory", "mallory-secret");
        config.put("acks", "all");
        config.put("enable.idempotence", "false"); // mallory has no IdempotentWrite: only Write, Read, Describe on the topic
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, config)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, prefix + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A connection that authenticates as mallory (a wrong password would fail here). */
    private static KafkaConnection connectAsMallory(int brokerId) throws IOException {
        Map<String, Object> config = client("mallory", "mallory-secret");
        return KafkaConnection.connect(new InetSocketAddress("127.0.0.1", brokers[brokerId].boundPort("SASL_PLAINTEXT")),
                "forger", 5_000, ClientSecurity.fromClient(key -> config.get(key) == null ? null : String.valueOf(config.get(key))));
    }

    private static long[] logEndOffsets(String topic) {
        return Arrays.stream(brokers).mapToLong(b -> log(b.config().brokerId(), topic).orElseThrow().logEndOffset()).toArray();
    }

    @Test
    void forgedControllerRequestsFromAnAuthenticatedUserWithoutClusterActionAreRefusedAndChangeNothing() throws Exception {
        produceAsMallory("before-", 20);
        PartitionState before = state(TOPIC).orElseThrow();
        int leader = before.leader();
        int follower = before.isr().stream().filter(id -> id != leader).findFirst().orElseThrow();
        await("every replica holds the 20 records").atMost(WAIT)
                .until(() -> Arrays.stream(logEndOffsets(TOPIC)).allMatch(offset -> offset == 20));
        int controllerId = brokers[0].metadataCache().controllerId().orElseThrow();
        int controllerEpoch = brokers[0].zkClient().getControllerEpoch().orElseThrow().epoch();
        long leaderEpoch = brokers[0].zkClient().getBrokerEpoch(leader).orElseThrow();
        long followerEpoch = brokers[0].zkClient().getBrokerEpoch(follower).orElseThrow();

        try (KafkaConnection conn = connectAsMallory(leader)) {
            Struct response = conn.send(ApiKey.STOP_REPLICA, (short) 3, stopReplica(controllerId, controllerEpoch, leaderEpoch));
            assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(), response.getShort(StopReplicaResponse.ERROR_CODE),
                    "StopReplica deleting the leader's replica: " + response);
        }
        try (KafkaConnection conn = connectAsMallory(follower)) {
            Struct response = conn.send(ApiKey.LEADER_AND_ISR, (short) 6,
                    leaderAndIsr(controllerId, controllerEpoch, followerEpoch, follower));
            assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(), response.getShort(LeaderAndIsrResponse.ERROR_CODE),
                    "LeaderAndIsr making a follower the only leader: " + response);
        }

        assertTrue(log(leader, TOPIC).isPresent(), "the leader's replica was not deleted");
        assertEquals(before, state(TOPIC).orElseThrow(), "the partition's leader, epoch and ISR in ZooKeeper");
        for (GregorServer broker : brokers) {
            assertEquals(leader, broker.metadataCache().partition(TOPIC, 0).orElseThrow().leader(),
                    "the leader in broker " + broker.config().brokerId() + "'s metadata");
        }
        assertEquals(List.of(20L, 20L, 20L), Arrays.stream(logEndOffsets(TOPIC)).boxed().toList());

        // the brokers' own ClusterAction requests keep working: follower fetches (acks=all with min.insync.replicas=3) ...
        produceAsMallory("after-", 20);
        await("every replica holds all 40 records").atMost(WAIT)
                .until(() -> Arrays.stream(logEndOffsets(TOPIC)).allMatch(offset -> offset == 40));
        assertEquals(leader, state(TOPIC).orElseThrow().leader());
        // ... and the controller's StopReplica, which deletes a topic's replicas on every broker
        try (Admin admin = Admin.create(client("admin", "admin-secret"))) {
            admin.createTopics(List.of(new NewTopic("doomed", 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
            await("doomed has a replica on every broker").atMost(WAIT)
                    .until(() -> Arrays.stream(brokers).allMatch(b -> log(b.config().brokerId(), "doomed").isPresent()));
            admin.deleteTopics(List.of("doomed")).all().get(30, TimeUnit.SECONDS);
        }
        await("the controller's StopReplica deleted doomed everywhere").atMost(WAIT)
                .until(() -> Arrays.stream(brokers).noneMatch(b -> log(b.config().brokerId(), "doomed").isPresent()));
        assertFalse(brokers[0].zkClient().topics().topicExists("doomed"));
    }

    private static Struct stopReplica(int controllerId, int controllerEpoch, long brokerEpoch) {
        Struct request = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct()
                .set(StopReplicaRequest.CONTROLLER_ID, controllerId)
                .set(StopReplicaRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(StopReplicaRequest.BROKER_EPOCH, brokerEpoch);
        request.addElement(StopReplicaRequest.TOPIC_STATES).set(StopReplicaRequest.TopicStates.TOPIC_NAME, TOPIC)
                .addElement(StopReplicaRequest.TopicStates.PARTITION_STATES)
                .set(PartitionStates.PARTITION_INDEX, 0).set(PartitionStates.LEADER_EPOCH, -2)
                .set(PartitionStates.DELETE_PARTITION, true);
        return request;
    }

    /** LeaderAndIsr making {@code newLeader} the only ISR member and leader, with the next leader and partition epochs. */
    private static Struct leaderAndIsr(int controllerId, int controllerEpoch, long brokerEpoch, int newLeader) {
        VersionedPartitionState current = brokers[0].zkClient().topics()
                .getPartitionState(new io.gregor.coordination.zk.TopicPartition(TOPIC, 0)).orElseThrow();
        var assignment = brokers[0].zkClient().topics().getTopicAssignment(TOPIC).orElseThrow();
        KafkaUuid id = assignment.topicId();
        Struct request = ApiMessages.request(ApiKey.LEADER_AND_ISR).newStruct()
                .set(LeaderAndIsrRequest.CONTROLLER_ID, controllerId)
                .set(LeaderAndIsrRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(LeaderAndIsrRequest.BROKER_EPOCH, brokerEpoch).set(LeaderAndIsrRequest.TYPE, (byte) 0);
        request.addElement(LeaderAndIsrRequest.TOPIC_STATES).set(LeaderAndIsrRequest.TopicStates.TOPIC_NAME, TOPIC)
                .set(LeaderAndIsrRequest.TopicStates.TOPIC_ID, new UUID(id.mostSignificantBits(), id.leastSignificantBits()))
                .addElement(LeaderAndIsrRequest.TopicStates.PARTITION_STATES)
                .set(LeaderAndIsrPartitionState.PARTITION_INDEX, 0)
                .set(LeaderAndIsrPartitionState.CONTROLLER_EPOCH, controllerEpoch)
                .set(LeaderAndIsrPartitionState.LEADER, newLeader)
                .set(LeaderAndIsrPartitionState.LEADER_EPOCH, current.state().leaderEpoch() + 1)
                .set(LeaderAndIsrPartitionState.ISR, List.of(newLeader))
                .set(LeaderAndIsrPartitionState.PARTITION_EPOCH, current.zkVersion() + 1)
                .set(LeaderAndIsrPartitionState.REPLICAS, assignment.partitions().get(0).replicas())
                .set(LeaderAndIsrPartitionState.ADDING_REPLICAS, List.of())
                .set(LeaderAndIsrPartitionState.REMOVING_REPLICAS, List.of())
                .set(LeaderAndIsrPartitionState.IS_NEW, false)
                .set(LeaderAndIsrPartitionState.LEADER_RECOVERY_STATE, (byte) 0);
        request.addElement(LeaderAndIsrRequest.LIVE_LEADERS).set(LiveLeaders.BROKER_ID, newLeader)
                .set(LiveLeaders.HOST_NAME, "127.0.0.1")
                .set(LiveLeaders.PORT, brokers[newLeader].boundPort("SASL_PLAINTEXT"));
        return request;
    }
}
