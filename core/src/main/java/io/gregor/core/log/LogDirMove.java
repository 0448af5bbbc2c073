package io.gregor.core.log;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Records;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data work of moving a replica's log to another log directory of the same broker
 * (AlterReplicaLogDirs), as Kafka does it: a future log in {@code <dest>/<tp>.<id>}{@value #FUTURE_SUFFIX}
 * is filled with the current log's batches, read from the current log and appended as a follower
 * appends (offsets and leader epochs kept), while the current log keeps taking appends; the swap
 * ({@link LogManager#replaceCurrentWithFutureLog}) copies the last batches under the partition's
 * lock. Stateless.
 */
final class LogDirMove {
    /** Suffix of a log directory being built by a move; one left at startup is an unfinished move. */
    static final String FUTURE_SUFFIX = "-future";
    /** Suffix of a log directory whose data moved elsewhere and which is being deleted. */
    static final String DELETE_SUFFIX = "-delete";
    /** Bytes read from the current log per step of the copy. */
    static final int READ_BYTES = 1 << 20;

    private LogDirMove() {
    }

    /**
     * Appends to {@code future} the batches of {@code current} from the future's log end offset up
     * to the current log end offset (restarting the future at the current log start offset if that
     * moved past it); returns the bytes copied.
     */
    static long catchUp(Log current, Log future) throws IOException {
        return catchUp(current, future, Long.MAX_VALUE);
    }

    /** As {@link #catchUp(Log, Log)}, stopping once {@code maxBytes} were copied (at least one batch if any is there). */
    static long catchUp(Log current, Log future, long maxBytes) throws IOException {
        long copied = 0;
        while (future.logEndOffset() < current.logEndOffset() && copied < maxBytes) {
            if (future.logEndOffset() < current.logStartOffset()) {
                future.truncateFullyAndStartAt(current.logStartOffset());
                continue;
            }
            int readBytes = (int) Math.min(READ_BYTES, maxBytes - copied);
            FetchDataInfo read = current.read(future.logEndOffset(), readBytes, current.logEndOffset(), true);
            if (read.isEmpty()) {
                break;
            }
            MemoryRecords whole = wholeBatches(inMemory(read.records()));
            if (whole.sizeInBytes() == 0) {
                break;
            }
            future.appendAsFollower(whole);
            copied += whole.sizeInBytes();
        }
        return copied;
    }

    private static MemoryRecords inMemory(Records records) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(records.sizeInBytes());
        if (records instanceof FileRecords file) {
            file.readFully(buffer, 0);
        } else if (records instanceof MemoryRecords memory) {
            buffer.put(memory.buffer().duplicate());
        } else {
            throw new IllegalStateException("unexpected records " + records.getClass());
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    /** The whole batches at the start of {@code read} (a size-limited read may cut the last one). */
    private static MemoryRecords wholeBatches(MemoryRecords read) {
        ByteBuffer buffer = read.buffer();
        int start = buffer.position();
        int position = start;
        while (buffer.limit() - position >= RecordBatch.LOG_OVERHEAD) {
            int batchSize = RecordBatch.LOG_OVERHEAD + buffer.getInt(position + RecordBatch.LENGTH_OFFSET);
            if (batchSize <= RecordBatch.LOG_OVERHEAD || buffer.limit() - position < batchSize) {
                break;
            }
            position += batchSize;
        }
        return position == buffer.limit() ? read
                : MemoryRecords.readableRecords(buffer.duplicate().limit(position).position(start).slice());
    }

    /**
     * Truncates {@code future} to the offset where it stops agreeing with {@code current}: the end
     * of the future's latest leader epoch in the current log (Kafka's follower truncation by leader
     * epoch), and never beyond the current log end offset.
     */
    static void truncateToAgreeWith(Log current, Log future) throws IOException {
        long target = Math.min(future.logEndOffset(), current.logEndOffset());
        java.util.Optional<Integer> latest = future.leaderEpochCache().latestEpoch();
        if (latest.isPresent()) {
            io.gregor.core.epoch.EpochEndOffset inCurrent = current.endOffsetForEpoch(latest.get());
            if (inCurrent.leaderEpoch() == io.gregor.core.epoch.EpochEndOffset.UNDEFINED_EPOCH) {
                target = current.logStartOffset();
            } else if (inCurrent.leaderEpoch() < latest.get()) {
                target = Math.min(target, Math.min(inCurrent.endOffset(),
                        future.endOffsetForEpoch(inCurrent.leaderEpoch()).endOffset()));
            } else {
                target = Math.min(target, inCurrent.endOffset());
            }
        }
        if (target < future.logStartOffset() || target < current.logStartOffset()) {
            future.truncateFullyAndStartAt(current.logStartOffset());
        } else if (target < future.logEndOffset()) {
            future.truncateTo(target);
        }
    }

    /**
     * Records the aborted transactions of {@code current}'s {@code .txnindex} files in {@code future}'s
     * (its segments are cut elsewhere, so entries are placed by their marker offset, not copied as files);
     * those whose marker is below the future log's start are left out.
     */
    static void copyAbortedTxns(Log current, Log future) throws IOException {
        for (LogSegment segment : current.segments()) {
            for (io.gregor.core.index.AbortedTxn txn : segment.txnIndex().allAbortedTxns()) {
                if (txn.lastOffset() >= future.logStartOffset()) {
                    future.recordAbortedTxn(txn);
                }
            }
        }
    }

    /** Copies the producer-state snapshots of {@code from} into {@code to} (the moved log then loads its producers at once). */
    static void copySnapshots(Path from, Path to) throws IOException {
        List<Path> snapshots;
        try (Stream<Path> listing = Files.list(from)) {
            snapshots = listing.filter(f -> f.getFileName().toString().endsWith(".snapshot")).toList();
        }
        for (Path snapshot : snapshots) {
            Files.copy(snapshot, to.resolve(snapshot.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            force(to.resolve(snapshot.getFileName().toString()));
        }
    }

    /** Forces a file, or a directory's entries, to disk. */
    static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
