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
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * One compaction pass over one log. The cleanable range is every closed segment up to (excluding) the
 * active segment, the first segment not wholly below the log's last stable offset (undecided
 * transactions are not cleaned, as in Kafka) and the first segment holding records younger than
 * {@code min.compaction.lag.ms}.
 * An offset map (key bytes, hashed, to the latest offset) is built over the dirty part of that range
 * (from the first dirty offset on), holding at most {@code maxMapEntries} keys: as in Kafka, when the
 * map is full it ends at a batch boundary (the first dirty batch always goes in, so a pass always
 * progresses), the pass cleans only up to there, and the next pass starts from there. Then the
 * cleanable range up to the map's end is rewritten, in groups of
 * consecutive segments whose original sizes fit {@code segment.bytes}, keeping a record only if it
 * has a key, is the latest for its key, and is not a tombstone past its delete horizon (its
 * segment's largest timestamp older than {@code delete.retention.ms}). Batches keep their base
 * offset, last offset delta, producer id, epoch, base sequence, leader epoch and compression; a
 * batch left without records is dropped; the batches of aborted transactions (per the
 * {@code .txnindex}, {@link AbortedBatches}) are dropped whole and their keys not counted, as Kafka's
 * cleaner discards them; a transaction marker goes once no batch of its transaction is left
 * ({@link TransactionMarkers}) and its segment is past {@code delete.retention.ms}, with its
 * {@code .txnindex} entry, else it is kept as it is; records past the map's
 * end are kept as they are (the map knows nothing of them). Reads and writes go through an
 * {@link IoThrottler} ({@code log.cleaner.io.max.bytes.per.second}). A lone segment that
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
        long lastStableOffset = log.lastStableOffset();
        List<LogSegment> cleanable = new ArrayList<>();
        for (int i = 0; i < all.size() - 1; i++) {
            LogSegment segment = all.get(i);
            if (config.minCompactionLagMs() > 0 && nowMs - segment.largestTimestamp() < config.minCompactionLagMs()) {
                break;
            }
            if (all.get(i + 1).baseOffset() > lastStableOffset) {
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
     * Compacts {@code log} from {@code firstDirtyOffset} to the end of its cleanable range, with an
     * unbounded offset map and no throttle. Returns what it did; {@link CleanResult#firstDirtyOffset()}
     * is where the next pass starts.
     */
    public static CleanResult clean(Log log, long firstDirtyOffset, long nowMs) throws IOException {
        return clean(log, firstDirtyOffset, nowMs, Integer.MAX_VALUE, IoThrottler.unlimited(), () -> false);
    }

    /**
     * Compacts {@code log} from {@code firstDirtyOffset} as far as an offset map of at most
     * {@code maxMapEntries} keys reaches (at most to the end of the cleanable range), counting every
     * byte read and written against {@code throttler}. Between batches it checks {@code aborted}: when
     * that turns true (the cleaner is stopping), the pass ends with {@link AbortedException} and the
     * log is left as it was, as Kafka aborts a cleaning at shutdown.
     */
    public static CleanResult clean(Log log, long firstDirtyOffset, long nowMs, int maxMapEntries, IoThrottler throttler,
                                    BooleanSupplier aborted) throws IOException {
        Io io = new Io(throttler, aborted, log);
        List<LogSegment> cleanable = cleanableSegments(log, nowMs);
        long end = cleanableEnd(log, cleanable);
        LogConfig config = log.config();
        OffsetMap offsetMap = buildOffsetMap(cleanable, firstDirtyOffset, end, maxMapEntries, io,
                new AbortedBatches(log.collectAbortedTransactions(firstDirtyOffset, end)));
        long mapEnd = offsetMap.end();
        List<LogSegment> rewritten = new ArrayList<>();
        long rewriteEnd = end;
        for (LogSegment s : cleanable) {
            if (s.baseOffset() >= mapEnd && s.baseOffset() > firstDirtyOffset) {
                rewriteEnd = s.baseOffset();
                break;
            }
            rewritten.add(s);
        }
        long before = 0;
        long after = 0;
        long dropped = 0;
        List<List<LogSegment>> groups = group(rewritten, rewriteEnd, config.segmentBytes());
        AbortedBatches abortedData = new AbortedBatches(rewritten.isEmpty() ? List.of()
                : log.collectAbortedTransactions(rewritten.get(0).baseOffset(), rewriteEnd));
        TransactionMarkers markers = new TransactionMarkers();
        for (List<LogSegment> group : groups) {
            long base = group.get(0).baseOffset();
            Path cleanedFile = log.dir().resolve(LogSegment.filenamePrefix(base) + LogSegment.LOG_SUFFIX
                    + LogSegment.CLEANED_SUFFIX);
            Files.deleteIfExists(cleanedFile);
            long groupBefore = 0;
            long groupDropped = 0;
            Set<Long> removedMarkers = new HashSet<>(); // offsets of the markers this group drops
            FileRecords out = FileRecords.open(cleanedFile);
            boolean written = false;
            try {
                for (LogSegment segment : group) {
                    groupBefore += segment.size();
                    boolean dropTombstones = nowMs - segment.largestTimestamp() > config.deleteRetentionMs();
                    for (FileBatch fileBatch : segment.records().batches()) {
                        io.account(fileBatch.sizeInBytes());
                        boolean abortedBatch = abortedData.isAborted(fileBatch);
                        if (fileBatch.isControlBatch()) {
                            if (markers.onMarker(fileBatch) && dropTombstones && fileBatch.baseOffset() < offsetMap.end()) {
                                groupDropped += fileBatch.recordCount();
                                removedMarkers.add(fileBatch.baseOffset());
                                continue;
                            }
                        } else {
                            markers.onDataBatch(fileBatch);
                            if (abortedBatch && fileBatch.baseOffset() < offsetMap.end()) {
                                groupDropped += fileBatch.recordCount();
                                continue;
                            }
                        }
                        RecordBatch batch = fileBatch.load();
                        Filtered f = filter(batch, offsetMap, dropTombstones);
                        groupDropped += f.dropped();
                        if (f.records().sizeInBytes() > 0) {
                            io.account(f.records().sizeInBytes());
                            out.append(f.records());
                        }
                    }
                }
                out.flush();
                written = true;
            } finally {
                out.close();
                if (!written) {
                    Files.deleteIfExists(cleanedFile); // aborted or failed: the segments stay as they are
                }
            }
            long groupAfter = Files.size(cleanedFile);
            if (groupDropped == 0 && group.size() == 1) {
                Files.delete(cleanedFile); // nothing to remove and nothing to merge: keep the segment as it is
                continue;
            }
            // an aborted transaction whose marker went is forgotten by the index too: its data went before it
            if (!log.replaceSegments(group, cleanedFile, txn -> !removedMarkers.contains(txn.lastOffset()))) {
                return new CleanResult(log.topicPartition(), firstDirtyOffset, before, after, dropped, false);
            }
            before += groupBefore;
            after += groupAfter;
            dropped += groupDropped;
        }
        return new CleanResult(log.topicPartition(), Math.max(firstDirtyOffset, mapEnd), before, after, dropped, true);
    }

    /** A pass given up because the cleaner is stopping; nothing of the log was changed. */
    public static final class AbortedException extends IOException {
        AbortedException(String message) {
            super(message);
        }
    }

    /** Where a pass accounts its I/O: the throttle, and whether it must stop. */
    private record Io(IoThrottler throttler, BooleanSupplier aborted, Log log) {
        static Io unlimited() {
            return new Io(IoThrottler.unlimited(), () -> false, null);
        }

        /** Counts {@code bytes} read or written, sleeping as the throttle says; ends the pass if aborted. */
        void account(long bytes) throws IOException {
            abortIfStopping();
            try {
                throttler.maybeThrottle(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("log cleaner interrupted while throttled");
            }
            abortIfStopping();
        }

        private void abortIfStopping() throws AbortedException {
            if (aborted.getAsBoolean()) {
                throw new AbortedException("cleaning of " + (log == null ? "a log" : log.topicPartition())
                        + " aborted: the cleaner is stopping");
            }
        }
    }

    /**
     * The latest offset of each key among the records in [from, end), where {@code end} is
     * {@code to} or, when {@code maxEntries} keys did not leave room for the next batch, that
     * batch's base offset (the first batch from {@code from} on always goes in).
     */
    record OffsetMap(Map<ByteBuffer, Long> latest, long end) {
        /** Whether the pass may drop the record at {@code offset} with {@code key} as overwritten. */
        boolean overwritten(long offset, ByteBuffer key) {
            Long latestOffset = latest.get(key);
            return latestOffset != null && offset < latestOffset;
        }
    }

    /** The latest offset of each key among the records in [from, to), unbounded (for tests). */
    static Map<ByteBuffer, Long> buildOffsetMap(List<LogSegment> segments, long from, long to) throws IOException {
        return buildOffsetMap(segments, from, to, Integer.MAX_VALUE, Io.unlimited(), new AbortedBatches(List.of())).latest();
    }

    private static OffsetMap buildOffsetMap(List<LogSegment> segments, long from, long to, int maxEntries, Io io,
                                            AbortedBatches aborted) throws IOException {
        Map<ByteBuffer, Long> map = new HashMap<>();
        boolean first = true;
        for (LogSegment segment : segments) {
            for (FileBatch fileBatch : segment.records().batches()) {
                if (fileBatch.lastOffset() < from) {
                    continue;
                }
                if (aborted.isAborted(fileBatch) || fileBatch.isControlBatch()) {
                    continue; // an aborted transaction's keys do not overwrite committed ones
                }
                if (fileBatch.baseOffset() >= to) {
                    return new OffsetMap(map, to);
                }
                io.account(fileBatch.sizeInBytes());
                List<Record> records = fileBatch.load().recordList();
                if (!first && map.size() + records.size() > maxEntries) {
                    return new OffsetMap(map, Math.max(from, fileBatch.baseOffset()));
                }
                first = false;
                for (Record r : records) {
                    if (r.hasKey() && r.offset() >= from && r.offset() < to) {
                        map.put(ByteBuffer.wrap(r.keyBytes()), r.offset());
                    }
                }
            }
        }
        return new OffsetMap(map, to);
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

    private static Filtered filter(RecordBatch batch, OffsetMap offsetMap, boolean dropTombstones) {
        if (batch.isControlBatch() || batch.baseOffset() >= offsetMap.end()) {
            return new Filtered(MemoryRecords.readableRecords(batch.buffer().duplicate()), 0);
        }
        List<Record> records = batch.recordList();
        List<Record> kept = new ArrayList<>(records.size());
        for (Record r : records) {
            if (r.offset() >= offsetMap.end()) {
                kept.add(r); // past what the map covers: the next pass decides
                continue;
            }
            if (!r.hasKey()) {
                continue;
            }
            if (offsetMap.overwritten(r.offset(), ByteBuffer.wrap(r.keyBytes()))) {
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
