package io.gregor.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {
    private static final TopicPartition TP0 = new TopicPartition("t", 0);
    private static final TopicPartition TP1 = new TopicPartition("t", 1);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordAccumulator.AppendResult append(RecordAccumulator acc, TopicPartition tp, int valueBytes, long now) {
        return acc.append(tp, now, null, new byte[valueBytes], List.of(), null, now);
    }

    @Test
    void partitionIsReadyOnlyAfterLingerMsUnlessItsBatchIsFull() {
        RecordAccumulator acc = new RecordAccumulator(16384, 5, 100);
        append(acc, TP0, 10, 1000);
        assertEquals(List.of(), acc.ready(1004, Set.of()));
        assertEquals(List.of(TP0), acc.ready(1005, Set.of()));
        assertEquals(1, acc.nextReadyDelayMs(1004, Set.of(), 100));
    }

    @Test
    void batchSizeClosesABatchAndStartsTheNextOneWhichMakesThePartitionReady() {
        RecordAccumulator acc = new RecordAccumulator(220, 10_000, 100);
        RecordAccumulator.AppendResult first = append(acc, TP0, 50, 0);
        assertTrue(first.newBatch());
        assertFalse(append(acc, TP0, 50, 0).newBatch());
        RecordAccumulator.AppendResult third = append(acc, TP0, 50, 0); // 61 + 3*71 > 220
        assertTrue(third.newBatch());
        assertTrue(third.batchFull());
        assertEquals(Map.of(TP0, 2), acc.queuedBatchCounts());
        assertEquals(List.of(TP0), acc.ready(1, Set.of()));
        assertEquals(2, acc.drain(TP0).recordCount());
        assertEquals(1, acc.drain(TP0).recordCount());
    }

    @Test
    void aRecordLargerThanBatchSizeGetsABatchOfItsOwn() {
        RecordAccumulator acc = new RecordAccumulator(100, 10_000, 100);
        RecordAccumulator.AppendResult r = append(acc, TP0, 5000, 0);
        assertTrue(r.batchFull());
        assertEquals(List.of(TP0), acc.ready(0, Set.of()));
        assertEquals(1, acc.drain(TP0).recordCount());
    }

    @Test
    void eachPartitionHasItsOwnBatches() {
        RecordAccumulator acc = new RecordAccumulator(16384, 0, 100);
        append(acc, TP0, 10, 0);
        append(acc, TP1, 10, 0);
        append(acc, TP0, 10, 0);
        assertEquals(Map.of(TP0, 1, TP1, 1), acc.queuedBatchCounts());
        assertEquals(2, acc.drain(TP0).recordCount());
        assertEquals(1, acc.drain(TP1).recordCount());
        assertEquals(Set.of(), acc.topics());
    }

    @Test
    void mutedPartitionsAreNotReadyAndFlushMakesLingeringBatchesReady() {
        RecordAccumulator acc = new RecordAccumulator(16384, 60_000, 100);
        append(acc, TP0, 10, 0);
        append(acc, TP1, 10, 0);
        assertEquals(List.of(), acc.ready(1, Set.of()));
        acc.beginFlush();
        assertEquals(List.of(TP1), acc.ready(1, Set.of(TP0)));
        acc.endFlush();
        assertEquals(List.of(), acc.ready(1, Set.of()));
    }

    @Test
    void reenqueuedBatchGoesBackToTheHeadAndWaitsRetryBackoff() {
        RecordAccumulator acc = new RecordAccumulator(100, 0, 100);
        append(acc, TP0, 50, 0);
        ProducerBatch first = acc.drain(TP0);
        first.recordAttempt();
        append(acc, TP0, 50, 0);
        acc.reenqueue(first, 1000);
        assertEquals(List.of(), acc.ready(1099, Set.of()));
        assertEquals(List.of(TP0), acc.ready(1100, Set.of()));
        assertSame(first, acc.drain(TP0));
    }

    @Test
    void appendsAfterCloseAreRefused() {
        RecordAccumulator acc = new RecordAccumulator(100, 0, 100);
        acc.beginClose();
        assertThrows(IllegalStateException.class, () -> append(acc, TP0, 1, 0));
    }

    @Test
    void batchIsBuiltOnceWithItsSequenceAndARetryResendsTheSameBytes() throws Exception {
        RecordAccumulator acc = new RecordAccumulator(16384, 0, 100);
        var f0 = acc.append(TP0, 5, bytes("k0"), bytes("v0"), List.of(), null, 0).future();
        var f1 = acc.append(TP0, 6, null, bytes("v1"), List.of(), null, 0).future();
        ProducerBatch b = acc.drain(TP0);
        MemoryRecords built = b.build(Compression.of(CompressionType.ZSTD), 42L, (short) 3, 17);
        assertSame(built, b.build(Compression.of(CompressionType.ZSTD), 42L, (short) 3, 99));
        RecordBatch batch = built.batches().iterator().next();
        assertEquals(42L, batch.producerId());
        assertEquals(3, batch.producerEpoch());
        assertEquals(17, batch.baseSequence());
        assertEquals(18, batch.lastSequence());
        assertEquals(CompressionType.ZSTD, batch.compressionType());
        List<Record> records = batch.recordList();
        assertEquals("v1", new String(records.get(1).valueBytes(), StandardCharsets.UTF_8));
        assertNull(records.get(1).keyBytes());
        MemoryRecords rebuilt = b.build(Compression.of(CompressionType.ZSTD), 43L, (short) 0, 0);
        assertEquals(0, rebuilt.batches().iterator().next().baseSequence());

        b.complete(100, -1);
        assertEquals(100, f0.get().offset());
        assertEquals(101, f1.get().offset());
        assertEquals(6, f1.get().timestamp());
    }

    @Test
    void failedBatchFailsEveryRecordAndCallsEachCallbackOnce() {
        RecordAccumulator acc = new RecordAccumulator(16384, 0, 100);
        int[] calls = {0};
        var f = acc.append(TP0, 0, null, bytes("v"), List.of(), (md, e) -> calls[0]++, 0).future();
        ProducerBatch b = acc.drain(TP0);
        b.fail(new IllegalStateException("boom"));
        assertEquals(1, calls[0]);
        assertThrows(ExecutionException.class, f::get);
    }

    @Test
    void appendsBlockWhileBufferMemoryIsUsedUpAndResumeWhenABatchCompletes() {
        RecordAccumulator acc = new RecordAccumulator(16384, 0, 100, 300, 50);
        append(acc, TP0, 150, 0); // 61 + 171 = 232 bytes in use
        io.gregor.clients.network.GregorApiException e = assertThrows(io.gregor.clients.network.GregorApiException.class,
                () -> append(acc, TP1, 150, 0));
        assertEquals(io.gregor.clients.protocol.Errors.REQUEST_TIMED_OUT, e.error());
        assertTrue(e.getMessage().contains("buffer.memory"), e.getMessage());
        ProducerBatch b = acc.drain(TP0);
        b.complete(0, -1);
        acc.deallocate(b);
        assertTrue(append(acc, TP1, 150, 0).newBatch());
    }
}
