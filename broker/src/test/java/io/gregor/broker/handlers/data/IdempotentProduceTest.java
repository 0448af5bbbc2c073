package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.core.log.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.gregor.broker.handlers.data.DataPlaneFixture.fetch;
import static io.gregor.broker.handlers.data.DataPlaneFixture.fetchedPartition;
import static io.gregor.broker.handlers.data.DataPlaneFixture.idempotentRecords;
import static io.gregor.broker.handlers.data.DataPlaneFixture.partitionResponse;
import static io.gregor.broker.handlers.data.DataPlaneFixture.produce;
import static io.gregor.broker.handlers.data.ProduceFetchHandlersTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotent producers: duplicates, gaps, fencing, and state rebuilt from the log after a restart. */
class IdempotentProduceTest {
    private static final short V = 9;
    private static final long PID = 4242L;

    @TempDir
    Path dir;

    private static Struct send(DataPlaneFixture broker, short epoch, int seq, String... values) throws Exception {
        return partitionResponse(broker.call(ApiKey.PRODUCE, V,
                produce((short) -1, 5000, "idem", 0, idempotentRecords(PID, epoch, seq, values))));
    }

    private static long logEndOffset(DataPlaneFixture broker) {
        return broker.logManager.getLog(new TopicPartition("idem", 0)).orElseThrow().logEndOffset();
    }

    @Test
    void aRetriedBatchGetsItsOriginalOffsetsAndIsWrittenOnce() throws Exception {
        try (DataPlaneFixture broker = new DataPlaneFixture(dir)) {
            broker.becomeLeader("idem", 1);
            assertEquals(0L, send(broker, (short) 0, 0, "a", "b").getLong(PartitionResponses.BASE_OFFSET));
            assertEquals(2L, send(broker, (short) 0, 2, "c").getLong(PartitionResponses.BASE_OFFSET));
            Struct retry = send(broker, (short) 0, 0, "a", "b");
            assertEquals(0, retry.getShort(PartitionResponses.ERROR_CODE));
            assertEquals(0L, retry.getLong(PartitionResponses.BASE_OFFSET));
            assertEquals(3L, logEndOffset(broker));
            assertEquals(List.of("a", "b", "c"), values(fetchedPartition(broker.call(ApiKey.FETCH, (short) 12,
                    fetch((short) 12, 0, 1, "idem", null, 0, 0L, 1 << 20))).getRecords(Partitions.RECORDS)));
        }
    }

    @Test
    void aSequenceGapIsOutOfOrderAndNothingIsAppended() throws Exception {
        try (DataPlaneFixture broker = new DataPlaneFixture(dir)) {
            broker.becomeLeader("idem", 1);
            send(broker, (short) 0, 0, "a");
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(),
                    send(broker, (short) 0, 5, "z").getShort(PartitionResponses.ERROR_CODE));
            assertEquals(1L, logEndOffset(broker));
        }
    }

    @Test
    void anOlderEpochIsFencedAndANewEpochMustStartAtSequenceZero() throws Exception {
        try (DataPlaneFixture broker = new DataPlaneFixture(dir)) {
            broker.becomeLeader("idem", 1);
            send(broker, (short) 1, 0, "a");
            assertEquals(Errors.INVALID_PRODUCER_EPOCH.code(),
                    send(broker, (short) 0, 1, "old").getShort(PartitionResponses.ERROR_CODE));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(),
                    send(broker, (short) 2, 3, "x").getShort(PartitionResponses.ERROR_CODE));
            assertEquals(0, send(broker, (short) 2, 0, "new").getShort(PartitionResponses.ERROR_CODE));
            assertEquals(2L, logEndOffset(broker));
        }
    }

    @Test
    void anUnknownProducerIsAcceptedAtAnySequenceAsKafkaDoesSince25() throws Exception {
        try (DataPlaneFixture broker = new DataPlaneFixture(dir)) {
            broker.becomeLeader("idem", 1);
            assertEquals(0, send(broker, (short) 0, 17, "a").getShort(PartitionResponses.ERROR_CODE));
            assertEquals(0, send(broker, (short) 0, 18, "b").getShort(PartitionResponses.ERROR_CODE));
        }
    }

    @Test
    void duplicatesAreStillDetectedAfterTheLogsAreReopened() throws Exception {
        try (DataPlaneFixture broker = new DataPlaneFixture(dir)) {
            broker.becomeLeader("idem", 1);
            send(broker, (short) 0, 0, "a", "b");
            send(broker, (short) 0, 2, "c");
        }
        try (DataPlaneFixture restarted = new DataPlaneFixture(dir)) {
            restarted.becomeLeader("idem", 1);
            Struct retry = send(restarted, (short) 0, 2, "c");
            assertEquals(0, retry.getShort(PartitionResponses.ERROR_CODE));
            assertEquals(2L, retry.getLong(PartitionResponses.BASE_OFFSET));
            assertEquals(3L, logEndOffset(restarted));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(),
                    send(restarted, (short) 0, 9, "gap").getShort(PartitionResponses.ERROR_CODE));
            assertEquals(3L, restarted.replicaManager.partition(new TopicPartition("idem", 0)).orElseThrow().highWatermark(),
                    "the high watermark survives through the LogManager checkpoint");
        }
    }

    @Test
    void afterACleanShutdownTheLastFiveBatchesAreStillRecognisedFromTheProducerStateSnapshot() throws Exception {
        try (DataPlaneFixture broker = new DataPlaneFixture(dir)) {
            broker.becomeLeader("idem", 1);
            for (int seq = 0; seq < 6; seq++) {
                send(broker, (short) 0, seq, "v" + seq);
            }
            broker.replicaManager.shutdown(); // as a clean broker shutdown does before the logs close
        }
        assertTrue(Files.exists(dir.resolve("idem-0").resolve("00000000000000000006.snapshot")));
        try (DataPlaneFixture restarted = new DataPlaneFixture(dir)) {
            restarted.becomeLeader("idem", 1);
            for (int seq = 1; seq < 6; seq++) {
                Struct retry = send(restarted, (short) 0, seq, "v" + seq);
                assertEquals(0, retry.getShort(PartitionResponses.ERROR_CODE), "retry of sequence " + seq);
                assertEquals(seq, retry.getLong(PartitionResponses.BASE_OFFSET));
            }
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), send(restarted, (short) 0, 0, "v0").getShort(PartitionResponses.ERROR_CODE),
                    "older than the five batches a producer may have in flight");
            assertEquals(0, send(restarted, (short) 0, 6, "v6").getShort(PartitionResponses.ERROR_CODE));
            assertEquals(7L, logEndOffset(restarted));
        }
    }
}
