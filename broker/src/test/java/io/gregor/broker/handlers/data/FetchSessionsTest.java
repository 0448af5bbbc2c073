package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ForgottenTopicsData;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics.Partitions;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gregor.broker.handlers.data.DataPlaneFixture.partitionResponse;
import static io.gregor.broker.handlers.data.DataPlaneFixture.produce;
import static io.gregor.broker.handlers.data.DataPlaneFixture.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Incremental fetch sessions (KIP-227) through the Fetch handler, on real logs. */
class FetchSessionsTest {
    private static final short PRODUCE_V = 9;
    private static final String TOPIC = "sessions";

    @TempDir
    Path dir;
    DataPlaneFixture broker;
    UUID topicId;

    @BeforeEach
    void start() throws Exception {
        broker = new DataPlaneFixture(dir);
        topicId = broker.becomeLeader(TOPIC, 3);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    /** A fetch request of {@code offsets} (partition -> fetch offset, in partition order) in session {@code id} at {@code epoch}. */
    private Struct request(short version, int id, int epoch, Map<Integer, Long> offsets, List<Integer> forget) {
        Struct req = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.REPLICA_ID, -1).set(FetchRequest.MAX_WAIT_MS, 0).set(FetchRequest.MIN_BYTES, 0)
                .set(FetchRequest.MAX_BYTES, Integer.MAX_VALUE).set(FetchRequest.ISOLATION_LEVEL, (byte) 0)
                .set(FetchRequest.SESSION_ID, id).set(FetchRequest.SESSION_EPOCH, epoch);
        if (!offsets.isEmpty()) {
            Struct t = req.addElement(FetchRequest.TOPICS).set(Topics.TOPIC, TOPIC).set(Topics.TOPIC_ID, topicId);
            new TreeMap<>(offsets).forEach((partition, offset) -> t.addElement(Topics.PARTITIONS).set(Partitions.PARTITION, partition)
                    .set(Partitions.FETCH_OFFSET, offset).set(Partitions.PARTITION_MAX_BYTES, 1 << 20));
        }
        if (!forget.isEmpty()) {
            req.addElement(FetchRequest.FORGOTTEN_TOPICS_DATA).set(ForgottenTopicsData.TOPIC, TOPIC)
                    .set(ForgottenTopicsData.TOPIC_ID, topicId).set(ForgottenTopicsData.PARTITIONS, forget);
        }
        return req;
    }

    /** The partitions an answer names, each with its high watermark and record bytes. */
    private static Map<Integer, String> answered(Struct response) {
        Map<Integer, String> out = new TreeMap<>();
        for (Struct topic : response.getStructs(FetchResponse.RESPONSES)) {
            for (Struct p : topic.getStructs(Responses.PARTITIONS)) {
                out.put(p.getInt(Responses.Partitions.PARTITION_INDEX),
                        "hw=" + p.getLong(Responses.Partitions.HIGH_WATERMARK) + " bytes="
                                + p.getRecords(Responses.Partitions.RECORDS).sizeInBytes());
            }
        }
        return out;
    }

    private void produceTo(int partition, String... values) throws Exception {
        Struct produced = broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, TOPIC, partition, records(1L, values)));
        assertEquals(0, partitionResponse(produced).getShort(
                io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
    }

    private int open(short version) throws Exception {
        Struct full = broker.call(ApiKey.FETCH, version, request(version, 0, 0, Map.of(0, 0L, 1, 0L, 2, 0L), List.of()));
        assertEquals(Errors.NONE.code(), full.getShort(FetchResponse.ERROR_CODE));
        assertEquals(3, answered(full).size(), "a full fetch answers every partition");
        int id = full.getInt(FetchResponse.SESSION_ID);
        assertNotEquals(0, id, "a full fetch at epoch 0 opens a session");
        return id;
    }

    @ParameterizedTest
    @ValueSource(shorts = {12, 13})
    void incrementalFetchesReadTheWholeSessionAndAnswerOnlyPartitionsWithNews(short version) throws Exception {
        int id = open(version);
        Struct quiet = broker.call(ApiKey.FETCH, version, request(version, id, 1, Map.of(), List.of()));
        assertEquals(id, quiet.getInt(FetchResponse.SESSION_ID));
        assertEquals(Map.of(), answered(quiet), "nothing changed: nothing to tell");

        produceTo(1, "a", "b");
        Struct news = broker.call(ApiKey.FETCH, version, request(version, id, 2, Map.of(), List.of()));
        Map<Integer, String> told = answered(news);
        assertEquals(List.of(1), List.copyOf(told.keySet()), "only the partition with records: " + told);
        assertEquals("hw=2", told.get(1).split(" ")[0]);

        // the fetcher moves on in partition 1: with nothing new there, nothing is answered
        Struct moved = broker.call(ApiKey.FETCH, version, request(version, id, 3, Map.of(1, 2L), List.of()));
        assertEquals(Map.of(), answered(moved));
        produceTo(1, "c");
        Struct next = broker.call(ApiKey.FETCH, version, request(version, id, 4, Map.of(), List.of()));
        assertEquals("hw=3", answered(next).get(1).split(" ")[0], "read from the offset the session remembers");
    }

    @Test
    void forgottenPartitionsAreNoLongerReadAndAddedOnesAre() throws Exception {
        short version = 13;
        int id = open(version);
        broker.call(ApiKey.FETCH, version, request(version, id, 1, Map.of(), List.of(0, 2)));
        produceTo(0, "x");
        produceTo(2, "y");
        assertEquals(Map.of(), answered(broker.call(ApiKey.FETCH, version, request(version, id, 2, Map.of(), List.of()))));
        Struct added = broker.call(ApiKey.FETCH, version, request(version, id, 3, Map.of(2, 0L), List.of()));
        assertEquals(List.of(2), List.copyOf(answered(added).keySet()));
    }

    @Test
    void wrongEpochsUnknownSessionsOtherReplicasAndTopicIdSwitchesAreRefused() throws Exception {
        int id = open((short) 13);
        Struct wrongEpoch = broker.call(ApiKey.FETCH, (short) 13, request((short) 13, id, 5, Map.of(), List.of()));
        assertEquals(Errors.INVALID_FETCH_SESSION_EPOCH.code(), wrongEpoch.getShort(FetchResponse.ERROR_CODE));
        Struct unknown = broker.call(ApiKey.FETCH, (short) 13, request((short) 13, id + 1, 1, Map.of(), List.of()));
        assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code(), unknown.getShort(FetchResponse.ERROR_CODE));
        Struct byName = broker.call(ApiKey.FETCH, (short) 12, request((short) 12, id, 1, Map.of(), List.of()));
        assertEquals(Errors.FETCH_SESSION_TOPIC_ID_ERROR.code(), byName.getShort(FetchResponse.ERROR_CODE));
        Struct debugReplica = broker.call(ApiKey.FETCH, (short) 13,
                request((short) 13, id, 1, Map.of(), List.of()).set(FetchRequest.REPLICA_ID, -2));
        assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code(), debugReplica.getShort(FetchResponse.ERROR_CODE),
                "a session answers only the replica id that opened it");
        // none of the refusals moved the session on: epoch 1 is still the next one
        Struct ok = broker.call(ApiKey.FETCH, (short) 13, request((short) 13, id, 1, Map.of(), List.of()));
        assertEquals(Errors.NONE.code(), ok.getShort(FetchResponse.ERROR_CODE));
        Struct replayed = broker.call(ApiKey.FETCH, (short) 13, request((short) 13, id, 1, Map.of(), List.of()));
        assertEquals(Errors.INVALID_FETCH_SESSION_EPOCH.code(), replayed.getShort(FetchResponse.ERROR_CODE));
    }

    @Test
    void aSessionlessFullFetchClosesTheSessionItNames() throws Exception {
        int id = open((short) 13);
        Struct closing = broker.call(ApiKey.FETCH, (short) 13, request((short) 13, id, -1, Map.of(0, 0L), List.of()));
        assertEquals(0, closing.getInt(FetchResponse.SESSION_ID));
        assertEquals(1, answered(closing).size());
        Struct after = broker.call(ApiKey.FETCH, (short) 13, request((short) 13, id, 1, Map.of(), List.of()));
        assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code(), after.getShort(FetchResponse.ERROR_CODE));
    }

    /**
     * What the Apache consumer (3.9) sends around its close: partitions it had stopped fetching while
     * their records sat in its buffer come back into the session and are answered (new to the
     * session: their offsets are news), under their topic; the close that follows (epoch -1 with the
     * session's id, no partitions) is answered without topics and without a session, and ends it.
     */
    @Test
    void readdedPartitionsAreAnsweredUnderTheirTopicAndTheConsumersCloseGetsNoTopics() throws Exception {
        short version = 13;
        int id = open(version);
        assertEquals(Map.of(), answered(broker.call(ApiKey.FETCH, version, request(version, id, 1, Map.of(), List.of(1, 2)))));
        Struct readded = broker.call(ApiKey.FETCH, version, request(version, id, 2, Map.of(1, 0L, 2, 0L), List.of()));
        assertEquals(List.of(1, 2), List.copyOf(answered(readded).keySet()));
        assertEquals(1, readded.getStructs(FetchResponse.RESPONSES).size());
        assertEquals(topicId, readded.getStructs(FetchResponse.RESPONSES).get(0).getUuid(Responses.TOPIC_ID));

        Struct close = broker.call(ApiKey.FETCH, version, request(version, id, -1, Map.of(), List.of()));
        assertEquals(Errors.NONE.code(), close.getShort(FetchResponse.ERROR_CODE));
        assertEquals(0, close.getInt(FetchResponse.SESSION_ID));
        assertEquals(List.of(), close.getStructs(FetchResponse.RESPONSES));
        Struct after = broker.call(ApiKey.FETCH, version, request(version, id, 3, Map.of(), List.of()));
        assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code(), after.getShort(FetchResponse.ERROR_CODE));
    }

    /**
     * Kafka answers a full fetch from the partitions it lists, so a topic entry that lists none gets
     * no entry in the answer; an empty one would be a topic the fetcher did not ask about.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aFullFetchAnswersNoTopicForARequestTopicThatListsNoPartitions(int epoch) throws Exception {
        for (short version : new short[] {12, 13}) {
            Struct req = request(version, 0, epoch, Map.of(0, 0L), List.of());
            req.addElement(FetchRequest.TOPICS).set(Topics.TOPIC, TOPIC).set(Topics.TOPIC_ID, topicId);
            req.addElement(FetchRequest.TOPICS).set(Topics.TOPIC, "other").set(Topics.TOPIC_ID, UUID.randomUUID());
            Struct full = broker.call(ApiKey.FETCH, version, req);
            assertEquals(Errors.NONE.code(), full.getShort(FetchResponse.ERROR_CODE));
            List<Struct> topics = full.getStructs(FetchResponse.RESPONSES);
            assertEquals(1, topics.size(), "v" + version + ": only the topic with a partition is answered");
            assertEquals(List.of(0), List.copyOf(answered(full).keySet()));
        }
    }

    @Test
    void partitionsThatReturnedRecordsYieldToTheOthersWhenTheResponseIsFull() throws Exception {
        short version = 13;
        int id = open(version);
        produceTo(0, "first");
        produceTo(0, "second");
        produceTo(1, "other");
        // MaxBytes 1: only the first batch found is returned (whole)
        Struct first = broker.call(ApiKey.FETCH, version,
                request(version, id, 1, Map.of(), List.of()).set(FetchRequest.MAX_BYTES, 1));
        assertNotEquals("bytes=0", answered(first).get(0).split(" ")[1], "partition 0 comes first: " + answered(first));
        assertEquals("bytes=0", answered(first).get(1).split(" ")[1]);
        Struct second = broker.call(ApiKey.FETCH, version,
                request(version, id, 2, Map.of(0, 1L), List.of()).set(FetchRequest.MAX_BYTES, 1));
        assertNotEquals("bytes=0", answered(second).get(1).split(" ")[1],
                "partition 0 moved behind partition 1, which now gets its records: " + answered(second));
    }

    @Test
    void fullCacheAnswersWithoutASessionAndKeepsTheFollowersOne() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000L);
        FetchSessionCache cache = new FetchSessionCache(1, now::get);
        FetchSession follower = cache.create(2, true, 10);
        assertEquals(null, cache.create(-1, true, 1_000), "a consumer cannot take a follower's place");
        assertEquals(follower, cache.get(follower.id, 2));
        now.addAndGet(FetchSessionCache.EVICTION_MS + 1);
        FetchSession consumer = cache.create(-1, true, 1);
        assertNotEquals(null, consumer, "a session unused for longer than the eviction time makes room");
        assertEquals(null, cache.get(follower.id, 2));
        assertEquals(null, cache.create(-1, true, 0), "a consumer with fewer partitions waits its turn");
        assertNotEquals(null, cache.create(3, true, 5), "a follower replaces a consumer");
        assertEquals(1, cache.size());
        assertEquals(2, cache.evictions());
    }
}
