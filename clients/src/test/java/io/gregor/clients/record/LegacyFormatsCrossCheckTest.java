package io.gregor.clients.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gregor.clients.record.RandomBatches.Rec;
import io.gregor.clients.record.RandomBatches.Spec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message formats v0 and v1 and the conversions to and from batch v2, cross-checked byte for byte
 * against kafka-clients 3.9.1 (its MemoryRecordsBuilder for magic 0/1, its deep iteration of
 * legacy message sets, and MemoryRecords.downConvert), under every codec the formats have.
 */
class LegacyFormatsCrossCheckTest {
    private static final int SEEDS = 6;
    private static final List<CompressionType> LEGACY_CODECS = List.of(CompressionType.NONE, CompressionType.GZIP,
            CompressionType.SNAPPY, CompressionType.LZ4);

    static Stream<Arguments> magicsCodecsAndSeeds() {
        List<Arguments> args = new ArrayList<>();
        for (byte magic = 0; magic <= 1; magic++) {
            for (CompressionType type : LEGACY_CODECS) {
                for (int seed = 0; seed < SEEDS; seed++) {
                    args.add(Arguments.of(magic, type, 100L * type.id + 10L * magic + seed));
                }
            }
        }
        return args.stream();
    }

    @Test
    void layoutConstantsEqualKafkasLegacyRecord() {
        assertEquals(org.apache.kafka.common.record.LegacyRecord.CRC_OFFSET, LegacyRecord.CRC_OFFSET);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.MAGIC_OFFSET, LegacyRecord.MAGIC_OFFSET);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.ATTRIBUTES_OFFSET, LegacyRecord.ATTRIBUTES_OFFSET);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.TIMESTAMP_OFFSET, LegacyRecord.TIMESTAMP_OFFSET);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.KEY_SIZE_OFFSET_V0, LegacyRecord.KEY_SIZE_OFFSET_V0);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.KEY_SIZE_OFFSET_V1, LegacyRecord.KEY_SIZE_OFFSET_V1);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.KEY_OFFSET_V0, LegacyRecord.KEY_OFFSET_V0);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.KEY_OFFSET_V1, LegacyRecord.KEY_OFFSET_V1);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.HEADER_SIZE_V0, LegacyRecord.HEADER_SIZE_V0);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.HEADER_SIZE_V1, LegacyRecord.HEADER_SIZE_V1);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.RECORD_OVERHEAD_V0, LegacyRecord.RECORD_OVERHEAD_V0);
        assertEquals(org.apache.kafka.common.record.LegacyRecord.RECORD_OVERHEAD_V1, LegacyRecord.RECORD_OVERHEAD_V1);
        assertEquals(org.apache.kafka.common.record.Records.OFFSET_OFFSET, LegacyRecordBatch.OFFSET_OFFSET);
        assertEquals(org.apache.kafka.common.record.Records.SIZE_OFFSET, LegacyRecordBatch.SIZE_OFFSET);
        assertEquals(org.apache.kafka.common.record.Records.LOG_OVERHEAD, LegacyRecordBatch.LOG_OVERHEAD);
        assertEquals(org.apache.kafka.common.record.Records.MAGIC_OFFSET, LegacyRecordBatch.MAGIC_OFFSET);
        assertEquals(RecordBatch.MAGIC_OFFSET, LegacyRecordBatch.MAGIC_OFFSET);
    }

    @ParameterizedTest(name = "magic {0} {1} seed {2}")
    @MethodSource("magicsCodecsAndSeeds")
    void messageSetsAreByteIdenticalToKafkas(byte magic, CompressionType type, long seed) {
        Spec spec = RandomBatches.spec(new Random(seed), type);
        assertEquals(kafkaLegacy(spec, magic).buffer(), gregorLegacy(spec, magic).buffer());
    }

    @ParameterizedTest(name = "magic {0} {1} seed {2}")
    @MethodSource("magicsCodecsAndSeeds")
    void gregorReadsEveryRecordOfAKafkaMessageSetAsKafkaDoes(byte magic, CompressionType type, long seed) {
        Spec spec = RandomBatches.spec(new Random(seed), type);
        var kafka = kafkaLegacy(spec, magic);
        List<org.apache.kafka.common.record.Record> expected = new ArrayList<>();
        kafka.records().forEach(expected::add);

        List<Record> actual = new ArrayList<>();
        for (LegacyRecordBatch entry : LegacyRecordBatch.entries(kafka.buffer())) {
            entry.ensureValid();
            assertEquals(magic, entry.magic());
            assertEquals(type, entry.compressionType());
            actual.addAll(entry.records(Integer.MAX_VALUE));
        }
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).offset(), actual.get(i).offset(), "offset of record " + i);
            assertEquals(expected.get(i).timestamp(), actual.get(i).timestamp(), "timestamp of record " + i);
            assertSameBytes(expected.get(i).key(), actual.get(i).key());
            assertSameBytes(expected.get(i).value(), actual.get(i).value());
        }
    }

    @ParameterizedTest(name = "magic {0} {1} seed {2}")
    @MethodSource("magicsCodecsAndSeeds")
    void downConversionIsByteIdenticalToKafkas(byte magic, CompressionType type, long seed) {
        Random r = new Random(seed);
        Spec spec = RandomBatches.spec(r, type);
        Spec second = RandomBatches.spec(r, type);
        var first = RandomBatches.kafkaBuild(spec);
        var next = RandomBatches.kafkaBuild(withBaseOffset(second, spec.baseOffset() + spec.records().size()));
        ByteBuffer both = ByteBuffer.allocate(first.sizeInBytes() + next.sizeInBytes());
        both.put(first.buffer()).put(next.buffer()).flip();
        long firstOffset = spec.baseOffset() + r.nextInt(spec.records().size());

        var kafka = org.apache.kafka.common.record.MemoryRecords.readableRecords(both.duplicate())
                .downConvert(magic, firstOffset, org.apache.kafka.common.utils.Time.SYSTEM);
        MemoryRecords gregor = RecordConversion.downConvert(MemoryRecords.readableRecords(both), magic, firstOffset,
                Integer.MAX_VALUE);
        assertEquals(((org.apache.kafka.common.record.MemoryRecords) kafka.records()).buffer(), gregor.buffer());
    }

    @ParameterizedTest(name = "magic {0} {1} seed {2}")
    @MethodSource("magicsCodecsAndSeeds")
    void upConversionKeepsEveryRecordAndTheCodec(byte magic, CompressionType type, long seed) {
        Spec spec = RandomBatches.spec(new Random(seed), type);
        var kafka = kafkaLegacy(spec, magic);
        List<org.apache.kafka.common.record.Record> expected = new ArrayList<>();
        kafka.records().forEach(expected::add);

        MemoryRecords legacy = MemoryRecords.readableRecords(kafka.buffer());
        assertEquals(true, RecordConversion.isLegacy(legacy));
        MemoryRecords converted = RecordConversion.upConvert(legacy, Integer.MAX_VALUE);
        List<RecordBatch> batches = new ArrayList<>();
        converted.batches().forEach(batches::add);
        assertEquals(1, batches.size());
        RecordBatch batch = batches.get(0);
        BatchValidator.validateForProduce(batch);
        assertEquals(type, batch.compressionType());
        assertEquals(TimestampType.CREATE_TIME, batch.timestampType());
        assertEquals(0, batch.baseOffset());
        List<Record> records = batch.recordList();
        assertEquals(expected.size(), records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i, records.get(i).offset());
            assertEquals(expected.get(i).timestamp(), records.get(i).timestamp(), "timestamp of record " + i);
            assertSameBytes(expected.get(i).key(), records.get(i).key());
            assertSameBytes(expected.get(i).value(), records.get(i).value());
        }
    }

    @Test
    void downConversionLimitStillSendsTheFirstBatchWhole() {
        Spec spec = RandomBatches.spec(new Random(3), CompressionType.NONE);
        MemoryRecords v2 = RandomBatches.gregorBuild(spec);
        MemoryRecords all = RecordConversion.downConvert(v2, (byte) 0, 0, Integer.MAX_VALUE);
        MemoryRecords limited = RecordConversion.downConvert(v2, (byte) 0, 0, 1);
        assertEquals(all.buffer(), limited.buffer());
    }

    @Test
    void downConversionStopsAtTheLimitAfterTheFirstBatch() {
        Spec spec = RandomBatches.spec(new Random(4), CompressionType.GZIP);
        var a = RandomBatches.gregorBuild(spec);
        var b = RandomBatches.gregorBuild(withBaseOffset(spec, spec.baseOffset() + spec.records().size()));
        MemoryRecords both = MemoryRecords.concat(a, b);
        int firstOnly = RecordConversion.downConvert(a, (byte) 1, 0, Integer.MAX_VALUE).sizeInBytes();
        MemoryRecords limited = RecordConversion.downConvert(both, (byte) 1, 0, firstOnly + 10);
        assertEquals(firstOnly, limited.sizeInBytes());
    }

    @Test
    void zstdBatchesCannotBeDownConverted() {
        MemoryRecords zstd = RandomBatches.gregorBuild(RandomBatches.spec(new Random(5), CompressionType.ZSTD));
        assertThrows(RecordConversion.UnsupportedCompressionException.class,
                () -> RecordConversion.downConvert(zstd, (byte) 1, 0, Integer.MAX_VALUE));
    }

    @Test
    void aTruncatedLastBatchEndsTheDownConversion() {
        Spec spec = RandomBatches.spec(new Random(6), CompressionType.NONE);
        MemoryRecords v2 = RandomBatches.gregorBuild(spec);
        ByteBuffer cut = v2.buffer();
        ByteBuffer withTail = ByteBuffer.allocate(cut.remaining() + 30);
        withTail.put(cut.duplicate()).put(cut.duplicate().limit(30)).flip();
        assertEquals(RecordConversion.downConvert(v2, (byte) 1, 0, Integer.MAX_VALUE).buffer(),
                RecordConversion.downConvert(MemoryRecords.readableRecords(withTail), (byte) 1, 0, Integer.MAX_VALUE).buffer());
    }

    @Test
    void aFlippedBitInAMessageIsACorruptMessageNotAnInvalidOne() {
        LegacyRecordsBuilder b = new LegacyRecordsBuilder((byte) 1, Compression.NONE, TimestampType.CREATE_TIME, 0, -1);
        b.append(1_700_000_000_000L, ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2, 3}));
        ByteBuffer bytes = b.build().buffer();
        bytes.put(bytes.limit() - 1, (byte) 9);
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> RecordConversion.upConvert(MemoryRecords.readableRecords(bytes), Integer.MAX_VALUE));
        assertEquals(CorruptRecordException.class, e.getClass());
    }

    @Test
    void aCompressedInnerMessageIsRefused() {
        var inner = org.apache.kafka.common.record.LegacyRecord.create((byte) 1, 5L, null, new byte[] {1},
                org.apache.kafka.common.record.CompressionType.GZIP,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        var builder = org.apache.kafka.common.record.MemoryRecords.builder(ByteBuffer.allocate(256), (byte) 1,
                org.apache.kafka.common.compress.Compression.gzip().build(),
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
        builder.appendUncheckedWithOffset(0, inner);
        ByteBuffer set = builder.build().buffer();
        assertThrows(InvalidRecordException.class,
                () -> RecordConversion.upConvert(MemoryRecords.readableRecords(set), Integer.MAX_VALUE));
    }

    @Test
    void aDecompressionBombIsRefusedAtTheBound() {
        LegacyRecordsBuilder b = new LegacyRecordsBuilder((byte) 1, Compression.of(CompressionType.GZIP),
                TimestampType.CREATE_TIME, 0, -1);
        b.append(1L, null, ByteBuffer.allocate(1 << 20));
        MemoryRecords set = b.build();
        assertThrows(InvalidRecordException.class, () -> RecordConversion.upConvert(set, 64 * 1024));
    }

    @Test
    void theDecompressionBoundCoversEveryWrapperOfTheSetTogether() {
        List<MemoryRecords> wrappers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LegacyRecordsBuilder b = new LegacyRecordsBuilder((byte) 1, Compression.of(CompressionType.GZIP),
                    TimestampType.CREATE_TIME, 0, -1);
            b.append(1L, null, ByteBuffer.allocate(40 * 1024));
            wrappers.add(b.build());
        }
        MemoryRecords set = MemoryRecords.concat(wrappers);
        assertEquals(3, RecordConversion.upConvert(set, 3 * 41 * 1024).batches().iterator().next().recordCount());
        assertThrows(InvalidRecordException.class, () -> RecordConversion.upConvert(set, 100 * 1024));
    }

    @Test
    void lz4InMagicZeroCarriesKafkasOldHeaderChecksum() {
        LegacyRecordsBuilder b = new LegacyRecordsBuilder((byte) 0, Compression.of(CompressionType.LZ4),
                TimestampType.CREATE_TIME, 0, -1);
        b.append(RecordBatch.NO_TIMESTAMP, null, ByteBuffer.wrap("x".repeat(100).getBytes()));
        LegacyRecordBatch entry = LegacyRecordBatch.entries(b.build().buffer()).iterator().next();
        ByteBuffer frame = entry.record().value();
        byte[] descriptorWithMagic = new byte[6];
        frame.duplicate().get(descriptorWithMagic);
        assertEquals(Lz4FrameOutputStream.headerChecksum(descriptorWithMagic, 0, 6), frame.get(6));
        assertEquals(1, entry.records(Integer.MAX_VALUE).size());
    }

    private static Spec withBaseOffset(Spec s, long baseOffset) {
        return new Spec(s.compression(), s.timestampType(), baseOffset, s.logAppendTime(), s.producerId(),
                s.producerEpoch(), s.baseSequence(), s.transactional(), s.partitionLeaderEpoch(), s.records());
    }

    private static MemoryRecords gregorLegacy(Spec spec, byte magic) {
        LegacyRecordsBuilder b = new LegacyRecordsBuilder(magic, Compression.of(spec.compression()), spec.timestampType(),
                spec.baseOffset(), spec.logAppendTime());
        for (Rec rec : spec.records()) {
            b.append(rec.timestamp(), wrap(rec.key()), wrap(rec.value()));
        }
        return b.build();
    }

    private static org.apache.kafka.common.record.MemoryRecords kafkaLegacy(Spec spec, byte magic) {
        var builder = org.apache.kafka.common.record.MemoryRecords.builder(ByteBuffer.allocate(1024), magic,
                org.apache.kafka.common.compress.Compression.of(
                        org.apache.kafka.common.record.CompressionType.forId(spec.compression().id)).build(),
                spec.timestampType() == TimestampType.CREATE_TIME
                        ? org.apache.kafka.common.record.TimestampType.CREATE_TIME
                        : org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME,
                spec.baseOffset(), spec.logAppendTime());
        for (Rec rec : spec.records()) {
            builder.append(rec.timestamp(), rec.key(), rec.value());
        }
        return builder.build();
    }

    private static ByteBuffer wrap(byte[] b) {
        return b == null ? null : ByteBuffer.wrap(b);
    }

    private static void assertSameBytes(ByteBuffer expected, ByteBuffer actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        byte[] e = new byte[expected.remaining()];
        expected.duplicate().get(e);
        byte[] a = new byte[actual.remaining()];
        actual.duplicate().get(a);
        assertArrayEquals(e, a);
    }
}
