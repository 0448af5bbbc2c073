package io.gregor.core.cleaner;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.FileBatch;
import io.gregor.core.log.FileRecords;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One compaction pass over one log. The cleanable range is every closed segment up to (excluding) the
 * active segment and the first segment holding records younger than {@code min.compaction.lag.ms}.
 * An offset map (key bytes, hashed, to the latest offset) is built over the dirty part of that range
 * (from the first dirty offset on); then the whole cleanable range is rewritten, in groups of
 * consecutive segments whose original sizes fit {@code segment.bytes}, keeping a record only if it
 * has a key, is the latest for its key, and is not a tombstone past its delete horizon (its
 * segment's largest timestamp older than {@code delete.retention.ms}). Batches keep their base
 * offset, last offset delta, producer id, epoch, base sequence, leader epoch and compression; a
 * batch left without records is dropped; control batches are kept as they are. A lone segment that
 * would come out unchanged is left in place. Not thread safe:
 * one pass per log at a time (the {@link LogCleaner} ensures it).
 */
public final class Cleaner {
    private Cleaner() {
    }

    /** The segments a pass may rewrite: closed, and not younger than {@code min.compaction.lag.ms}. */
    static List<LogSegment> cleanableSegments(Log log, long nowMs) throws IOException {
        List<LogSegment> all = log.segments();
        LogConfig config = log.config();
        List<LogSegment> cleanable = new ArrayList<>();
        for (int i = 0; i < all.size() - 1; i++) {
            LogSegment segment = all.get(i);
            if (config.minCompactionLagMs() > 0 && nowMs - segment.largestTimestamp() < config.minCompactionLagMs()) {
                break;
            }
            cleanable.add(segment);
        }
        return cleanable;
    }

    /** The first offset not cleanable now: the base offset after the last cleanable segment. */
    static long cleanableEnd(Log log, List<LogSegment> cleanable) {
        if (cleanable.isEmpty()) {
            return log.segments().get(0).baseOffset();
        }
        LogSegment last = cleanable.get(cleanable.size() - 1);
        for (LogSegment s : log.segments()) {
            if (s.baseOffset() > last.baseOffset()) {
                return s.baseOffset();
            }
        }
        return log.logEndOffset();
    }

    /**
     * Compacts {@code log} from {@code firstDirtyOffset} to the end of its cleanable range.
     * Returns what it did; {@link CleanResult#firstDirtyOffset()} is where the next pass starts.
     */
    public static CleanResult clean(Log log, long firstDirtyOffset, long nowMs) throws IOException {
        List<LogSegment> cleanable = cleanableSegments(log, nowMs);
        long end = cleanableEnd(log, cleanable);
        LogConfig config = log.config();
        Map<ByteBuffer, Long> offsetMap = buildOffsetMap(cleanable, firstDirtyOffset, end);
        long before = 0;
        long after = 0;
        long dropped = 0;
        List<List<LogSegment>> groups = group(cleanable, end, config.segmentBytes());
        for (List<LogSegment> group : groups) {
            long base = group.get(0).baseOffset();
            Path cleanedFile = log.dir().resolve(LogSegment.filenamePrefix(base) + LogSegment.LOG_SUFFIX
                    + LogSegment.CLEANED_SUFFIX);
            Files.deleteIfExists(cleanedFile);
            long groupBefore = 0;
            long groupDropped = 0;
            FileRecords out = FileRecords.open(cleanedFile);
            try {
                for (LogSegment segment : group) {
                    groupBefore += segment.size();
                    boolean dropTombstones = nowMs - segment.largestTimestamp() > config.deleteRetentionMs();
                    for (FileBatch fileBatch : segment.records().batches()) {
                        RecordBatch batch = fileBatch.load();
                        Filtered f = filter(batch, offsetMap, dropTombstones);
                        groupDropped += f.dropped();
                        if (f.records().sizeInBytes() > 0) {
                            out.append(f.records());
                        }
                    }
                }
                out.flush();
            } finally {
                out.close();
            }
            long groupAfter = Files.size(cleanedFile);
            if (groupDropped == 0 && group.size() == 1) {
                Files.delete(cleanedFile); // nothing to remove and nothing to merge: keep the segment as it is
                continue;
            }
            if (!log.replaceSegments(group, cleanedFile)) {
                return new CleanResult(log.topicPartition(), firstDirtyOffset, before, after, dropped, false);
            }
            before += groupBefore;
            after += groupAfter;
            dropped += groupDropped;
        }
        return new CleanResult(log.topicPartition(), Math.max(firstDirtyOffset, end), before, after, dropped, true);
    }

    /** The latest offset of each key among the records in [from, to). */
    static Map<ByteBuffer, Long> buildOffsetMap(List<LogSegment> segments, long from, long to) {
        Map<ByteBuffer, Long> map = new HashMap<>();
        for (LogSegment segment : segments) {
            for (FileBatch fileBatch : segment.records().batches()) {
                if (fileBatch.lastOffset() < from || fileBatch.isControlBatch()) {
                    continue;
                }
                if (fileBatch.baseOffset() >= to) {
                    return map;
                }
                for (Record r : fileBatch.load().recordList()) {
                    if (r.hasKey() && r.offset() >= from && r.offset() < to) {
                        map.put(ByteBuffer.wrap(r.keyBytes()), r.offset());
                    }
                }
            }
        }
        return map;
    }

    /** Consecutive segments whose total original size fits {@code maxBytes} and whose offsets fit one segment. */
    static List<List<LogSegment>> group(List<LogSegment> segments, long end, int maxBytes) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < segments.size(); i++) {
            LogSegment s = segments.get(i);
            long next = i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : end;
            boolean fits = !current.isEmpty() && size + s.size() <= maxBytes
                    && next - 1 - current.get(0).baseOffset() <= Integer.MAX_VALUE;
            if (!current.isEmpty() && !fits) {
                groups.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(s);
            size += s.size();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private record Filtered(MemoryRecords records, int dropped) {
    }

    private static Filtered filter(RecordBatch batch, Map<ByteBuffer, Long> offsetMap, boolean dropTombstones) {
        if (batch.isControlBatch()) {
            return new Filtered(MemoryRecords.readableRecords(batch.buffer().duplicate()), 0);
        }
        List<Record> records = batch.recordList();
        List<Record> kept = new ArrayList<>(records.size());
        for (Record r : records) {
            if (!r.hasKey()) {
                continue;
            }
            Long latest = offsetMap.get(ByteBuffer.wrap(r.keyBytes()));
            if (latest != null && r.offset() < latest) {
                continue;
            }
            if (!r.hasValue() && dropTombstones) {
                continue;
            }
            kept.add(r);
        }
        int dropped = records.size() - kept.size();
        if (dropped == 0) {
            return new Filtered(MemoryRecords.readableRecords(batch.buffer().duplicate()), 0);
        }
        if (kept.isEmpty()) {
            return new Filtered(MemoryRecords.EMPTY, dropped);
        }
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(Compression.of(batch.compressionType()),
                batch.timestampType(), batch.baseOffset(), batch.maxTimestamp(), batch.producerId(),
                batch.producerEpoch(), batch.baseSequence(), batch.isTransactional(), false,
                batch.partitionLeaderEpoch());
        kept.forEach(builder::appendWithOffset);
        ByteBuffer built = builder.build().buffer().duplicate();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built).flip();
        // Keep the original last offset delta: it carries the producer's last sequence and the batch's end.
        copy.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, batch.lastOffsetDelta());
        CRC32C crc = new CRC32C();
        crc.update(copy.array(), RecordBatch.ATTRIBUTES_OFFSET, copy.remaining() - RecordBatch.ATTRIBUTES_OFFSET);
        copy.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        return new Filtered(MemoryRecords.readableRecords(copy), dropped);
    }
}
