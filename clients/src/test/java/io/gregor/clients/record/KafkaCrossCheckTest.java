package io.gregor.clients.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gregor.clients.record.RandomBatches.Rec;
import io.gregor.clients.record.RandomBatches.Spec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks Gregor's batch v2 writer, reader and validator against kafka-clients 3.9.1 in both
 * directions, under every codec, with seeded random contents.
 */
class KafkaCrossCheckTest {
    private static final int SEEDS = 12;

    static Stream<Arguments> codecsAndSeeds() {
        List<Arguments> args = new ArrayList<>();
        for (CompressionType type : CompressionType.values()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                args.add(Arguments.of(type, 1000L * type.id + seed));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("codecsAndSeeds")
    void kafkaReadsEveryFieldGregorWrote(CompressionType type, long seed) {
        Spec spec = RandomBatches.spec(new Random(seed), type);
        MemoryRecords gregor = RandomBatches.gregorBuild(spec);

        var kafka = org.apache.kafka.common.record.MemoryRecords.readableRecords(gregor.buffer());
        List<org.apache.kafka.common.record.MutableRecordBatch> batches = new ArrayList<>();
        kafka.batches().forEach(batches::add);
        assertEquals(1, batches.size());
        var batch = batches.get(0);
        batch.ensureValid();
        assertEquals(2, batch.magic());
        assertEquals(type.id, batch.compressionType().id);
        assertEquals(spec.timestampType() == TimestampType.CREATE_TIME ? "CreateTime" : "LogAppendTime", batch.timestampType().name);
        assertEquals(spec.baseOffset(), batch.baseOffset());
        assertEquals(spec.baseOffset() + spec.records().size() - 1, batch.lastOffset());
        assertEquals(spec.records().size(), batch.countOrNull());
        assertEquals(spec.producerId(), batch.producerId());
        assertEquals(spec.producerEpoch(), batch.producerEpoch());
        assertEquals(spec.baseSequence(), batch.baseSequence());
        assertEquals(spec.transactional(), batch.isTransactional());
        assertEquals(false, batch.isControlBatch());
        assertEquals(spec.partitionLeaderEpoch(), batch.partitionLeaderEpoch());
        assertEquals(expectedMaxTimestamp(spec), batch.maxTimestamp());

        int i = 0;
        try (var it = batch.streamingIterator(org.apache.kafka.common.utils.BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                var record = it.next();
                Rec expected = spec.records().get(i);
                assertEquals(spec.baseOffset() + i, record.offset());
                assertEquals(expectedTimestamp(spec, expected), record.timestamp(), "timestamp of record " + i);
                assertBytes(expected.key(), record.key());
                assertBytes(expected.value(), record.value());
                assertEquals(expected.headers().size(), record.headers().length);
                for (int h = 0; h < expected.headers().size(); h++) {
                    assertEquals(expected.headers().get(h).key(), record.headers()[h].key());
                    assertArrayEquals(expected.headers().get(h).value(), record.headers()[h].value());
                }
                i++;
            }
        }
        assertEquals(spec.records().size(), i);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("codecsAndSeeds")
    void gregorReadsAndAcceptsEveryFieldKafkaWrote(CompressionType type, long seed) {
        Spec spec = RandomBatches.spec(new Random(seed), type);
        var kafka = RandomBatches.kafkaBuild(spec);

        MemoryRecords gregor = MemoryRecords.readableRecords(kafka.buffer());
        List<RecordBatch> batches = new ArrayList<>();
        gregor.batches().forEach(batches::add);
        assertEquals(1, batches.size());
        RecordBatch batch = batches.get(0);
        batch.ensureValid();
        BatchValidator.Result result = BatchValidator.validateForProduce(batch);
        assertEquals(spec.records().size(), result.recordCount());
        BatchValidator.validateForLog(batch);

        assertEquals(type, batch.compressionType());
        assertEquals(spec.timestampType(), batch.timestampType());
        assertEquals(spec.baseOffset(), batch.baseOffset());
        assertEquals(spec.baseOffset() + spec.records().size() - 1, batch.lastOffset());
        assertEquals(spec.records().size(), batch.recordCount());
        assertEquals(spec.producerId(), batch.producerId());
        assertEquals(spec.producerEpoch(), batch.producerEpoch());
        assertEquals(spec.baseSequence(), batch.baseSequence());
        assertEquals(spec.transactional(), batch.isTransactional());
        assertEquals(spec.partitionLeaderEpoch(), batch.partitionLeaderEpoch());
        assertEquals(expectedMaxTimestamp(spec), batch.maxTimestamp());
        long maxOwn = spec.records().stream().mapToLong(Rec::timestamp).max().orElseThrow();
        assertEquals(maxOwn, result.maxTimestamp());
        assertEquals(spec.records().stream().anyMatch(r -> r.key() == null), result.hasNullKey());

        assertRecordsMatch(spec, batch.recordList());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void uncompressedBatchesAreByteIdenticalToKafkas(long seed) {
        Spec spec = RandomBatches.spec(new Random(seed), CompressionType.NONE);
        ByteBuffer gregor = RandomBatches.gregorBuild(spec).buffer();
        ByteBuffer kafka = RandomBatches.kafkaBuild(spec).buffer();
        assertEquals(kafka, gregor);
    }

    static Stream<Long> seeds() {
        return Stream.iterate(7L, s -> s + 1).limit(30);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void gregorReadsBackWhatItWroteUnderEveryCodec(CompressionType type) {
        for (long seed = 500; seed < 505; seed++) {
            Spec spec = RandomBatches.spec(new Random(seed), type);
            RecordBatch batch = RandomBatches.gregorBuild(spec).batches().iterator().next();
            BatchValidator.validateForProduce(batch);
            assertRecordsMatch(spec, batch.recordList());
        }
    }

    @ParameterizedTest
    @EnumSource(ControlRecordType.class)
    void endTransactionMarkersMatchKafkas(ControlRecordType type) {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            return;
        }
        long timestamp = 1_700_000_000_000L;
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 42, -1,
                77L, (short) 3, RecordBatch.NO_SEQUENCE, true, true, 5);
        b.appendEndTxnMarker(timestamp, new EndTransactionMarker(type, 9));
        ByteBuffer gregor = b.build().buffer();

        var kafkaType = type == ControlRecordType.COMMIT
                ? org.apache.kafka.common.record.ControlRecordType.COMMIT : org.apache.kafka.common.record.ControlRecordType.ABORT;
        var kafka = org.apache.kafka.common.record.MemoryRecords.withEndTransactionMarker(42, timestamp, 5, 77L, (short) 3,
                new org.apache.kafka.common.record.EndTransactionMarker(kafkaType, 9));
        assertEquals(kafka.buffer(), gregor);

        RecordBatch batch = MemoryRecords.readableRecords(kafka.buffer()).batches().iterator().next();
        assertEquals(true, batch.isControlBatch());
        Record marker = batch.recordList().get(0);
        assertEquals(type, ControlRecordType.parse(marker.key()));
        assertEquals(new EndTransactionMarker(type, 9), EndTransactionMarker.read(marker));
    }

    private static void assertRecordsMatch(Spec spec, List<Record> records) {
        assertEquals(spec.records().size(), records.size());
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            Rec expected = spec.records().get(i);
            assertEquals(spec.baseOffset() + i, record.offset());
            assertEquals(expectedTimestamp(spec, expected), record.timestamp(), "timestamp of record " + i);
            assertBytes(expected.key(), record.key());
            assertBytes(expected.value(), record.value());
            assertEquals(expected.headers(), record.headers());
        }
    }

    private static long expectedMaxTimestamp(Spec spec) {
        if (spec.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return spec.logAppendTime();
        }
        return spec.records().stream().mapToLong(Rec::timestamp).max().orElseThrow();
    }

    private static long expectedTimestamp(Spec spec, Rec rec) {
        return spec.timestampType() == TimestampType.LOG_APPEND_TIME ? spec.logAppendTime() : rec.timestamp();
    }

    private static void assertBytes(byte[] expected, ByteBuffer actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        byte[] got = new byte[actual.remaining()];
        actual.duplicate().get(got);
        assertArrayEquals(expected, got);
    }
}
