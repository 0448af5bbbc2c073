package io.gregor.clients.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MemoryRecordsBuilderTest {
    private static final byte[] V = "v".getBytes();

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void severalBatchesConcatenatedAreReadByKafkaInOrder(CompressionType type) {
        List<MemoryRecords> parts = new ArrayList<>();
        long offset = 100;
        for (int b = 0; b < 4; b++) {
            MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.of(type), offset);
            for (int i = 0; i <= b; i++) {
                builder.append(1000 + i, ("k" + offset).getBytes(), V);
                offset++;
            }
            parts.add(builder.build());
        }
        MemoryRecords all = MemoryRecords.concat(parts);

        List<Long> gregorOffsets = new ArrayList<>();
        for (RecordBatch batch : all.batches()) {
            BatchValidator.validateForProduce(batch);
            batch.recordList().forEach(r -> gregorOffsets.add(r.offset()));
        }
        List<Long> kafkaOffsets = new ArrayList<>();
        var kafka = org.apache.kafka.common.record.MemoryRecords.readableRecords(all.buffer());
        kafka.batches().forEach(batch -> {
            batch.ensureValid();
            batch.forEach(r -> kafkaOffsets.add(r.offset()));
        });
        List<Long> expected = new ArrayList<>();
        for (long o = 100; o < offset; o++) {
            expected.add(o);
        }
        assertEquals(expected, gregorOffsets);
        assertEquals(expected, kafkaOffsets);
    }

    @Test
    void explicitOffsetsWithGapsMatchKafkasBytesAndPassLogValidation() {
        MemoryRecordsBuilder ours = MemoryRecordsBuilder.builder(Compression.NONE, 10);
        var theirs = org.apache.kafka.common.record.MemoryRecords.builder(ByteBuffer.allocate(256),
                org.apache.kafka.common.compress.Compression.NONE, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 10);
        for (long offset : new long[] {10, 13, 14, 20}) {
            ours.appendWithOffset(offset, 5000 - offset, null, ByteBuffer.wrap(V), List.of());
            theirs.appendWithOffset(offset, 5000 - offset, null, V);
        }
        MemoryRecords built = ours.build();
        assertEquals(theirs.build().buffer(), built.buffer());
        RecordBatch batch = built.batches().iterator().next();
        assertEquals(4, BatchValidator.validateForLog(batch).recordCount());
        assertEquals(List.of(10L, 13L, 14L, 20L), batch.recordList().stream().map(Record::offset).toList());
        assertThrows(InvalidRecordException.class, () -> BatchValidator.validateForProduce(batch));
    }

    @Test
    void offsetsMustIncrease() {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 10);
        b.appendWithOffset(12, 0, null, null, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.appendWithOffset(12, 0, null, null, List.of()));
        assertTrue(e.getMessage().contains("offset 12 is not above the last offset 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryRecordsBuilder.builder(Compression.NONE, 10)
                .appendWithOffset(9, 0, null, null, List.of()));
    }

    @Test
    void controlBatchesTakeOnlyControlRecords() {
        MemoryRecordsBuilder control = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0, -1, 1L,
                (short) 0, RecordBatch.NO_SEQUENCE, true, true, 0);
        assertThrows(IllegalStateException.class, () -> control.append(0, null, V));
        MemoryRecordsBuilder data = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        assertThrows(IllegalStateException.class,
                () -> data.appendEndTxnMarker(0, new EndTransactionMarker(ControlRecordType.COMMIT, 1)));
    }

    @Test
    void emptyBuilderBuildsNoBatch() {
        assertSame(MemoryRecords.EMPTY, MemoryRecordsBuilder.builder(Compression.of(CompressionType.ZSTD), 0).build());
    }

    @Test
    void rewrittenHeaderFieldsStayValidForKafka() {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.of(CompressionType.LZ4), 0);
        b.append(1000, null, V);
        b.append(2000, null, V);
        MemoryRecords records = b.build();
        RecordBatch batch = records.batches().iterator().next();
        batch.setBaseOffset(500);
        batch.setPartitionLeaderEpoch(7);
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 9999);

        var kafkaBatch = org.apache.kafka.common.record.MemoryRecords.readableRecords(records.buffer()).batches().iterator().next();
        kafkaBatch.ensureValid();
        assertEquals(500, kafkaBatch.baseOffset());
        assertEquals(7, kafkaBatch.partitionLeaderEpoch());
        assertEquals(9999, kafkaBatch.maxTimestamp());
        List<Long> timestamps = new ArrayList<>();
        kafkaBatch.forEach(r -> timestamps.add(r.timestamp()));
        assertEquals(List.of(9999L, 9999L), timestamps);
        assertEquals(List.of(9999L, 9999L), batch.recordList().stream().map(Record::timestamp).toList());
        assertEquals(List.of(500L, 501L), batch.recordList().stream().map(Record::offset).toList());
    }

    @Test
    void compressionLevelsAreHonouredAndValidated() {
        for (int level : new int[] {1, 9}) {
            MemoryRecordsBuilder b = new MemoryRecordsBuilder(new Compression(CompressionType.GZIP, level), TimestampType.CREATE_TIME,
                    0, -1, -1, (short) -1, -1, false, false, -1);
            b.append(0, null, new byte[5000]);
            RecordBatch batch = b.build().batches().iterator().next();
            assertEquals(5000, batch.recordList().get(0).value().remaining());
        }
        assertThrows(IllegalArgumentException.class, () -> new Compression(CompressionType.GZIP, 10));
        assertThrows(IllegalArgumentException.class, () -> new Compression(CompressionType.LZ4, 0));
        assertThrows(IllegalArgumentException.class, () -> new Compression(CompressionType.ZSTD, 23));
    }
}
