package io.gregor.clients.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversion between message formats v0/v1 and record batch v2, as Kafka 3.x does it for old
 * clients: a produce in an old format is up-converted to one batch v2 before the append (the log
 * holds batch v2 only), and a fetch by an old client is down-converted from batch v2. Conversion
 * decodes every record: it is the old clients' path only; the v2 produce and fetch paths never
 * come here. Stateless.
 */
public final class RecordConversion {
    private RecordConversion() {
    }

    /** Thrown when a batch uses a codec the target format cannot carry (zstd below magic 2). */
    public static final class UnsupportedCompressionException extends RuntimeException {
        public UnsupportedCompressionException(String message) {
            super(message, null, false, false);
        }
    }

    /** True when {@code records} starts with a message of format v0 or v1. */
    public static boolean isLegacy(MemoryRecords records) {
        ByteBuffer buffer = records.buffer();
        int magic = LegacyRecordBatch.magicAt(buffer, 0);
        return magic == LegacyRecord.MAGIC_V0 || magic == LegacyRecord.MAGIC_V1;
    }

    /**
     * Up-converts a producer's message set of format v0/v1 to one CreateTime batch v2 at base
     * offset 0, as Kafka's LogValidator does when it appends old-format data: every record of
     * every entry, in order, with its own timestamp (v0: none, -1; a v1 wrapper's LogAppendTime
     * is passed to its records), key and value; the codec is that of the last compressed entry,
     * or none. The broker then treats the batch like any v2 batch (offsets, the topic's
     * timestamp type and compression.type). Every entry's CRC is checked.
     *
     * @param maxDecompressedBytes bound on the decompressed inner entries of all wrappers of the set together
     * @throws CorruptRecordException a CRC does not match (CORRUPT_MESSAGE)
     * @throws InvalidRecordException the set is malformed, mixes formats or holds no record (INVALID_RECORD)
     */
    public static MemoryRecords upConvert(MemoryRecords legacy, int maxDecompressedBytes) {
        List<LegacyRecordBatch> entries = new ArrayList<>();
        CompressionType codec = CompressionType.NONE;
        ByteBuffer buffer = legacy.buffer();
        int position = 0;
        while (position < buffer.limit()) {
            int magic = LegacyRecordBatch.magicAt(buffer, position);
            if (magic != LegacyRecord.MAGIC_V0 && magic != LegacyRecord.MAGIC_V1) {
                throw new InvalidRecordException("a message set of format v0/v1 holds an entry of magic " + magic);
            }
            LegacyRecordBatch entry = new LegacyRecordBatch(buffer.duplicate().position(position));
            entry.ensureValid();
            if (entry.isCompressed()) {
                codec = entry.compressionType();
            }
            entries.add(entry);
            position += entry.sizeInBytes();
        }
        if (entries.isEmpty()) {
            throw new InvalidRecordException("produce request carries no message");
        }
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.of(codec), 0);
        long budget = maxDecompressedBytes; // shared by every wrapper of the set
        for (LegacyRecordBatch entry : entries) {
            List<Record> records = entry.records((int) Math.min(budget, Integer.MAX_VALUE));
            for (Record record : records) {
                if (entry.isCompressed()) {
                    budget -= LegacyRecordBatch.LOG_OVERHEAD + LegacyRecord.recordSize(entry.magic(),
                            record.hasKey() ? record.key().remaining() : -1, record.hasValue() ? record.value().remaining() : -1);
                }
                builder.append(record.timestamp(), record.key(), record.value(), List.of());
            }
        }
        return builder.build();
    }

    /**
     * Down-converts batches to message format {@code toMagic} (0 or 1), as Kafka's down-conversion
     * does: control batches are dropped; batches already at or below {@code toMagic} are copied;
     * a batch v2 becomes a message set in the same codec and timestamp type (LogAppendTime: its
     * max timestamp), whose records lose their headers. From an uncompressed batch, records below
     * {@code firstOffset} are dropped (a compressed set stays whole, as an old consumer expects).
     * A batch that the bytes end inside (a fetch slice may end so) ends the conversion.
     *
     * <p>{@code sizeLimit} bounds the result as Kafka's lazy down-conversion does for a fetch:
     * converted entries are added while the total stays within
     * {@code max(sizeLimit, size of what the first batch converted to)}, so the first batch always
     * goes out whole; {@code Integer.MAX_VALUE} converts everything.
     *
     * @throws UnsupportedCompressionException a zstd batch (magic 0/1 have no zstd)
     */
    public static MemoryRecords downConvert(MemoryRecords records, byte toMagic, long firstOffset, int sizeLimit) {
        LegacyRecord.recordOverhead(toMagic); // refuses a target that is not 0 or 1
        List<ByteBuffer> parts = new ArrayList<>();
        long total = 0;
        long limit = sizeLimit;
        boolean first = true;
        ByteBuffer buffer = records.buffer();
        int position = 0;
        while (true) {
            int size = RecordBatch.sizeAt(buffer, position);
            int magic = LegacyRecordBatch.magicAt(buffer, position);
            if (size < 0 || magic < 0 || size > buffer.limit() - position) {
                break;
            }
            ByteBuffer at = buffer.duplicate().position(position);
            position += size;
            List<ByteBuffer> converted = magic <= toMagic ? entriesOf(at)
                    : convertBatch(new RecordBatch(at), toMagic, firstOffset);
            if (converted.isEmpty()) {
                continue;
            }
            if (first) {
                limit = Math.max(limit, converted.stream().mapToLong(ByteBuffer::remaining).sum());
                first = false;
            }
            for (ByteBuffer entry : converted) {
                if (total + entry.remaining() > limit) {
                    return concat(parts, total);
                }
                total += entry.remaining();
                parts.add(entry);
            }
        }
        return concat(parts, total);
    }

    /** The legacy entries of an old-format slice starting at {@code at}, kept as they are. */
    private static List<ByteBuffer> entriesOf(ByteBuffer at) {
        LegacyRecordBatch entry = new LegacyRecordBatch(at);
        return List.of(entry.buffer());
    }

    private static List<ByteBuffer> convertBatch(RecordBatch batch, byte toMagic, long firstOffset) {
        if (batch.isControlBatch()) {
            return List.of();
        }
        CompressionType codec = batch.compressionType();
        if (codec == CompressionType.ZSTD) {
            throw new UnsupportedCompressionException("zstd batch at offset " + batch.baseOffset()
                    + " cannot be down-converted to message format v" + toMagic);
        }
        List<Record> kept = new ArrayList<>();
        for (Record record : batch.recordList()) {
            if (codec != CompressionType.NONE || record.offset() >= firstOffset) {
                kept.add(record);
            }
        }
        if (kept.isEmpty()) {
            return List.of();
        }
        TimestampType type = batch.timestampType();
        long logAppendTime = type == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP;
        LegacyRecordsBuilder builder = new LegacyRecordsBuilder(toMagic, Compression.of(codec), type,
                kept.get(0).offset(), logAppendTime);
        for (Record record : kept) {
            builder.appendWithOffset(record.offset(), record.timestamp(), record.key(), record.value());
        }
        List<ByteBuffer> entries = new ArrayList<>();
        for (LegacyRecordBatch entry : LegacyRecordBatch.entries(builder.build().buffer())) {
            entries.add(entry.buffer());
        }
        return entries;
    }

    private static MemoryRecords concat(List<ByteBuffer> parts, long total) {
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(total));
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return MemoryRecords.readableRecords(all.flip());
    }
}
