package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ReplicaState;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Follower fetches forged on a plain client socket against three broker JVMs, while the real
 * follower is paused (SIGSTOP) and so holds back the high watermark: a fetch claiming to be that
 * follower at the leader's log end would, if believed, move the high watermark and acknowledge an
 * acks=all produce the follower never got (Kafka 3.9.1 without an authorizer believes it). Old
 * versions, wrong or missing broker epochs and replicas outside the assignment are refused with
 * Kafka's error codes, logged with their connection, and move neither the high watermark nor the
 * ISR; the same fetch with the follower's live broker epoch is believed (the check, not the shape of
 * the request, refused the others); genuine replication goes on once the follower resumes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedFollowerFetchesTest {
    private static final short OLD_FETCH_VERSION = 12;
    private static final short FETCH_VERSION = 15;
    /** The real follower is paused this long at most, well inside these two timeouts. */
    private static final String SLOW_FAILURE_DETECTION_MS = "15000";

    private ThreeBrokers brokers;

    @BeforeAll
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("replica.lag.time.max.ms", SLOW_FAILURE_DETECTION_MS,
                "zookeeper.session.timeout.ms", SLOW_FAILURE_DETECTION_MS));
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private long brokerEpoch(int id) {
        return brokers.withZk(zk -> zk.getBrokerEpoch(id).orElseThrow());
    }

    private UUID topicId(String topic) {
        KafkaUuid id = brokers.withZk(zk -> zk.topics().getTopicAssignment(topic).orElseThrow().topicId());
        return new UUID(id.mostSignificantBits(), id.leastSignificantBits());
    }

    /** Creates a one-partition topic on exactly {@code replicas} (the first leads), min.insync.replicas 2. */
    private void createTopic(String topic, List<Integer> replicas) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("leader " + replicas.get(0) + " and ISR " + replicas + " of " + topic).atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> brokers.state(topic, 0)
                        .filter(s -> s.leader() == replicas.get(0) && s.isr().size() == replicas.size()).isPresent());
    }

    private Struct produce(int leader, String topic, String value) {
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(leader).port(), "producer")) {
            Struct request = WireRequests.produce((short) -1, topic, 0, WireRequests.batch(-1, (short) -1, -1, value))
                    .set(ProduceRequest.TIMEOUT_MS, 60_000);
            return conn.send(ApiKey.PRODUCE, WireRequests.PRODUCE_VERSION,
                    request).getStructs(ProduceResponse.RESPONSES).get(0)
                    .getStructs(ProduceResponse.Responses.PARTITION_RESPONSES).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The high watermark the leader shows consumers. */
    private long highWatermark(int leader, String topic) throws IOException {
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(leader).port(), "hw-reader")) {
            return WireRequests.fetchPartition(conn, topic, 0,
                    0).getLong(FetchResponse.Responses.Partitions.HIGH_WATERMARK);
        }
    }

    /** A Fetch of partition 0 from {@code offset} as {@code replicaId}: v15+ by id with {@code replicaEpoch}, v12 by name. */
    private Struct forgedFetch(short version, int replicaId, long replicaEpoch, String topic, long offset) {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct().set(FetchRequest.MAX_WAIT_MS, 0)
                .set(FetchRequest.MIN_BYTES, 0)
                .set(FetchRequest.MAX_BYTES, 1 << 20).set(FetchRequest.ISOLATION_LEVEL, (byte) 0)
                .set(FetchRequest.SESSION_ID, 0).set(FetchRequest.SESSION_EPOCH, -1)
                .set(FetchRequest.RACK_ID, "");
        Struct t = request.addElement(FetchRequest.TOPICS);
        if (version >= 13) {
            request.getStruct(FetchRequest.REPLICA_STATE).set(ReplicaState.REPLICA_ID, replicaId)
                    .set(ReplicaState.REPLICA_EPOCH, replicaEpoch);
            t.set(Topics.TOPIC_ID, topicId(topic));
        } else {
            request.set(FetchRequest.REPLICA_ID, replicaId);
            t.set(Topics.TOPIC, topic);
        }
        t.addElement(Topics.PARTITIONS).set(FetchRequest.Topics.Partitions.PARTITION, 0)
                .set(FetchRequest.Topics.Partitions.CURRENT_LEADER_EPOCH, brokers.state(topic, 0).orElseThrow()
                .leaderEpoch()).set(FetchRequest.Topics.Partitions.FETCH_OFFSET, offset)
                .set(FetchRequest.Topics.Partitions.LOG_START_OFFSET, 0L)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        return request;
    }

    /** Sends the fetch to {@code leader} and returns partition 0's answer. */
    private Struct send(int leader, short version, Struct fetch) throws IOException {
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(leader).port(), "forger")) {
            return conn.send(ApiKey.FETCH, version,
                    fetch).getStructs(FetchResponse.RESPONSES).get(0).getStructs(FetchResponse.Responses.PARTITIONS).get(0);
        }
    }

    private void assertRefused(Errors expected, Struct partition, String what) {
        assertEquals(expected, Errors.forCode(partition.getShort(FetchResponse.Responses.Partitions.ERROR_CODE)),
                what + ": " + partition);
        assertEquals(0, partition.getRecords(FetchResponse.Responses.Partitions.RECORDS).sizeInBytes(),
                what + " reads no records");
    }

    private void awaitLogLine(int brokerId, String text) {
        Awaitility.await("broker " + brokerId + " logging '" + text + "'").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(brokers.broker(brokerId).outputFile()).contains(text));
    }

    @Test
    void forgedFollowerFetchesMoveNeitherTheHighWatermarkNorTheIsrAndAcknowledgeNothing() throws Exception {
        int controller = brokers.awaitController();
        int follower = (controller + 1) % ThreeBrokers.BROKERS; // paused: not the controller
        int leader = (controller + 2) % ThreeBrokers.BROKERS;
        int outsider = controller;
        String replicated = "guarded";
        String pair = "guarded-pair"; // the outsider holds no replica of it
        createTopic(replicated, List.of(leader, follower, outsider));
        createTopic(pair, List.of(leader, follower));
        for (String topic : List.of(replicated, pair)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(0, produce(leader, topic, "acked-" + i).getShort(PartitionResponses.ERROR_CODE));
            }
        }
        PartitionState replicatedBefore = brokers.state(replicated, 0).orElseThrow();
        PartitionState pairBefore = brokers.state(pair, 0).orElseThrow();
        long followerEpoch = brokerEpoch(follower);
        long outsiderEpoch = brokerEpoch(outsider);

        brokers.broker(follower).pause();
        CompletableFuture<Struct> held = CompletableFuture.supplyAsync(() -> produce(leader, replicated, "held"));
        CompletableFuture<Struct> heldPair = CompletableFuture.supplyAsync(() -> produce(leader, pair, "held"));
        try {
            for (String topic : List.of(replicated, pair)) {
                Awaitility.await("the leader's append to " + topic).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(50))
                        .until(() -> brokers.logBytes(leader, topic, 0).length > brokers.logBytes(follower, topic, 0).length);
            }
            assertEquals(10L, highWatermark(leader, replicated), "the paused follower holds the high watermark");
            assertEquals(10L, highWatermark(leader, pair));

            // Each claims the paused follower at the leader's log end, 11.
            assertRefused(Errors.UNSUPPORTED_VERSION, send(leader, OLD_FETCH_VERSION,
                    forgedFetch(OLD_FETCH_VERSION, follower, -1, replicated, 11)), "v12, which carries no replica epoch");
            for (long claimed : new long[] {-1, followerEpoch - 1, followerEpoch + 1}) {
                assertRefused(Errors.NOT_LEADER_OR_FOLLOWER, send(leader, FETCH_VERSION,
                        forgedFetch(FETCH_VERSION, follower, claimed, replicated, 11)), "replica epoch " + claimed);
            }
            assertRefused(Errors.NOT_LEADER_OR_FOLLOWER, send(leader, FETCH_VERSION,
                    forgedFetch(FETCH_VERSION, 7, followerEpoch, replicated, 11)), "broker 7, never registered");
            // A registered broker with its own live epoch, but no replica of the pair topic: the partition refuses it.
            assertRefused(Errors.UNKNOWN_LEADER_EPOCH, send(leader, FETCH_VERSION,
                    forgedFetch(FETCH_VERSION, outsider, outsiderEpoch, pair, 11)), "broker " + outsider + ", not a replica");

            Awaitility.await("the high watermarks staying put").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> highWatermark(leader, replicated) == 10L && highWatermark(leader, pair) == 10L);
            assertFalse(held.isDone(), "acks=all is not acknowledged on a forged fetch's account");
            assertFalse(heldPair.isDone());
            assertEquals(replicatedBefore, brokers.state(replicated, 0).orElseThrow(), "ISR unchanged");
            assertEquals(pairBefore, brokers.state(pair, 0).orElseThrow(), "the outsider was not proposed for the ISR");
            awaitLogLine(leader, "Refused follower Fetch v12 from connection");

            // The same fetch with the follower's live broker epoch is taken as the follower's: that epoch is the credential.
            Struct believed = send(leader, FETCH_VERSION, forgedFetch(FETCH_VERSION, follower, followerEpoch, replicated, 11));
            assertEquals(0, believed.getShort(FetchResponse.Responses.Partitions.ERROR_CODE), believed.toString());
            Awaitility.await().atMost(ThreeBrokers.WAIT).until(() -> highWatermark(leader, replicated) == 11L);
            assertEquals(0, held.get(30, TimeUnit.SECONDS).getShort(PartitionResponses.ERROR_CODE));
        } finally {
            brokers.broker(follower).resume();
        }
        assertEquals(0, heldPair.get(30, TimeUnit.SECONDS).getShort(PartitionResponses.ERROR_CODE),
                "the real follower's fetch acknowledges it");
        assertEquals(0, produce(leader, replicated, "after").getShort(PartitionResponses.ERROR_CODE));
        brokers.awaitIdenticalReplicas(replicated, 0);
        assertEquals(List.of(leader, follower, outsider).stream().sorted().toList(),
                brokers.state(replicated, 0).orElseThrow().isr().stream().sorted().toList());
    }

    @Test
    void aRestartedFollowerRejoinsWithItsNewBrokerEpochAndItsPreviousOneIsRefused() throws Exception {
        int controller = brokers.awaitController();
        int follower = (controller + 1) % ThreeBrokers.BROKERS;
        int leader = (controller + 2) % ThreeBrokers.BROKERS;
        String topic = "rejoined";
        createTopic(topic, List.of(leader, follower, controller));
        assertEquals(0, produce(leader, topic, "before").getShort(PartitionResponses.ERROR_CODE));
        long previousEpoch = brokerEpoch(follower);

        brokers.broker(follower).stop();
        brokers.start(follower);
        long newEpoch = brokerEpoch(follower);
        assertTrue(newEpoch > previousEpoch, "a new registration, a new broker epoch");
        brokers.awaitLeaders(topic, 1); // back in the ISR: the leader took its fetches, the controller its epoch
        assertEquals(0, produce(leader, topic, "after").getShort(PartitionResponses.ERROR_CODE));
        brokers.awaitIdenticalReplicas(topic, 0);

        long end = highWatermark(leader, topic);
        assertRefused(Errors.NOT_LEADER_OR_FOLLOWER, send(leader, FETCH_VERSION,
                forgedFetch(FETCH_VERSION, follower, previousEpoch, topic, end)), "the previous incarnation's epoch");
        assertEquals(end, highWatermark(leader, topic));
    }
}
