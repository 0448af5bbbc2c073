package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Records;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.gregor.broker.handlers.data.DataPlaneFixture.fetch;
import static io.gregor.broker.handlers.data.DataPlaneFixture.fetchedPartition;
import static io.gregor.broker.handlers.data.DataPlaneFixture.partitionResponse;
import static io.gregor.broker.handlers.data.DataPlaneFixture.produce;
import static io.gregor.broker.handlers.data.DataPlaneFixture.records;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Produce and Fetch through the handlers on real logs, with requests as a client encodes them. */
class ProduceFetchHandlersTest {
    private static final short PRODUCE_V = 9;
    private static final short FETCH_V = 12;

    @TempDir
    Path dir;
    DataPlaneFixture broker;

    @BeforeEach
    void start() throws Exception {
        broker = new DataPlaneFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    static List<String> values(Records records) {
        List<String> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(records.sizeInBytes());
        try {
            records.writeTo(new java.nio.channels.WritableByteChannel() {
                public int write(ByteBuffer src) {
                    int n = src.remaining();
                    buf.put(src);
                    return n;
                }

                public boolean isOpen() {
                    return true;
                }

                public void close() {
                }
            }, 0, records.sizeInBytes());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        buf.flip();
        for (RecordBatch batch : MemoryRecords.readableRecords(buf).batches()) {
            for (Record r : batch.recordList()) {
                out.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            }
        }
        return out;
    }

    @Test
    void producedRecordsGetConsecutiveOffsetsAndAreFetchedUpToTheHighWatermark() throws Exception {
        UUID id = broker.becomeLeader("orders", 1);
        Struct first = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 1, 5000, "orders", 0,
                records(10L, "a", "b"))));
        Struct second = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 1, 5000, "orders", 0,
                records(20L, "c"))));
        assertEquals(0, first.getShort(PartitionResponses.ERROR_CODE));
        assertEquals(0L, first.getLong(PartitionResponses.BASE_OFFSET));
        assertEquals(2L, second.getLong(PartitionResponses.BASE_OFFSET));
        assertEquals(-1L, second.getLong(PartitionResponses.LOG_APPEND_TIME_MS));
        assertEquals(0L, second.getLong(PartitionResponses.LOG_START_OFFSET));

        Struct fetched = fetchedPartition(broker.call(ApiKey.FETCH, FETCH_V,
                fetch(FETCH_V, 0, 1, "orders", null, 0, 0L, 1 << 20)));
        assertEquals(0, fetched.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
        assertEquals(3L, fetched.getLong(FetchResponse.Responses.Partitions.HIGH_WATERMARK));
        assertEquals(3L, fetched.getLong(FetchResponse.Responses.Partitions.LAST_STABLE_OFFSET));
        assertEquals(0L, fetched.getLong(FetchResponse.Responses.Partitions.LOG_START_OFFSET));
        assertEquals(-1, fetched.getInt(FetchResponse.Responses.Partitions.PREFERRED_READ_REPLICA));
        assertEquals(List.of("a", "b", "c"), values(fetched.getRecords(FetchResponse.Responses.Partitions.RECORDS)));

        short byIdVersion = 13;
        Struct byId = broker.call(ApiKey.FETCH, byIdVersion, fetch(byIdVersion, 0, 1, null, id, 0, 2L, 1 << 20));
        assertEquals(id, byId.getStructs(FetchResponse.RESPONSES).get(0).getUuid(Responses.TOPIC_ID));
        assertEquals(List.of("c"), values(fetchedPartition(byId).getRecords(FetchResponse.Responses.Partitions.RECORDS)));
        Struct unknownId = broker.call(ApiKey.FETCH, byIdVersion, fetch(byIdVersion, 0, 1, null, UUID.randomUUID(), 0, 0L, 100));
        assertEquals(Errors.UNKNOWN_TOPIC_ID.code(),
                fetchedPartition(unknownId).getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
    }

    @Test
    void fetchReturnsTheLogFileSliceNotACopy() throws Exception {
        broker.becomeLeader("t", 1);
        broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 1, 5000, "t", 0, records(1L, "x")));
        var result = broker.replicaManager.fetchMessages(new io.gregor.replication.FetchParams(-1, -1L, 0, 1, 1000, false),
                List.of(new io.gregor.replication.FetchPartitionRequest(new TopicPartition("t", 0), 0, 1000, -1)))
                .get(5, TimeUnit.SECONDS);
        assertTrue(result.get(0).records() instanceof io.gregor.core.log.FileRecords);
    }

    @Test
    void acksZeroGetsNoResponseAndAcksAllCompletesOnceTheSingleMemberIsrHasTheData() throws Exception {
        broker.becomeLeader("t", 1);
        assertNull(broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 0, 5000, "t", 0, records(1L, "a"))));
        Struct all = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) -1, 5000, "t", 0,
                records(1L, "b"))));
        assertEquals(0, all.getShort(PartitionResponses.ERROR_CODE));
        assertEquals(1L, all.getLong(PartitionResponses.BASE_OFFSET));
        assertEquals(2L, broker.replicaManager.partition(new TopicPartition("t", 0)).orElseThrow().highWatermark());
    }

    @Test
    void acksAllWaitsInPurgatoryUntilTheFollowerFetchesPastTheAppend() throws Exception {
        UUID id = UUID.randomUUID();
        broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(1, "r", id, 1, 0, 0, List.of(0, 1), List.of(0, 1)));
        CompletableFuture<Struct> pending = broker.send(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) -1, 30_000, "r", 0, records(1L, "a", "b")));
        assertFalse(pending.isDone(), "acks=all must wait for follower 1");
        Struct consumerView = fetchedPartition(broker.call(ApiKey.FETCH, FETCH_V, fetch(FETCH_V, 0, 1, "r", null, 0, 0L, 1000)));
        assertEquals(0L, consumerView.getLong(FetchResponse.Responses.Partitions.HIGH_WATERMARK));
        assertEquals(0, consumerView.getRecords(FetchResponse.Responses.Partitions.RECORDS).sizeInBytes(),
                "consumers read only below the high watermark");

        Struct followerFetch = fetch(FETCH_V, 0, 1, "r", null, 0, 2L, 1000).set(FetchRequest.REPLICA_ID, 1);
        broker.call(ApiKey.FETCH, FETCH_V, followerFetch);
        Struct acked = partitionResponse(pending.get(5, TimeUnit.SECONDS));
        assertEquals(0, acked.getShort(PartitionResponses.ERROR_CODE));
        assertEquals(0L, acked.getLong(PartitionResponses.BASE_OFFSET));
        assertEquals(2L, broker.replicaManager.partition(new TopicPartition("r", 0)).orElseThrow().highWatermark());
    }

    @Test
    void acksAllTimesOutWhenTheIsrNeverCatchesUp() throws Exception {
        broker.call(ApiKey.LEADER_AND_ISR, (short) 6,
                broker.leaderAndIsr(1, "r", UUID.randomUUID(), 1, 0, 0, List.of(0, 1), List.of(0, 1)));
        Struct response = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) -1, 100, "r", 0, records(1L, "a"))));
        assertEquals(Errors.REQUEST_TIMED_OUT.code(), response.getShort(PartitionResponses.ERROR_CODE));
    }

    @Test
    void acksAllIsRefusedBeforeAppendWhenTheIsrIsBelowMinInsyncReplicas() throws Exception {
        broker.minInsyncReplicas.put("safe", 2);
        broker.becomeLeader("safe", 1);
        Struct refused = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) -1, 5000, "safe", 0, records(1L, "a"))));
        assertEquals(Errors.NOT_ENOUGH_REPLICAS.code(), refused.getShort(PartitionResponses.ERROR_CODE));
        assertEquals(0L, broker.logManager.getLog(new TopicPartition("safe", 0)).orElseThrow().logEndOffset());
        Struct acksOne = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "safe", 0, records(1L, "a"))));
        assertEquals(0, acksOne.getShort(PartitionResponses.ERROR_CODE),
                "min.insync.replicas only applies to acks=all");
    }

    @Test
    void invalidAcksBatchesOverMaxMessageBytesAndCorruptBatchesAreRefused() throws Exception {
        broker.topicConfigs.put("small", LogConfig.DEFAULT.with(Map.of(LogConfig.MAX_MESSAGE_BYTES, "200")));
        broker.becomeLeader("small", 1);
        Struct badAcks = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 2, 5000, "small", 0, records(1L, "a"))));
        assertEquals(Errors.INVALID_REQUIRED_ACKS.code(), badAcks.getShort(PartitionResponses.ERROR_CODE));

        Struct tooLarge = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "small", 0, records(1L, "x".repeat(300)))));
        assertEquals(Errors.MESSAGE_TOO_LARGE.code(), tooLarge.getShort(PartitionResponses.ERROR_CODE));

        MemoryRecords corrupt = records(1L, "payload");
        ByteBuffer bytes = corrupt.buffer();
        bytes.put(bytes.limit() - 2, (byte) (bytes.get(bytes.limit() - 2) ^ 0x5a));
        Struct corrupted = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "small", 0, MemoryRecords.readableRecords(bytes))));
        assertEquals(Errors.CORRUPT_MESSAGE.code(), corrupted.getShort(PartitionResponses.ERROR_CODE));
        assertEquals(0L, broker.logManager.getLog(new TopicPartition("small", 0)).orElseThrow().logEndOffset());
    }

    @Test
    void batchesAClientMayNotSendAreInvalidRecords() throws Exception {
        broker.becomeLeader("v", 1);
        MemoryRecords twoBatches = MemoryRecords.concat(records(1L, "a"), records(1L, "b"));
        assertEquals(Errors.INVALID_RECORD.code(), partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "v", 0, twoBatches))).getShort(PartitionResponses.ERROR_CODE));
        MemoryRecords offsetSet = records(1L, "a");
        offsetSet.batches().iterator().next().setBaseOffset(7);
        assertEquals(Errors.INVALID_RECORD.code(), partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "v", 0, offsetSet))).getShort(PartitionResponses.ERROR_CODE));
        assertEquals(0L, broker.logManager.getLog(new TopicPartition("v", 0)).orElseThrow().logEndOffset());
    }

    @Test
    void unknownAndFollowerPartitionsAreRefused() throws Exception {
        broker.call(ApiKey.LEADER_AND_ISR, (short) 6,
                broker.leaderAndIsr(1, "f", UUID.randomUUID(), 1, 1, 0, List.of(1, 0), List.of(1, 0)));
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "f", 0, records(1L, "a")))).getShort(PartitionResponses.ERROR_CODE));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "nope", 0, records(1L, "a")))).getShort(PartitionResponses.ERROR_CODE));
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), fetchedPartition(broker.call(ApiKey.FETCH, FETCH_V,
                fetch(FETCH_V, 0, 1, "f", null, 0, 0L, 100))).getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
    }

    @Test
    void logAppendTimeTopicsGetTheBrokerTimeStampedIntoTheBatch() throws Exception {
        broker.topicConfigs.put("lat", LogConfig.DEFAULT.with(Map.of(LogConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime")));
        broker.becomeLeader("lat", 1);
        long now = broker.clock.get();
        Struct response = partitionResponse(broker.call(ApiKey.PRODUCE, PRODUCE_V,
                produce((short) 1, 5000, "lat", 0, records(5L, "a"))));
        assertEquals(now, response.getLong(PartitionResponses.LOG_APPEND_TIME_MS));
        Records fetched = fetchedPartition(broker.call(ApiKey.FETCH, FETCH_V,
                fetch(FETCH_V, 0, 1, "lat", null, 0, 0L, 1000))).getRecords(FetchResponse.Responses.Partitions.RECORDS);
        RecordBatch batch = ((MemoryRecords) fetched).batches().iterator().next();
        assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
        assertEquals(now, batch.maxTimestamp());
        assertTrue(batch.isValid(), "the CRC covers the rewritten timestamp");
    }

    @Test
    void longPollFetchWaitsForDataAndCompletesWhenItArrives() throws Exception {
        broker.becomeLeader("poll", 1);
        CompletableFuture<Struct> waiting = broker.send(ApiKey.FETCH, FETCH_V,
                fetch(FETCH_V, 30_000, 1, "poll", null, 0, 0L, 1000));
        assertFalse(waiting.isDone(), "no data yet: the fetch must wait");
        broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 1, 5000, "poll", 0, records(1L, "late")));
        await().atMost(5, TimeUnit.SECONDS).until(waiting::isDone);
        assertEquals(List.of("late"), values(fetchedPartition(waiting.get()).getRecords(FetchResponse.Responses.Partitions.RECORDS)));
        assertEquals(0, broker.replicaManager.delayedOperationCount());
    }

    @Test
    void longPollFetchAnswersEmptyAfterMaxWait() throws Exception {
        broker.becomeLeader("idle", 1);
        long start = System.nanoTime();
        Struct response = broker.call(ApiKey.FETCH, FETCH_V, fetch(FETCH_V, 200, 1, "idle", null, 0, 0L, 1000));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMs >= 190, "answered after " + waitedMs + " ms, before max_wait_ms");
        assertEquals(0, fetchedPartition(response).getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
        assertEquals(0, fetchedPartition(response).getRecords(FetchResponse.Responses.Partitions.RECORDS).sizeInBytes());
    }

    @Test
    void fetchOutsideTheLogIsOffsetOutOfRange() throws Exception {
        broker.becomeLeader("t", 1);
        Struct p = fetchedPartition(broker.call(ApiKey.FETCH, FETCH_V, fetch(FETCH_V, 0, 1, "t", null, 0, 5L, 100)));
        assertEquals(Errors.OFFSET_OUT_OF_RANGE.code(), p.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
    }

    @Test
    void maxBytesSpansPartitionsButTheFirstBatchIsAlwaysReturned() throws Exception {
        broker.becomeLeader("m", 2);
        broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 1, 5000, "m", 0, records(1L, "x".repeat(500))));
        broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 1, 5000, "m", 1, records(1L, "y".repeat(500))));
        Struct req = fetch(FETCH_V, 0, 1, "m", null, 0, 0L, 100).set(FetchRequest.MAX_BYTES, 100);
        req.getStructs(FetchRequest.TOPICS).get(0).addElement(Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, 1).set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 100);
        List<Struct> parts = broker.call(ApiKey.FETCH, FETCH_V,
                req).getStructs(FetchResponse.RESPONSES).get(0).getStructs(Responses.PARTITIONS);
        assertEquals(List.of("x".repeat(500)),
                values(parts.get(0).getRecords(FetchResponse.Responses.Partitions.RECORDS)),
                "first batch exceeds the limits");
        assertEquals(0, parts.get(1).getRecords(FetchResponse.Responses.Partitions.RECORDS).sizeInBytes(),
                "max_bytes is used up");
    }

    /**
     * KIP-74 (Fetch v3+): a partition after the first whose first batch does not fit in what is left
     * of max_bytes, or in its partition_max_bytes, is answered with no records, as Kafka does, not
     * with the cut-off start of that batch, which the Apache consumer refuses ("Failed to make
     * progress ... no complete records were found").
     */
    @Test
    void aLaterPartitionWhoseFirstBatchDoesNotFitGetsNoRecordsNotAPartialBatch() throws Exception {
        broker.becomeLeader("cut", 3);
        for (int p = 0; p < 3; p++) {
            broker.call(ApiKey.PRODUCE, PRODUCE_V, produce((short) 1, 5000, "cut", p, records(1L, "z".repeat(500))));
        }
        Struct req = fetch(FETCH_V, 0, 1, "cut", null, 0, 0L, 1 << 20).set(FetchRequest.MAX_BYTES, 700);
        Struct topic = req.getStructs(FetchRequest.TOPICS).get(0);
        topic.addElement(Topics.PARTITIONS).set(FetchRequest.Topics.Partitions.PARTITION, 1)
                .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        List<Struct> parts = broker.call(ApiKey.FETCH, FETCH_V, req)
                .getStructs(FetchResponse.RESPONSES).get(0).getStructs(Responses.PARTITIONS);
        assertEquals(List.of("z".repeat(500)), values(parts.get(0).getRecords(FetchResponse.Responses.Partitions.RECORDS)));
        assertEquals(0, parts.get(1).getRecords(FetchResponse.Responses.Partitions.RECORDS).sizeInBytes(),
                "the rest of max_bytes (about 100 bytes) holds no whole batch");

        Struct small = fetch(FETCH_V, 0, 1, "cut", null, 0, 0L, 1 << 20);
        small.getStructs(FetchRequest.TOPICS).get(0).addElement(Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, 2).set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 100);
        List<Struct> smallParts = broker.call(ApiKey.FETCH, FETCH_V, small)
                .getStructs(FetchResponse.RESPONSES).get(0).getStructs(Responses.PARTITIONS);
        assertEquals(0, smallParts.get(1).getRecords(FetchResponse.Responses.Partitions.RECORDS).sizeInBytes(),
                "partition_max_bytes 100 holds no whole batch");
    }

    @Test
    void everyDataPlaneApiIsRegistered() {
        assertEquals(java.util.Set.of(ApiKey.PRODUCE, ApiKey.FETCH, ApiKey.LIST_OFFSETS, ApiKey.DELETE_RECORDS,
                ApiKey.DESCRIBE_LOG_DIRS, ApiKey.ALTER_REPLICA_LOG_DIRS, ApiKey.OFFSET_FOR_LEADER_EPOCH, ApiKey.INIT_PRODUCER_ID, ApiKey.LEADER_AND_ISR, ApiKey.STOP_REPLICA,
                ApiKey.WRITE_TXN_MARKERS, ApiKey.DESCRIBE_PRODUCERS), broker.registry.registeredApis());
        assertTrue(ApiMessages.registered().containsAll(broker.registry.registeredApis()));
    }
}
