package io.gregor.broker.it;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Absurd but well-formed values, as a client sees them answered by one broker: partition counts
 * over the bounds (POLICY_VIOLATION, nothing created), a replication factor above the broker count
 * (INVALID_REPLICATION_FACTOR), a Fetch that asks to wait 24 days (answered at the cap), and a
 * Metadata request naming more new topics than one request may create.
 */
class AbsurdValuesTest {

    private static final int PER_REQUEST = 20;
    private static final int FETCH_WAIT_CAP_MS = 300;

    private static GregorCluster cluster;
    private static GregorServer broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        broker = cluster.startInProcessBroker(0, Map.of("max.partitions.per.request", Integer.toString(PER_REQUEST),
                "max.partitions.per.topic", "30", "fetch.max.wait.ms", Integer.toString(FETCH_WAIT_CAP_MS),
                "num.partitions", "3", "offsets.topic.num.partitions", "3", "transaction.state.log.num.partitions", "3"));
        admin = ApacheClients.admin("127.0.0.1:" + broker.boundPort("PLAINTEXT"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        cluster.close();
    }

    private static Throwable cause(ExecutionException e) {
        return e.getCause();
    }

    private static Set<String> topics() throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }

    @Test
    void createTopicsOverThePartitionBoundsIsAPolicyViolationAndCreatesNothing() throws Exception {
        ExecutionException tooMany = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("too-many", 21, (short) 1))).all().get(30, TimeUnit.SECONDS));
        assertInstanceOf(PolicyViolationException.class, cause(tooMany));
        assertTrue(cause(tooMany).getMessage().contains("max.partitions.per.request"), cause(tooMany).getMessage());

        ExecutionException hostile = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("hostile", Integer.MAX_VALUE, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS));
        assertInstanceOf(PolicyViolationException.class, cause(hostile));

        // two topics that fit one by one but not together: both refused, neither created
        var together = admin.createTopics(List.of(new NewTopic("half-a", 12, (short) 1), new NewTopic("half-b", 12, (short) 1)));
        for (String name : List.of("half-a", "half-b")) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> together.values().get(name).get(30, TimeUnit.SECONDS));
            assertInstanceOf(PolicyViolationException.class, cause(e));
        }
        Set<String> names = topics();
        for (String name : List.of("too-many", "hostile", "half-a", "half-b")) {
            assertFalse(names.contains(name), name + " was created");
        }
    }

    @Test
    void createPartitionsOverTheBoundsIsAPolicyViolationAndAddsNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("growing", 15, (short) 1))).all().get(30, TimeUnit.SECONDS);

        ExecutionException overTopic = assertThrows(ExecutionException.class,
                () -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(31))).all().get(30, TimeUnit.SECONDS));
        assertInstanceOf(PolicyViolationException.class, cause(overTopic));
        assertTrue(cause(overTopic).getMessage().contains("max.partitions.per.topic"), cause(overTopic).getMessage());

        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(30))).all().get(30, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of("growing"))
                .allTopicNames().get(30, TimeUnit.SECONDS).get("growing").partitions().size() == 30);
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountIsRefusedBeforeAnythingIsWritten() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("wide", 1, (short) 2))).all().get(30, TimeUnit.SECONDS));
        assertInstanceOf(InvalidReplicationFactorException.class, cause(e));
        assertFalse(broker.zkClient().topics().topicExists("wide"));
    }

    @Test
    @Timeout(60) // without the cap the answer would take 24 days
    void aFetchAskingToWait24DaysIsAnsweredAtTheBrokersCap() throws Exception {
        admin.createTopics(List.of(new NewTopic("quiet", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (KafkaConnection conn = WireRequests.connect(broker.boundPort("PLAINTEXT"), "patient")) {
            Struct request = ApiMessages.request(ApiKey.FETCH).newStruct()
                    .set(FetchRequest.REPLICA_ID, -1)
                    .set(FetchRequest.MAX_WAIT_MS, (int) Duration.ofDays(24).toMillis()).set(FetchRequest.MIN_BYTES, 1)
                    .set(FetchRequest.MAX_BYTES, 1 << 20).set(FetchRequest.ISOLATION_LEVEL, (byte) 0)
                    .set(FetchRequest.SESSION_ID, 0).set(FetchRequest.SESSION_EPOCH, -1);
            request.addElement(FetchRequest.TOPICS).set(FetchRequest.Topics.TOPIC, "quiet")
                    .addElement(FetchRequest.Topics.PARTITIONS).set(FetchRequest.Topics.Partitions.PARTITION, 0)
                    .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                    .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
            long start = System.nanoTime();
            Struct response = conn.send(ApiKey.FETCH, WireRequests.FETCH_VERSION, request);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            Struct partition = response.getStructs(FetchResponse.RESPONSES).get(0).getStructs(Responses.PARTITIONS).get(0);
            assertEquals(Errors.NONE.code(), partition.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
            assertTrue(waitedMs >= FETCH_WAIT_CAP_MS - 50 && waitedMs < 10_000, "answered after " + waitedMs + " ms");
        }
    }

    @Test
    void oneMetadataRequestAutoCreatesNoMoreTopicsThanItsPartitionBudget() throws Exception {
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            wanted.add("auto-" + i);
        }
        try (KafkaConnection conn = WireRequests.connect(broker.boundPort("PLAINTEXT"), "curious")) {
            Struct request = ApiMessages.request(ApiKey.METADATA).newStruct()
                    .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, true);
            wanted.forEach(t -> request.addElement(MetadataRequest.TOPICS).set(MetadataRequest.Topics.NAME, t));
            Struct response = conn.send(ApiKey.METADATA, (short) 9, request);
            List<Struct> answered = response.getStructs(MetadataResponse.TOPICS);
            assertEquals(50, answered.size());
            for (int i = 0; i < 50; i++) {
                Errors expected = i < PER_REQUEST / 3 ? Errors.LEADER_NOT_AVAILABLE : Errors.POLICY_VIOLATION;
                assertEquals(expected.code(), answered.get(i).getShort(MetadataResponse.Topics.ERROR_CODE),
                        answered.get(i).getString(MetadataResponse.Topics.NAME));
            }
        }
        // num.partitions=3 and 20 partitions per request: six topics, in request order
        long created = broker.zkClient().topics().getAllTopics().stream().filter(t -> t.startsWith("auto-")).count();
        assertEquals(PER_REQUEST / 3, created);
        for (int i = 0; i < PER_REQUEST / 3; i++) {
            assertTrue(broker.zkClient().topics().topicExists("auto-" + i));
        }
    }
}
