package io.gregor.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.clients.testing.ManualClock;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.isr.IsrProposal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One partition as leader with a real log: the ISR lag boundary on a manual clock, and the
 * idempotent producer's edge cases (sequence gaps, an epoch bump, duplicates across a segment roll
 * and a reopen of the log).
 */
class PartitionTest {
    private static final TopicPartition TP = new TopicPartition("part", 0);
    private static final long LAG_MS = 10_000L;
    private static final long PRODUCER = 4711L;
    private static final long EPOCH_1 = 0x1_0000_0011L;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private Log log;
    private Partition partition;

    @BeforeEach
    void leadWithIsrOfTwo() throws Exception {
        log = Log.open(dir.resolve("part-0"), LogConfig.DEFAULT);
        partition = new Partition(TP, 0, log, clock);
        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 1, 0, 5, List.of(0, 1), 3, List.of(0, 1, 2), false));
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    @Test
    void isrFollowerCaughtUpExactlyTheLagTimeAgoStaysAndOneMillisecondLaterIsProposedForRemoval() {
        append(batch(PRODUCER, (short) 0, 0, 2));
        partition.updateFollowerFetchState(1, EPOCH_1, 2L); // at the log end: caught up now
        long caughtUp = clock.getAsLong();
        append(batch(PRODUCER, (short) 0, 2, 2)); // the follower falls behind from here

        clock.advance(LAG_MS);
        assertEquals(LAG_MS, clock.getAsLong() - caughtUp);
        assertEquals(Optional.empty(), partition.maybeShrinkIsr(LAG_MS), "exactly at replica.lag.time.max.ms: kept");
        clock.advance(1);
        IsrProposal shrink = partition.maybeShrinkIsr(LAG_MS).orElseThrow();
        assertEquals(List.of(0), shrink.newIsr());
    }

    @Test
    void followerOneOffsetBelowTheHighWatermarkIsNotAddedAndAtTheHighWatermarkIsProposed() {
        append(batch(PRODUCER, (short) 0, 0, 3));
        partition.updateFollowerFetchState(1, EPOCH_1, 3L);
        assertEquals(3L, partition.highWatermark());

        partition.updateFollowerFetchState(2, EPOCH_1 + 1, 2L);
        assertEquals(Optional.empty(), partition.maybeExpandIsr(2), "one offset below the high watermark");
        partition.updateFollowerFetchState(2, EPOCH_1 + 1, 3L);
        assertEquals(List.of(0, 1, 2), partition.maybeExpandIsr(2).orElseThrow().newIsr());
    }

    @Test
    void highWatermarkStaysAtTheLaggingIsrFollowerWhileTheLeaderGrows() {
        append(batch(PRODUCER, (short) 0, 0, 5));
        partition.updateFollowerFetchState(1, EPOCH_1, 2L);
        assertEquals(5L, partition.logEndOffset());
        assertEquals(2L, partition.highWatermark(), "the lagging ISR follower holds it");
        partition.updateFollowerFetchState(2, EPOCH_1 + 1, 5L);
        assertEquals(2L, partition.highWatermark(), "a replica outside the ISR does not count");
        assertEquals(Optional.empty(), partition.checkEnoughReplicasReachOffset(5L), "acks=all waits");
        partition.updateFollowerFetchState(1, EPOCH_1, 5L);
        assertEquals(5L, partition.highWatermark());
        assertEquals(Optional.of(Errors.NONE), partition.checkEnoughReplicasReachOffset(5L));
    }

    @Test
    void sequenceGapIsOutOfOrderSequenceNumberAndAppendsNothing() {
        append(batch(PRODUCER, (short) 0, 0, 2));
        Partition.AppendOutcome gap = partition.appendRecordsToLeader(batch(PRODUCER, (short) 0, 3, 1), 1);
        assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.result().error());
        assertEquals(2L, partition.logEndOffset());
        assertEquals(Errors.NONE, partition.appendRecordsToLeader(batch(PRODUCER, (short) 0, 2, 1), 1).result().error(),
                "the next sequence is still accepted");
    }

    @Test
    void producerEpochBumpMustStartAtSequenceZeroAndFencesTheOldEpoch() {
        append(batch(PRODUCER, (short) 0, 0, 2));
        assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                partition.appendRecordsToLeader(batch(PRODUCER, (short) 1, 5, 1), 1).result().error(),
                "a new epoch not starting at 0");
        assertEquals(Errors.NONE, partition.appendRecordsToLeader(batch(PRODUCER, (short) 1, 0, 1), 1).result().error());
        assertEquals(Errors.INVALID_PRODUCER_EPOCH,
                partition.appendRecordsToLeader(batch(PRODUCER, (short) 0, 2, 1), 1).result().error());
        assertEquals(3L, partition.logEndOffset());
    }

    @Test
    void retriedBatchWrittenBeforeASegmentRollIsAnsweredWithItsOriginalOffsets() throws Exception {
        MemoryRecords first = batch(PRODUCER, (short) 0, 0, 3);
        assertEquals(0L, append(first).baseOffset());
        log.roll();
        append(batch(PRODUCER, (short) 0, 3, 2));
        assertTrue(log.segments().size() >= 2, "the first batch is in an older segment");

        Partition.AppendOutcome retry = partition.appendRecordsToLeader(batch(PRODUCER, (short) 0, 0, 3), 1);
        assertEquals(Errors.NONE, retry.result().error());
        assertEquals(0L, retry.result().baseOffset());
        assertEquals(false, retry.appended());
        assertEquals(5L, partition.logEndOffset(), "nothing written twice");
    }

    @Test
    void retriedBatchIsStillADuplicateAfterTheLogIsReopened() throws Exception {
        append(batch(PRODUCER, (short) 0, 0, 3));
        log.roll();
        append(batch(PRODUCER, (short) 0, 3, 2));
        partition.snapshotProducerState();
        log.close();

        log = Log.open(dir.resolve("part-0"), LogConfig.DEFAULT);
        partition = new Partition(TP, 0, log, clock);
        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 1, 0, 6, List.of(0), 4, List.of(0, 1, 2), false));
        Partition.AppendOutcome retry = partition.appendRecordsToLeader(batch(PRODUCER, (short) 0, 3, 2), 1);
        assertEquals(Errors.NONE, retry.result().error());
        assertEquals(3L, retry.result().baseOffset());
        assertEquals(5L, partition.logEndOffset());
    }

    private ProducePartitionResult append(MemoryRecords records) {
        ProducePartitionResult result = partition.appendRecordsToLeader(records, 1).result();
        assertEquals(Errors.NONE, result.error(), () -> "append failed: " + result);
        return result;
    }

    private static MemoryRecords batch(long producerId, short epoch, int firstSequence, int count) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, producerId, epoch, firstSequence, false, false, 0);
        for (int i = 0; i < count; i++) {
            b.append(1_000L + i, null, new byte[16]);
        }
        return b.build();
    }
}
