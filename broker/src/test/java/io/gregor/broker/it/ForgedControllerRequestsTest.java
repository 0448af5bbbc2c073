package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest.Topics.Partitions.NewIsrWithEpochs;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LiveLeaders;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.UngroupedPartitions;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers.Endpoints;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Controller requests forged on a plain client socket against three broker JVMs: StopReplica,
 * LeaderAndIsr and UpdateMetadata that do not carry the controller id, controller epoch and broker
 * epoch ZooKeeper holds, and AlterPartition and ControlledShutdown without the sender's broker
 * epoch, are refused with Kafka's error codes, logged with their connection, and change nothing.
 * (Kafka 3.9.1 obeys the StopReplica of the first test and deletes the leader's log.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedControllerRequestsTest {
    private static final short STOP_REPLICA_VERSION = 3;
    private static final short LEADER_AND_ISR_VERSION = 6;
    private static final short UPDATE_METADATA_VERSION = 7;
    private static final short ALTER_PARTITION_VERSION = 3;
    private static final short CONTROLLED_SHUTDOWN_VERSION = 3;

    private ThreeBrokers brokers;

    @BeforeAll
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of());
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    // ---- the cluster as ZooKeeper holds it -----------------------------------------------------

    private long brokerEpoch(int id) {
        return brokers.withZk(zk -> zk.getBrokerEpoch(id).orElseThrow());
    }

    private VersionedPartitionState versionedState(String topic) {
        return brokers.withZk(zk -> zk.topics().getPartitionState(new TopicPartition(topic, 0)).orElseThrow());
    }

    private UUID topicId(String topic) {
        KafkaUuid id = brokers.withZk(zk -> zk.topics().getTopicAssignment(topic).orElseThrow().topicId());
        return new UUID(id.mostSignificantBits(), id.leastSignificantBits());
    }

    private int follower(PartitionState state) {
        return state.isr().stream().filter(id -> id != state.leader()).findFirst().orElseThrow();
    }

    /** A topic of one partition, replicated three times, holding {@code count} acknowledged records. */
    private void topicWithRecords(String topic, int count) throws Exception {
        brokers.createTopic(topic, 1, Map.of("min.insync.replicas", "2"));
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(), Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        brokers.awaitIdenticalReplicas(topic, 0);
    }

    // ---- sending ------------------------------------------------------------------------------

    private Struct send(int brokerId, ApiKey key, short version, Struct request) throws IOException {
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(brokerId).port(), "forger")) {
            return conn.send(key, version, request);
        }
    }

    private void assertRefused(Errors expected, Struct response, String what) {
        Field<Short> errorCode = ApiMessages.specOf(response.schema()).errorCodeField();
        assertEquals(expected, Errors.forCode(response.getShort(errorCode)), what + ": " + response);
    }

    private void awaitLogLine(int brokerId, String text) {
        Awaitility.await("broker " + brokerId + " logging '" + text + "'").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(brokers.broker(brokerId).outputFile()).contains(text));
    }

    private static Struct stopReplica(int controllerId, int controllerEpoch, long brokerEpoch, String topic) {
        Struct request = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct()
                .set(StopReplicaRequest.CONTROLLER_ID, controllerId)
                .set(StopReplicaRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(StopReplicaRequest.BROKER_EPOCH, brokerEpoch);
        request.addElement(StopReplicaRequest.TOPIC_STATES).set(StopReplicaRequest.TopicStates.TOPIC_NAME, topic)
                .addElement(StopReplicaRequest.TopicStates.PARTITION_STATES)
                .set(PartitionStates.PARTITION_INDEX, 0).set(PartitionStates.LEADER_EPOCH, -2)
                .set(PartitionStates.DELETE_PARTITION, true);
        return request;
    }

    /** LeaderAndIsr making {@code newLeader} the only ISR member and leader of partition 0 with a bumped leader epoch. */
    private Struct leaderAndIsr(int controllerId, int controllerEpoch, long brokerEpoch, String topic, int newLeader) {
        VersionedPartitionState current = versionedState(topic);
        Struct request = ApiMessages.request(ApiKey.LEADER_AND_ISR).newStruct()
                .set(LeaderAndIsrRequest.CONTROLLER_ID, controllerId)
                .set(LeaderAndIsrRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(LeaderAndIsrRequest.BROKER_EPOCH, brokerEpoch).set(LeaderAndIsrRequest.TYPE, (byte) 0);
        request.addElement(LeaderAndIsrRequest.TOPIC_STATES).set(LeaderAndIsrRequest.TopicStates.TOPIC_NAME, topic)
                .set(LeaderAndIsrRequest.TopicStates.TOPIC_ID, topicId(topic))
                .addElement(LeaderAndIsrRequest.TopicStates.PARTITION_STATES)
                .set(LeaderAndIsrPartitionState.PARTITION_INDEX, 0)
                .set(LeaderAndIsrPartitionState.CONTROLLER_EPOCH, controllerEpoch)
                .set(LeaderAndIsrPartitionState.LEADER, newLeader)
                .set(LeaderAndIsrPartitionState.LEADER_EPOCH, current.state().leaderEpoch() + 1)
                .set(LeaderAndIsrPartitionState.ISR, List.of(newLeader))
                .set(LeaderAndIsrPartitionState.PARTITION_EPOCH, current.zkVersion() + 1)
                .set(LeaderAndIsrPartitionState.REPLICAS, brokers.assignment(topic).get(0))
                .set(LeaderAndIsrPartitionState.ADDING_REPLICAS, List.of())
                .set(LeaderAndIsrPartitionState.REMOVING_REPLICAS, List.of())
                .set(LeaderAndIsrPartitionState.IS_NEW, false)
                .set(LeaderAndIsrPartitionState.LEADER_RECOVERY_STATE, (byte) 0);
        request.addElement(LeaderAndIsrRequest.LIVE_LEADERS).set(LiveLeaders.BROKER_ID, newLeader)
                .set(LiveLeaders.HOST_NAME, "127.0.0.1")
                .set(LiveLeaders.PORT, brokers.broker(newLeader).port());
        return request;
    }

    /** UpdateMetadata naming a made-up broker 99 as the only live broker and leader of partition 0. */
    private Struct poisonedMetadata(int controllerId, int controllerEpoch, long brokerEpoch, String topic) {
        VersionedPartitionState current = versionedState(topic);
        Struct request = ApiMessages.request(ApiKey.UPDATE_METADATA).newStruct()
                .set(UpdateMetadataRequest.CONTROLLER_ID, controllerId)
                .set(UpdateMetadataRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(UpdateMetadataRequest.BROKER_EPOCH, brokerEpoch);
        request.addElement(UpdateMetadataRequest.TOPIC_STATES).set(UpdateMetadataRequest.TopicStates.TOPIC_NAME, topic)
                .set(UpdateMetadataRequest.TopicStates.TOPIC_ID, topicId(topic))
                .addElement(UpdateMetadataRequest.TopicStates.PARTITION_STATES)
                .set(UpdateMetadataPartitionState.PARTITION_INDEX, 0)
                .set(UpdateMetadataPartitionState.CONTROLLER_EPOCH, controllerEpoch)
                .set(UpdateMetadataPartitionState.LEADER, 99)
                .set(UpdateMetadataPartitionState.LEADER_EPOCH, current.state().leaderEpoch() + 1)
                .set(UpdateMetadataPartitionState.ISR, List.of(99))
                .set(UpdateMetadataPartitionState.ZK_VERSION, current.zkVersion() + 1)
                .set(UpdateMetadataPartitionState.REPLICAS, List.of(99))
                .set(UpdateMetadataPartitionState.OFFLINE_REPLICAS, List.of());
        request.addElement(UpdateMetadataRequest.LIVE_BROKERS).set(LiveBrokers.ID, 99).set(LiveBrokers.RACK, null)
                .addElement(LiveBrokers.ENDPOINTS).set(Endpoints.PORT, 9)
                .set(Endpoints.HOST, "attacker.invalid").set(Endpoints.LISTENER, "PLAINTEXT")
                .set(Endpoints.SECURITY_PROTOCOL, (short) 0);
        return request;
    }

    // ---- the tests ----------------------------------------------------------------------------

    @Test
    void aForgedStopReplicaWithDeleteIsRefusedAndTheLeadersLogStaysReadable() throws Exception {
        String topic = "victim";
        topicWithRecords(topic, 200);
        PartitionState before = brokers.state(topic, 0).orElseThrow();
        int leader = before.leader();
        byte[] logBefore = brokers.logBytes(leader, topic, 0);
        int controller = brokers.awaitController();

        // The attack as reported: delete=true, a made-up controller epoch of 1000, broker epoch -1.
        assertRefused(Errors.STALE_BROKER_EPOCH,
                send(leader, ApiKey.STOP_REPLICA, STOP_REPLICA_VERSION, stopReplica(controller, 1000, -1, topic)),
                "StopReplica with broker epoch -1");
        // Even with the leader's real broker epoch, the epoch 1000 that ZooKeeper does not hold is refused.
        assertRefused(Errors.STALE_CONTROLLER_EPOCH,
                send(leader, ApiKey.STOP_REPLICA, STOP_REPLICA_VERSION, stopReplica(controller, 1000, brokerEpoch(leader), topic)),
                "StopReplica with controller epoch 1000");
        // Version 0 carries no broker epoch at all.
        Struct v0 = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct()
                .set(StopReplicaRequest.CONTROLLER_ID, controller)
                .set(StopReplicaRequest.CONTROLLER_EPOCH, brokers.controllerEpoch())
                .set(StopReplicaRequest.DELETE_PARTITIONS, true);
        v0.addElement(StopReplicaRequest.UNGROUPED_PARTITIONS).set(UngroupedPartitions.TOPIC_NAME, topic)
                .set(UngroupedPartitions.PARTITION_INDEX, 0);
        assertRefused(Errors.STALE_BROKER_EPOCH, send(leader, ApiKey.STOP_REPLICA, (short) 0, v0), "StopReplica v0");

        awaitLogLine(leader, "Refused StopReplica v3 from connection");
        assertArrayEquals(logBefore, brokers.logBytes(leader, topic, 0), "the leader's log is intact");
        assertEquals(before, brokers.state(topic, 0).orElseThrow());
        assertEquals(200, ApacheClients.readAll(brokers.bootstrap(), topic, 1, 200).size(), "a consumer reads everything");
        assertEquals(200, WireRequests.storedBatches(brokers.broker(leader).port(), topic, 0).stream()
                .mapToInt(b -> (int) (b.lastOffset() - b.baseOffset() + 1)).sum(), "the leader itself serves all 200");
    }

    @Test
    void aForgedLeaderAndIsrCannotMakeAFollowerTheLeader() throws Exception {
        String topic = "usurped";
        topicWithRecords(topic, 10);
        PartitionState before = brokers.state(topic, 0).orElseThrow();
        int follower = follower(before);
        int controller = brokers.awaitController();
        int epoch = brokers.controllerEpoch();
        int otherBroker = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).findFirst().orElseThrow();
        long followerEpoch = brokerEpoch(follower);

        assertRefused(Errors.STALE_CONTROLLER_EPOCH, send(follower, ApiKey.LEADER_AND_ISR, LEADER_AND_ISR_VERSION,
                leaderAndIsr(controller, epoch + 1, followerEpoch, topic, follower)),
                "the controller's id with a newer epoch ZooKeeper does not hold");
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, send(follower, ApiKey.LEADER_AND_ISR, LEADER_AND_ISR_VERSION,
                leaderAndIsr(otherBroker, epoch, followerEpoch, topic, follower)),
                "the current epoch with another broker's id");
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, send(follower, ApiKey.LEADER_AND_ISR, LEADER_AND_ISR_VERSION,
                leaderAndIsr(controller, epoch - 1, followerEpoch, topic, follower)), "an older epoch");
        assertRefused(Errors.STALE_BROKER_EPOCH, send(follower, ApiKey.LEADER_AND_ISR, LEADER_AND_ISR_VERSION,
                leaderAndIsr(controller, epoch, followerEpoch - 1, topic, follower)), "an older broker epoch");

        awaitLogLine(follower, "Refused LeaderAndIsr v6 from connection");
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(follower).port(), "forger")) {
            Struct produced = WireRequests.producePartition(conn, (short) 1, topic, 0,
                    WireRequests.batch(-1, (short) -1, -1, "planted"));
            assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), produced.getShort(PartitionResponses.ERROR_CODE),
                    "the follower did not become leader: " + produced);
        }
        assertEquals(before, brokers.state(topic, 0).orElseThrow());
        assertEquals(10, ApacheClients.readAll(brokers.bootstrap(), topic, 1, 10).size());
    }

    @Test
    void aForgedUpdateMetadataCannotPoisonABrokersMetadata() throws Exception {
        String topic = "poisoned";
        topicWithRecords(topic, 10);
        int leader = brokers.state(topic, 0).orElseThrow().leader();
        int target = (leader + 1) % ThreeBrokers.BROKERS;
        int controller = brokers.awaitController();
        int epoch = brokers.controllerEpoch();
        int otherBroker = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).findFirst().orElseThrow();
        long targetEpoch = brokerEpoch(target);

        assertRefused(Errors.STALE_BROKER_EPOCH, send(target, ApiKey.UPDATE_METADATA, UPDATE_METADATA_VERSION,
                poisonedMetadata(controller, 1000, -1, topic)), "broker epoch -1");
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, send(target, ApiKey.UPDATE_METADATA, UPDATE_METADATA_VERSION,
                poisonedMetadata(otherBroker, epoch, targetEpoch, topic)), "the current epoch with another broker's id");
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, send(target, ApiKey.UPDATE_METADATA, UPDATE_METADATA_VERSION,
                poisonedMetadata(controller, epoch + 1, targetEpoch, topic)), "the controller's id with a newer epoch");

        awaitLogLine(target, "Refused UpdateMetadata v7 from connection");
        assertEquals(Set.of(0, 1, 2), brokers.metadataBrokers(target), "no made-up broker, no real one dropped");
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(target).port(), "reader")) {
            Struct request = ApiMessages.request(ApiKey.METADATA).newStruct();
            request.addElement(MetadataRequest.TOPICS).set(MetadataRequest.Topics.NAME, topic);
            Struct partition = conn.send(ApiKey.METADATA, (short) 9, request).getStructs(MetadataResponse.TOPICS).get(0)
                    .getStructs(MetadataResponse.Topics.PARTITIONS).get(0);
            assertEquals(leader, partition.getInt(MetadataResponse.Topics.Partitions.LEADER_ID),
                    "the real leader, not broker 99");
        }
        assertEquals(10, ApacheClients.readAll(brokers.bootstrap(), topic, 1, 10).size());
    }

    @Test
    void aNewControllersRequestsAndThoseToARestartedBrokerAreObeyed() throws Exception {
        String topic = "failed-over";
        topicWithRecords(topic, 20);
        int old = brokers.awaitController();
        Map<Integer, Long> outputMarks = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != old).boxed()
                .collect(Collectors.toMap(id -> id, id -> brokers.broker(id).outputFile().toFile().length()));

        brokers.broker(old).kill();
        int successor = Awaitility.await("a new controller").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> brokers.controllerId().filter(id -> id != old), java.util.Optional::isPresent).orElseThrow();
        brokers.start(old); // a new broker epoch for the controller to learn
        brokers.awaitLeaders(topic, 1);
        brokers.createTopic("after-failover", 3, Map.of());
        assertEquals(20, ApacheClients.readAll(brokers.bootstrap(), topic, 1, 20).size());

        for (Map.Entry<Integer, Long> mark : outputMarks.entrySet()) {
            String output = Files.readString(brokers.broker(mark.getKey()).outputFile());
            String since = output.substring((int) Math.min(mark.getValue(), output.length()));
            assertFalse(since.contains("Refused"), "broker " + mark.getKey() + " refused a request of controller "
                    + successor + ":\n" + since);
        }
        String restarted = Files.readString(brokers.broker(old).outputFile());
        assertFalse(restarted.contains("Refused"), "the restarted broker refused a request:\n" + restarted);
    }

    @Test
    void alterPartitionWithoutTheLeadersBrokerEpochShrinksNoIsr() throws Exception {
        String topic = "isr-kept";
        topicWithRecords(topic, 10);
        VersionedPartitionState before = versionedState(topic);
        int leader = before.state().leader();
        int controller = brokers.awaitController();
        long leaderEpoch = brokerEpoch(leader);

        for (long claimed : new long[] {-1, leaderEpoch + 1, leaderEpoch - 1}) {
            Struct request = ApiMessages.request(ApiKey.ALTER_PARTITION).newStruct()
                    .set(AlterPartitionRequest.BROKER_ID, leader)
                    .set(AlterPartitionRequest.BROKER_EPOCH, claimed);
            request.addElement(AlterPartitionRequest.TOPICS).set(AlterPartitionRequest.Topics.TOPIC_ID, topicId(topic))
                    .addElement(AlterPartitionRequest.Topics.PARTITIONS)
                    .set(AlterPartitionRequest.Topics.Partitions.PARTITION_INDEX, 0)
                    .set(AlterPartitionRequest.Topics.Partitions.LEADER_EPOCH, before.state().leaderEpoch())
                    .set(AlterPartitionRequest.Topics.Partitions.LEADER_RECOVERY_STATE, (byte) 0)
                    .set(AlterPartitionRequest.Topics.Partitions.PARTITION_EPOCH, before.zkVersion())
                    .addElement(AlterPartitionRequest.Topics.Partitions.NEW_ISR_WITH_EPOCHS)
                    .set(NewIsrWithEpochs.BROKER_ID, leader).set(NewIsrWithEpochs.BROKER_EPOCH, leaderEpoch);
            assertRefused(Errors.STALE_BROKER_EPOCH, send(controller, ApiKey.ALTER_PARTITION, ALTER_PARTITION_VERSION, request),
                    "AlterPartition claiming broker epoch " + claimed);
        }

        awaitLogLine(controller, "Refused AlterPartition v3 from connection");
        assertEquals(before, versionedState(topic), "ISR and partition epoch unchanged");
    }

    @Test
    void controlledShutdownWithoutTheBrokersEpochMovesNoLeadership() throws Exception {
        String topic = "stays-led";
        topicWithRecords(topic, 10);
        VersionedPartitionState before = versionedState(topic);
        int leader = before.state().leader();
        int controller = brokers.awaitController();
        long leaderEpoch = brokerEpoch(leader);

        for (long claimed : new long[] {-1, leaderEpoch + 1}) {
            Struct request = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                    .set(ControlledShutdownRequest.BROKER_ID, leader)
                    .set(ControlledShutdownRequest.BROKER_EPOCH, claimed);
            assertRefused(Errors.STALE_BROKER_EPOCH,
                    send(controller, ApiKey.CONTROLLED_SHUTDOWN, CONTROLLED_SHUTDOWN_VERSION, request),
                    "ControlledShutdown claiming broker epoch " + claimed);
        }
        // the right epoch (czxids are small and guessable) does not make the request the broker's own
        Struct guessed = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                .set(ControlledShutdownRequest.BROKER_ID, leader)
                .set(ControlledShutdownRequest.BROKER_EPOCH, leaderEpoch);
        assertRefused(Errors.CLUSTER_AUTHORIZATION_FAILED,
                send(controller, ApiKey.CONTROLLED_SHUTDOWN, CONTROLLED_SHUTDOWN_VERSION, guessed),
                "ControlledShutdown with the leader's own epoch, not announced by it");
        Struct v1 = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                .set(ControlledShutdownRequest.BROKER_ID, leader);
        assertRefused(Errors.STALE_BROKER_EPOCH, send(controller, ApiKey.CONTROLLED_SHUTDOWN, (short) 1, v1),
                "ControlledShutdown v1, which has no broker epoch");

        awaitLogLine(controller, "Refused ControlledShutdown v3 from connection");
        assertEquals(before, versionedState(topic), "leader, ISR and partition epoch unchanged");
        Set<Integer> leaders = IntStream.range(0, ThreeBrokers.BROKERS).boxed().collect(Collectors.toSet());
        assertTrue(leaders.contains(brokers.state(topic, 0).orElseThrow().leader()));
        assertFalse(brokers.state(topic, 0).orElseThrow().isr().size() < ThreeBrokers.BROKERS, "nobody left the ISR");
    }
}
