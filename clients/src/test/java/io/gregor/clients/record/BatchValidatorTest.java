package io.gregor.clients.record;

import static io.gregor.clients.record.RawBatches.batch;
import static io.gregor.clients.record.RawBatches.record;
import static io.gregor.clients.record.RawBatches.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchValidatorTest {
    private static final byte[] K = {1, 2, 3};
    private static final byte[] V = "value".getBytes();

    private static RecordBatch view(ByteBuffer b) {
        return new RecordBatch(b);
    }

    private static CorruptRecordException rejected(ByteBuffer b, Function<RecordBatch, ?> check, String expected) {
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> check.apply(view(b)));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
        return e;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void validBatchPassesWithItsSummary(CompressionType type) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.of(type), 0);
        b.append(2000, K, V);
        b.append(1500, null, V, List.of(new Header("h", null)));
        b.append(3000, K, null);
        BatchValidator.Result r = BatchValidator.validateForProduce(b.build().batches().iterator().next());
        assertEquals(new BatchValidator.Result(3, 1500, 3000, 2, true), r);
    }

    @Test
    void corruptCrcIsRejected() {
        ByteBuffer b = batch(CompressionType.NONE, 0, 1, record(0, 0, K, V, 0));
        b.put(b.limit() - 2, (byte) (b.get(b.limit() - 2) ^ 0x40));
        CorruptRecordException e = rejected(b, BatchValidator::validateForProduce, "has CRC");
        assertFalse(e instanceof InvalidRecordException, "a CRC failure is CORRUPT_MESSAGE, not INVALID_RECORD");
    }

    @Test
    void wrongMagicIsRejectedBeforeTheCrc() {
        ByteBuffer b = batch(CompressionType.NONE, 0, 1, record(0, 0, K, V, 0));
        b.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        rejected(b, BatchValidator::validateForProduce, "has magic 1, expected 2");
    }

    @Test
    void batchLengthBeyondTheBufferIsRejected() {
        ByteBuffer b = batch(CompressionType.NONE, 0, 1, record(0, 0, K, V, 0));
        b.putInt(RecordBatch.LENGTH_OFFSET, b.limit());
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> new RecordBatch(b));
        assertTrue(e.getMessage().contains("record batch length " + b.limit() + " is outside"), e.getMessage());
    }

    @Test
    void batchShorterThanItsHeaderIsRejected() {
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> new RecordBatch(ByteBuffer.allocate(30)));
        assertTrue(e.getMessage().contains("shorter than the 61-byte header"), e.getMessage());
    }

    @Test
    void recordLongerThanTheRemainingBatchIsRejected() {
        byte[] first = record(0, 0, K, V, 0);
        byte[] second = record(1, 0, K, V, 4);
        ByteBuffer b = batch(CompressionType.NONE, 1, 2, records(first, second));
        InvalidRecordException e = assertInstanceOf(InvalidRecordException.class,
                rejected(b, BatchValidator::validateForProduce, "record #1 at byte " + (61 + first.length) + " of the batch declares length "));
        assertTrue(e.getMessage().contains("but only " + (second.length - 1) + " bytes remain in the batch"), e.getMessage());
    }

    @Test
    void truncatedRecordIsRejected() {
        byte[] whole = record(0, 0, K, V, 0);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        rejected(batch(CompressionType.NONE, 0, 1, cut), BatchValidator::validateForProduce, "record #0 at byte 61 of the batch declares length");
    }

    @Test
    void recordWhoseFieldsRunPastItsLengthIsRejected() {
        byte[] r = record(0, 0, K, V, -2);
        // The record claims 2 bytes fewer than its fields need; the rest looks like a second record.
        rejected(batch(CompressionType.NONE, 0, 1, r), BatchValidator::validateForProduce, "record #0 at byte 61 of the batch ");
    }

    @Test
    void recordLongerThanItsFieldsIsRejected() {
        byte[] r = record(0, 0, K, V, 1);
        byte[] padded = java.util.Arrays.copyOf(r, r.length + 1);
        rejected(batch(CompressionType.NONE, 0, 1, padded), BatchValidator::validateForProduce, "but its fields use");
    }

    @Test
    void keyLongerThanTheRecordIsRejected() {
        byte[] r = record(0, 0, K, V, 0);
        // key length varint sits after length(1), attributes(1), timestamp delta(1), offset delta(1)
        Varint.writeVarint(40, r, 4);
        rejected(batch(CompressionType.NONE, 0, 1, r), BatchValidator::validateForProduce, "has a key of 40 bytes but only");
    }

    @Test
    void offsetDeltaGapIsRejectedOnProduceButAcceptedInTheLog() {
        ByteBuffer b = batch(CompressionType.NONE, 2, 2, records(record(0, 0, K, V, 0), record(2, 0, K, V, 0)));
        rejected(b, BatchValidator::validateForProduce, "has record count 2 but its offsets span 3");
        assertEquals(2, BatchValidator.validateForLog(view(b)).recordCount());

        ByteBuffer consistentCount = batch(CompressionType.NONE, 1, 2, records(record(0, 0, K, V, 0), record(2, 0, K, V, 0)));
        rejected(consistentCount, BatchValidator::validateForProduce, "record #1 at byte ");
        rejected(consistentCount, BatchValidator::validateForProduce, "has offset delta 2 where 1 is expected");
        rejected(consistentCount, BatchValidator::validateForLog, "has offset delta 2 where a value in 1..1 is expected");
    }

    @Test
    void decreasingOffsetDeltasAreRejectedInTheLog() {
        ByteBuffer b = batch(CompressionType.NONE, 3, 2, records(record(2, 0, K, V, 0), record(1, 0, K, V, 0)));
        rejected(b, BatchValidator::validateForLog, "has offset delta 1 where a value in 3..3 is expected");
    }

    @Test
    void countAboveTheRecordsPresentIsRejected() {
        ByteBuffer b = batch(CompressionType.NONE, 2, 3, records(record(0, 0, K, V, 0), record(1, 0, K, V, 0)));
        rejected(b, BatchValidator::validateForProduce, "record #2 at byte ");
        rejected(b, BatchValidator::validateForProduce, "is missing: the records end after 2 of the 3 the header declares");
    }

    @Test
    void countBelowTheRecordsPresentIsRejected() {
        byte[] first = record(0, 0, K, V, 0);
        ByteBuffer b = batch(CompressionType.NONE, 0, 1, records(first, record(1, 0, K, V, 0)));
        rejected(b, BatchValidator::validateForProduce, first.length + 1 - 1 + " bytes follow the last of its 1 records");
    }

    @Test
    void countNotMatchingTheOffsetSpanIsRejected() {
        ByteBuffer b = batch(CompressionType.NONE, 5, 2, records(record(0, 0, K, V, 0), record(1, 0, K, V, 0)));
        rejected(b, BatchValidator::validateForProduce, "has record count 2 but its offsets span 6 (last offset delta 5)");
    }

    @Test
    void emptyBatchIsRejectedOnProduce() {
        rejected(batch(CompressionType.NONE, 0, 0, new byte[0]), BatchValidator::validateForProduce, "has no records");
    }

    @Test
    void overlongLengthVarintIsRejected() {
        byte[] bad = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0, 0, 0, 0};
        rejected(batch(CompressionType.NONE, 0, 1, bad), BatchValidator::validateForProduce, "has a length varint longer than 5 bytes");
    }

    @Test
    void negativeHeaderCountIsRejected() {
        byte[] r = record(0, 0, K, V, 0);
        r[r.length - 1] = 1; // zig-zag 1 = -1 headers
        rejected(batch(CompressionType.NONE, 0, 1, r), BatchValidator::validateForProduce, "has negative header count -1");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void compressedOffsetGapIsRejectedWithItsDecompressedPosition(CompressionType type) {
        byte[] first = record(0, 0, K, V, 0);
        ByteBuffer b = batch(type, 1, 2, records(first, record(2, 0, K, V, 0)));
        rejected(b, BatchValidator::validateForProduce,
                "record #1 at byte " + first.length + " of the decompressed records has offset delta 2 where 1 is expected");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void errorPositionIsExactDeepInALargeCompressedBatch(CompressionType type) {
        // Records of varying sizes, so that the gap lands at every position relative to the
        // scanner's 16 KiB chunk boundary for one of the gap indexes.
        int n = 300;
        byte[][] good = new byte[n][];
        long[] positions = new long[n + 1];
        for (int i = 0; i < n; i++) {
            good[i] = record(i, i, K, RandomBatches.compressibleBytes(new java.util.Random(i), 90 + (i * 37) % 61), 0);
            positions[i + 1] = positions[i] + good[i].length;
        }
        for (int gap = 200; gap < 280; gap++) {
            byte[][] recs = good.clone();
            recs[gap] = record(gap + 1, gap, K, RandomBatches.compressibleBytes(new java.util.Random(gap), 90 + (gap * 37) % 61), 0);
            ByteBuffer b = batch(type, n - 1, n, records(recs));
            rejected(b, BatchValidator::validateForProduce, "record #" + gap + " at byte " + positions[gap]
                    + " of the decompressed records has offset delta " + (gap + 1) + " where " + gap + " is expected");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void compressedTruncatedRecordIsRejected(CompressionType type) {
        byte[] whole = record(0, 0, K, V, 0);
        ByteBuffer b = batch(type, 0, 1, java.util.Arrays.copyOf(whole, whole.length - 2));
        rejected(b, BatchValidator::validateForProduce, "bytes remain in the decompressed records");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void compressedTrailingRecordsAreRejected(CompressionType type) {
        ByteBuffer b = batch(type, 0, 1, records(record(0, 0, K, V, 0), record(1, 0, K, V, 0)));
        rejected(b, BatchValidator::validateForProduce, "decompressed data continues after the last of its 1 records");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void undecompressablePayloadIsRejected(CompressionType type) {
        byte[] garbage = new byte[200];
        new java.util.Random(type.id).nextBytes(garbage);
        ByteBuffer b = RawBatches.batchWithPayload(type, 0, 1, garbage);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> BatchValidator.validateForProduce(view(b)));
        assertTrue(e.getMessage().contains(type.configName), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void compressedStreamCutShortIsRejected(CompressionType type) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.of(type), 0);
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 50; i++) {
            builder.append(1000 + i, null, RandomBatches.bytes(random, 300));
        }
        ByteBuffer whole = builder.build().buffer();
        ByteBuffer cut = ByteBuffer.allocate(whole.limit() - 40);
        cut.put(whole.duplicate().limit(cut.capacity())).flip();
        cut.putInt(RecordBatch.LENGTH_OFFSET, cut.limit() - RecordBatch.LOG_OVERHEAD);
        RawBatches.fixCrc(cut);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> BatchValidator.validateForProduce(view(cut)));
        assertTrue(e.getMessage().startsWith("record batch at offset 0"), e.getMessage());
    }

    @Test
    void uncompressedValidationAllocatesNothingPerRecord() {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        for (int i = 0; i < 5000; i++) {
            builder.append(1000 + i, K, V, List.of(new Header("k", V)));
        }
        RecordBatch batch = builder.build().batches().iterator().next();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        BatchValidator.validateForProduce(batch);
        long before = threads.getThreadAllocatedBytes(thread);
        BatchValidator.validateForProduce(batch);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 2048, "validating 5000 records allocated " + allocated + " bytes");
    }
}
