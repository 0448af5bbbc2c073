package io.gregor.core.log;

import io.gregor.core.epoch.EpochEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of one partition directory: completes interrupted swaps of cleaned segments
 * ({@code .log.swap} replaces the segments it covers, {@code .txnindex.swap} their aborted-transaction indexes), deletes leftover {@code .deleted},
 * {@code .cleaned}, other {@code .swap} and {@code .tmp} files and orphan indexes, then either trusts the files (clean
 * shutdown: only the active segment's indexes are sanity-checked now, an older segment's when they
 * are first loaded, see {@link io.gregor.core.index.LazyIndex}) or re-validates every segment from
 * the one holding the recovery point on, truncating at the first torn or corrupt batch and dropping
 * all later segments. As in Kafka, recovered segments are not forced to disk and the recovery point
 * stays at the checkpoint (capped at the log end offset) until a flush moves it, so a second crash
 * re-validates the same segments; after a clean shutdown it is the log end offset. Work is
 * proportional to the segments recovered: an empty partition maps no index and forces nothing to
 * disk. Not thread safe: used once, before the {@link Log} exists.
 */
final class LogLoader {
    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    static final List<String> LEFTOVER_SUFFIXES = List.of(".deleted", ".cleaned", ".swap", ".tmp");

    /** The loaded state a {@link Log} starts from. */
    record Loaded(TreeMap<Long, LogSegment> segments, long logStartOffset, long recoveryPoint,
                  LogOffsetMetadata logEndOffset, LoadResult result, List<EpochEntry> recoveredEpochs) {
    }

    private LogLoader() {
    }

    static Loaded load(Path dir, TopicPartition tp, LogConfig config, long logStartOffsetCheckpoint,
                       long recoveryPointCheckpoint, boolean hadCleanShutdown, long nowMs) throws IOException {
        Files.createDirectories(dir);
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        int leftovers = 0;
        if (files.stream().anyMatch(f -> f.getFileName().toString().endsWith(LogSegment.SWAP_SUFFIX))) {
            leftovers = completeSwaps(dir, tp, files);
            try (Stream<Path> listing = Files.list(dir)) {
                files = listing.filter(Files::isRegularFile).sorted().toList();
            }
        }
        List<Path> remaining = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (LEFTOVER_SUFFIXES.stream().anyMatch(name::endsWith)) {
                log.info("Deleting leftover file {} of {}", file, tp);
                Files.deleteIfExists(file);
                leftovers++;
            } else {
                remaining.add(file);
            }
        }
        TreeMap<Long, LogSegment> segments = new TreeMap<>();
        try {
            for (Path file : remaining) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogSegment.LOG_SUFFIX)) {
                    long base = LogSegment.offsetFromFileName(name);
                    segments.put(base, LogSegment.open(dir, base, config, nowMs));
                }
            }
            for (Path file : remaining) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogSegment.INDEX_SUFFIX) || name.endsWith(LogSegment.TIME_INDEX_SUFFIX)
                        || name.endsWith(LogSegment.TXN_INDEX_SUFFIX)) {
                    long base = LogSegment.offsetFromFileName(name);
                    if (!segments.containsKey(base)) {
                        log.info("Deleting index {} of {} that has no log file", file, tp);
                        Files.deleteIfExists(file);
                        leftovers++;
                    }
                }
            }
            return recover(dir, tp, config, segments, logStartOffsetCheckpoint, recoveryPointCheckpoint,
                    hadCleanShutdown, leftovers, nowMs);
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * Completes an interrupted swap of cleaned segments: a {@code <base>.log.swap} file made only of
     * whole valid batches is complete (it was fully written and flushed as {@code .cleaned} before
     * the rename), so it replaces the segment at {@code base} and every later segment whose base
     * offset falls within the swap file's offsets; their indexes are deleted and rebuilt on load. A
     * swap file that is not whole valid batches cannot come from the cleaner and is deleted. Returns
     * the number of such files deleted.
     */
    private static int completeSwaps(Path dir, TopicPartition tp, List<Path> files) throws IOException {
        String swapSuffix = LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX;
        int invalid = 0;
        for (Path swap : files) {
            String name = swap.getFileName().toString();
            if (!name.endsWith(swapSuffix)) {
                continue;
            }
            long base = LogSegment.offsetFromFileName(name);
            long lastOffset = validLastOffset(swap, base);
            if (lastOffset < 0) {
                log.warn("Deleting swap file {} of {}: it is not made of whole valid batches", swap, tp);
                Files.deleteIfExists(swap);
                invalid++;
                continue;
            }
            for (Path other : files) {
                String otherName = other.getFileName().toString();
                if (otherName.endsWith(LogSegment.LOG_SUFFIX)) {
                    long otherBase = LogSegment.offsetFromFileName(otherName);
                    if (otherBase >= base && otherBase <= lastOffset) {
                        log.info("Replacing segment {} of {} by the cleaned swap file {}", other, tp, swap);
                        Files.deleteIfExists(other);
                        Files.deleteIfExists(LogSegment.offsetIndexFile(dir, otherBase));
                        Files.deleteIfExists(LogSegment.timeIndexFile(dir, otherBase));
                        Files.deleteIfExists(LogSegment.txnIndexFile(dir, otherBase));
                    }
                }
            }
            Files.deleteIfExists(LogSegment.offsetIndexFile(dir, base));
            Files.deleteIfExists(LogSegment.timeIndexFile(dir, base));
            Files.deleteIfExists(LogSegment.txnIndexFile(dir, base));
            Path txnSwap = txnIndexSwapFile(dir, base);
            if (Files.exists(txnSwap)) {
                Files.move(txnSwap, LogSegment.txnIndexFile(dir, base), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(swap, LogSegment.logFile(dir, base), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return invalid;
    }

    /**
     * The aborted-transaction index of a cleaned segment at {@code base} while it waits to be swapped
     * in ({@code <base>.txnindex.swap}): written before the cleaned log becomes {@code .log.swap}, so
     * a completed swap always has it.
     */
    static Path txnIndexSwapFile(Path dir, long base) {
        return Path.of(LogSegment.txnIndexFile(dir, base) + LogSegment.SWAP_SUFFIX);
    }

    /** The last offset in a swap file of whole valid batches ({@code base} if empty), or -1 if it is not one. */
    private static long validLastOffset(Path swap, long base) throws IOException {
        FileRecords records = FileRecords.open(swap);
        try {
            long lastOffset = base;
            long covered = 0;
            for (FileBatch batch : records.batches()) {
                io.gregor.clients.record.RecordBatch loaded = batch.load();
                if (!loaded.isValid() || batch.baseOffset() < base) {
                    return -1;
                }
                covered += batch.sizeInBytes();
                lastOffset = batch.lastOffset();
            }
            return covered == records.sizeInBytes() ? lastOffset : -1;
        } catch (RuntimeException e) {
            return -1;
        } finally {
            records.close();
        }
    }

    /**
     * Rebuilds the indexes of a segment the recovery point says is on disk (an index was missing or
     * failed its check) and makes them durable, so that a later unclean start, which re-validates
     * only from the recovery point on, finds them whole; a segment that was and stays empty has
     * nothing to write, so nothing is forced to disk.
     */
    private static int rebuildAndFlush(LogSegment segment, List<EpochEntry> epochStarts) throws IOException {
        boolean wasEmpty = segment.size() == 0;
        int cut = segment.recover(epochStarts);
        if (!wasEmpty) {
            segment.flush();
        }
        return cut;
    }

    private static Loaded recover(Path dir, TopicPartition tp, LogConfig config, TreeMap<Long, LogSegment> segments,
                                  long logStartOffsetCheckpoint, long recoveryPointCheckpoint,
                                  boolean hadCleanShutdown, int leftovers, long nowMs) throws IOException {
        int recovered = 0;
        int rebuilt = 0;
        long truncatedBytes = 0;
        int droppedSegments = 0;
        boolean dropRest = false;
        List<EpochEntry> epochStarts = new ArrayList<>(); // where the epochs of the batches read start
        Iterator<Map.Entry<Long, LogSegment>> it = segments.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, LogSegment> entry = it.next();
            LogSegment segment = entry.getValue();
            if (dropRest) {
                log.warn("Deleting segment {} of {}: it follows a corrupt batch", segment, tp);
                segment.deleteIfExists();
                it.remove();
                droppedSegments++;
                continue;
            }
            Long nextBase = segments.higherKey(entry.getKey());
            boolean active = nextBase == null;
            boolean holdsUnflushed = active || nextBase > recoveryPointCheckpoint;
            int cut = 0;
            if (!hadCleanShutdown && holdsUnflushed) {
                // not forced to disk: the recovery point stays where it was, so a crash before the
                // next flush re-validates this segment again (Kafka does the same)
                recovered++;
                cut = segment.recover(epochStarts);
            } else if (segment.indexNeedsRebuild() || (active && segment.size() > 0 && !segment.indexesAreSane())) {
                rebuilt++;
                cut = rebuildAndFlush(segment, epochStarts);
            } else if (active) {
                segment.loadMaxTimestamp();
            }
            // an older segment's indexes are checked when first loaded, its max timestamp read when first asked for
            if (cut > 0) {
                truncatedBytes += cut;
                dropRest = true;
            }
        }
        if (segments.isEmpty()) {
            long base = Math.max(0L, logStartOffsetCheckpoint);
            segments.put(base, LogSegment.open(dir, base, config, nowMs));
        }
        LogSegment active = segments.lastEntry().getValue();
        for (LogSegment segment : segments.values()) {
            if (segment != active) {
                segment.onBecomeInactiveSegment();
            }
        }
        active.resizeIndexes();
        long logEndOffset = active.readNextOffset();
        LogOffsetMetadata endMetadata = new LogOffsetMetadata(logEndOffset, active.baseOffset(), active.size());
        long logStartOffset = Math.min(Math.max(logStartOffsetCheckpoint, segments.firstKey()), logEndOffset);
        // As Kafka: after a clean shutdown everything is on disk; otherwise the recovery point moves
        // only when a flush moves it, never past the log end offset.
        long recoveryPoint = hadCleanShutdown ? logEndOffset : Math.min(recoveryPointCheckpoint, logEndOffset);
        LoadResult result = new LoadResult(hadCleanShutdown, segments.size(), recovered, rebuilt, truncatedBytes,
                droppedSegments, leftovers, logEndOffset);
        if (rebuilt > 0 || truncatedBytes > 0 || droppedSegments > 0) {
            log.info("Loaded {} with recovery: {}", tp, result);
        } else if (recovered > 0) {
            // every log after an unclean shutdown: the log manager's start line counts them
            log.debug("Loaded {} with recovery: {}", tp, result);
        }
        return new Loaded(segments, logStartOffset, recoveryPoint, endMetadata, result, List.copyOf(epochStarts));
    }
}
