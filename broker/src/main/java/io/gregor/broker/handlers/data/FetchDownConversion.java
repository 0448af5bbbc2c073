package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.LegacyRecord;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordConversion;
import io.gregor.clients.record.Records;
import io.gregor.replication.FetchPartitionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an old consumer's Fetch (v0-3) gets instead of the log's batches v2: the records
 * down-converted to message format v0 (Fetch v0-1) or v1 (Fetch v2-3), as Kafka does for these
 * versions. The log slice is read into memory and converted, at most as many bytes as the slice
 * held, except that the first batch always goes out whole ({@link RecordConversion#downConvert}).
 * A zstd batch answers UNSUPPORTED_COMPRESSION_TYPE (the old formats have no zstd). Fetch v4+
 * never comes here and keeps its zero-copy file slices. Stateless.
 */
final class FetchDownConversion {
    private static final Logger log = LoggerFactory.getLogger(FetchDownConversion.class);
    /** The last Fetch version that reads message formats v0/v1. */
    static final short LAST_LEGACY_VERSION = 3;
    private static final short LAST_MAGIC_0_VERSION = 1;

    private FetchDownConversion() {
    }

    /** The message format a Fetch of {@code version} (at most 3) can read. */
    static byte magicFor(short version) {
        return version <= LAST_MAGIC_0_VERSION ? LegacyRecord.MAGIC_V0 : LegacyRecord.MAGIC_V1;
    }

    /** {@code result} with its records converted to {@code toMagic}, starting at {@code fetchOffset}. */
    static FetchPartitionResult convert(FetchPartitionResult result, byte toMagic, long fetchOffset) {
        Records records = result.records();
        if (result.error() != Errors.NONE || records == null || records.sizeInBytes() == 0) {
            return result;
        }
        try {
            MemoryRecords converted = RecordConversion.downConvert(inMemory(records), toMagic, fetchOffset,
                    records.sizeInBytes());
            return withRecords(result, result.error(), converted);
        } catch (RecordConversion.UnsupportedCompressionException e) {
            return withRecords(result, Errors.UNSUPPORTED_COMPRESSION_TYPE, MemoryRecords.EMPTY);
        } catch (CorruptRecordException e) {
            log.error("Cannot down-convert {} from offset {} to message format v{}: {}", result.topicPartition(),
                    fetchOffset, toMagic, e.getMessage());
            return withRecords(result, Errors.CORRUPT_MESSAGE, MemoryRecords.EMPTY);
        }
    }

    /**
     * The answer for a partition whose topic has {@code message.downconversion.enable=false}, as
     * Kafka gives it: UNSUPPORTED_VERSION, no offsets, no records.
     */
    static FetchPartitionResult refused(io.gregor.core.log.TopicPartition tp) {
        return new FetchPartitionResult(tp, Errors.UNSUPPORTED_VERSION, -1L, -1L, -1L, MemoryRecords.EMPTY);
    }

    private static FetchPartitionResult withRecords(FetchPartitionResult r, Errors error, MemoryRecords records) {
        return new FetchPartitionResult(r.topicPartition(), error, r.highWatermark(), r.lastStableOffset(),
                r.logStartOffset(), records);
    }

    private static MemoryRecords inMemory(Records records) {
        try {
            return MemoryRecords.copyOf(records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fetched records for down-conversion", e);
        }
    }
}
