package io.gregor.replication.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producer state across restarts and truncations: snapshots taken at segment rolls and at a clean
 * shutdown, loads from the newest usable snapshot plus the tail, always equal to a full scan.
 */
class ProducerStateRecoveryTest {
    @TempDir
    Path tmp;

    private final List<Log> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() throws IOException {
        for (Log log : opened) {
            log.close();
        }
    }

    /** Small segments so that a few dozen batches roll several times. */
    private static LogConfig config(int segmentBytes) {
        return LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)));
    }

    private Log open(Path dir, int segmentBytes) throws IOException {
        Log log = Log.open(dir, config(segmentBytes));
        opened.add(log);
        return log;
    }

    private void close(Log log) throws IOException {
        log.close();
        opened.remove(log);
    }

    /** A producer as the test drives it: its id, epoch and next sequence. */
    private static final class Producer {
        final long id;
        short epoch;
        int nextSeq;

        Producer(long id, int firstSeq) {
            this.id = id;
            this.nextSeq = firstSeq;
        }
    }

    private static MemoryRecords batch(Producer p, int records, long timestamp) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, p.id, p.epoch, p.nextSeq, false, false, 0);
        for (int i = 0; i < records; i++) {
            b.append(timestamp + i, null, new byte[40]);
        }
        p.nextSeq = (int) (((long) p.nextSeq + records) % ((long) Integer.MAX_VALUE + 1));
        return b.build();
    }

    /** Appends as the partition leader does: check, append, then record the batch with its assigned offsets. */
    private static RecordBatch append(Log log, ProducerStateManager state, MemoryRecords records) throws IOException {
        RecordBatch batch = records.batches().iterator().next();
        assertTrue(state.check(batch).isEmpty(), "a new batch: " + batch);
        log.appendAsLeader(records, 0);
        state.update(batch);
        return batch;
    }

    /**
     * Appends {@code count} batches from four new producers with ids from {@code firstId} on (the
     * second starts near the sequence wrap, the third bumps its epoch now and then).
     */
    private static List<RecordBatch> appendMany(Log log, ProducerStateManager state, int count, Random random,
                                                long firstId) throws IOException {
        List<Producer> producers = List.of(new Producer(firstId, 0), new Producer(firstId + 1, Integer.MAX_VALUE - 20),
                new Producer(firstId + 2, 0), new Producer(firstId + 3, 0));
        List<RecordBatch> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Producer p = producers.get(random.nextInt(producers.size()));
            if (p.id == firstId + 2 && random.nextInt(10) == 0) {
                p.epoch++;
                p.nextSeq = 0;
            }
            written.add(append(log, state, batch(p, 1 + random.nextInt(4), 1_000_000L + i)));
        }
        return written;
    }

    private static NavigableMap<Long, Path> snapshots(Log log) throws IOException {
        return ProducerSnapshotFile.list(log.dir());
    }

    /** The state a load gives once every snapshot is gone: the full scan of the log's batch headers. */
    private static List<ProducerSnapshotFile.Entry> fullScan(Log log) throws IOException {
        for (Path snapshot : snapshots(log).values()) {
            Files.delete(snapshot);
        }
        ProducerStateManager scanned = ProducerStateManager.load(log);
        assertEquals(-1L, scanned.loadedSnapshotOffset());
        return scanned.snapshotEntries();
    }

    @Test
    void aRolledLogReloadsFromTheNewestSnapshotPlusTheTailAsAFullScanWould() throws IOException {
        Log log = open(tmp.resolve("t-0"), 2_000);
        ProducerStateManager live = ProducerStateManager.load(log);
        int batches = 80;
        appendMany(log, live, batches, new Random(1), 1000);
        assertTrue(log.numberOfSegments() > 5, "segments: " + log.numberOfSegments());
        assertFalse(snapshots(log).isEmpty(), "rolls took snapshots");
        log.flush(); // as the broker's background flush after each roll does: the recovery point reaches the log end

        ProducerStateManager loaded = ProducerStateManager.load(log);

        assertEquals(log.activeSegment().baseOffset(), loaded.loadedSnapshotOffset(), "the snapshot of the last roll");
        assertTrue(loaded.batchesReadAtLoad() < batches / 4, "read " + loaded.batchesReadAtLoad() + " headers");
        assertEquals(live.snapshotEntries(), loaded.snapshotEntries());
        assertEquals(live.snapshotEntries(), fullScan(log));
    }

    @Test
    void afterACleanShutdownSnapshotTheLoadReadsNoBatchAndStillKnowsTheLastFiveBatches() throws IOException {
        Path dir = tmp.resolve("t-0");
        Log log = open(dir, 700);
        ProducerStateManager live = ProducerStateManager.load(log);
        Producer p = new Producer(77, 0);
        for (int i = 0; i < 12; i++) {
            append(log, live, batch(p, 3, 5_000L + i)); // batch i: sequences and offsets 3i..3i+2
        }
        assertTrue(log.numberOfSegments() > 2);
        live.takeSnapshot();
        close(log);

        Log reopened = open(dir, 700);
        ProducerStateManager loaded = ProducerStateManager.load(reopened);

        assertEquals(reopened.logEndOffset(), loaded.loadedSnapshotOffset());
        assertEquals(0, loaded.batchesReadAtLoad());
        assertEquals(live.snapshotEntries(), loaded.snapshotEntries());
        for (int i = 7; i < 12; i++) { // retries of the last five batches, some written before a roll
            RecordBatch retry = batch(new Producer(77, 3 * i), 3, 5_000L + i).batches().iterator().next();
            assertEquals(3L * i, loaded.check(retry).orElseThrow().firstOffset(), "retry of batch " + i);
        }
        RecordBatch sixth = batch(new Producer(77, 3 * 6), 3, 5_006L).batches().iterator().next();
        ProducerStateException older = assertThrows(ProducerStateException.class, () -> loaded.check(sixth));
        assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, older.error());
    }

    @Test
    void truncationDeletesTheSnapshotsAboveTheNewLogEndAndReloadsAsAFullScanWould() throws IOException {
        Log log = open(tmp.resolve("t-0"), 2_000);
        ProducerStateManager live = ProducerStateManager.load(log);
        appendMany(log, live, 60, new Random(2), 1000);
        NavigableMap<Long, Path> before = snapshots(log);
        assertTrue(before.size() >= 2, "snapshots: " + before.keySet());
        long target = before.lastKey() - 1; // inside the last batch below the newest snapshot
        log.flush();

        assertTrue(log.truncateTo(target));
        ProducerStateManager reloaded = ProducerStateManager.load(log);

        assertTrue(log.logEndOffset() <= target);
        assertEquals(before.headMap(log.logEndOffset(), true).keySet(), snapshots(log).keySet());
        assertEquals(before.lowerKey(before.lastKey()), reloaded.loadedSnapshotOffset());
        List<ProducerSnapshotFile.Entry> fromSnapshot = reloaded.snapshotEntries();
        assertEquals(fullScan(log), fromSnapshot);
    }

    @Test
    void aCorruptSnapshotIsLoggedDeletedAndTheNextOlderOneOrAFullScanIsUsed() throws IOException {
        Log log = open(tmp.resolve("t-0"), 2_000);
        ProducerStateManager live = ProducerStateManager.load(log);
        appendMany(log, live, 60, new Random(3), 1000);
        NavigableMap<Long, Path> snapshots = snapshots(log);
        assertTrue(snapshots.size() >= 2);
        Path newest = snapshots.lastEntry().getValue();
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(newest, bytes);
        log.flush();

        ProducerStateManager loaded = ProducerStateManager.load(log);

        assertFalse(Files.exists(newest), "the corrupt snapshot is deleted");
        assertEquals(snapshots.lowerKey(snapshots.lastKey()), loaded.loadedSnapshotOffset());
        assertEquals(live.snapshotEntries(), loaded.snapshotEntries());

        for (Path snapshot : snapshots(log).values()) {
            Files.write(snapshot, new byte[] {0, 1, 2});
        }
        ProducerStateManager scanned = ProducerStateManager.load(log);
        assertEquals(-1L, scanned.loadedSnapshotOffset());
        assertTrue(snapshots(log).isEmpty());
        assertEquals(live.snapshotEntries(), scanned.snapshotEntries());
    }

    @Test
    void atMostThreeSnapshotsAreKeptAndNoneBelowTheLogStart() throws IOException {
        Log log = open(tmp.resolve("t-0"), 1_000);
        ProducerStateManager live = ProducerStateManager.load(log);
        appendMany(log, live, 100, new Random(4), 1000);
        assertTrue(log.numberOfSegments() > 10);
        assertEquals(ProducerStateManager.SNAPSHOTS_RETAINED, snapshots(log).size());

        long newStart = log.segments().get(log.numberOfSegments() - 2).baseOffset() + 1;
        log.maybeIncrementLogStartOffset(newStart);
        appendMany(log, live, 10, new Random(5), 2000); // rolls at least once more
        log.flush();

        assertTrue(snapshots(log).keySet().stream().allMatch(offset -> offset >= newStart), "left: " + snapshots(log).keySet());
        ProducerStateManager loaded = ProducerStateManager.load(log);
        assertTrue(loaded.loadedSnapshotOffset() >= newStart);
        assertEquals(fullScan(log), loaded.snapshotEntries(), "batches of deleted segments are gone, as in a full scan");
    }

    @Test
    void aSnapshotAboveTheRecoveryPointIsNotUsed() throws IOException {
        Log log = open(tmp.resolve("t-0"), 2_000);
        ProducerStateManager live = ProducerStateManager.load(log);
        appendMany(log, live, 40, new Random(6), 1000);
        assertFalse(snapshots(log).isEmpty());
        assertEquals(0L, log.recoveryPoint(), "nothing flushed yet");

        ProducerStateManager loaded = ProducerStateManager.load(log);

        assertEquals(-1L, loaded.loadedSnapshotOffset());
        assertFalse(snapshots(log).isEmpty(), "kept for a later load");
        assertEquals(live.snapshotEntries(), loaded.snapshotEntries());
    }

    @Test
    void anEmptyLogWithoutASnapshotGetsNoneAtShutdownAndLoadsEmpty() throws IOException {
        Log log = open(tmp.resolve("idle-0"), 2_000);
        ProducerStateManager live = ProducerStateManager.load(log);
        live.takeSnapshot();
        assertTrue(snapshots(log).isEmpty(), "nothing to remember: no file is written and forced");
        close(log);

        Log reopened = open(tmp.resolve("idle-0"), 2_000);
        ProducerStateManager loaded = ProducerStateManager.load(reopened);
        assertEquals(0, loaded.producerCount());
        assertEquals(0, loaded.batchesReadAtLoad());
        close(reopened);
    }

    @Test
    void aStateKeptInMemoryOnlyWritesNoSnapshot() {
        ProducerStateManager memory = new ProducerStateManager();
        memory.update(ProducerStateManagerTest.batch(1, (short) 0, 0, 2, 0));
        memory.takeSnapshot();
        assertEquals(1, memory.producerCount());
    }

    @Property(tries = 25)
    void reloadingAfterAnyTruncationEqualsAFullScan(@ForAll @IntRange(min = 20, max = 90) int batches,
                                                     @ForAll @IntRange(min = 600, max = 4_000) int segmentBytes,
                                                     @ForAll @IntRange(min = 0, max = 100) int truncatePercent,
                                                     @ForAll long seed) throws IOException {
        Path parent = Files.createTempDirectory("producer-state"); // jqwik does not inject @TempDir
        Log log = Log.open(parent.resolve("p-0"), config(segmentBytes));
        try {
            ProducerStateManager live = ProducerStateManager.load(log);
            List<RecordBatch> written = appendMany(log, live, batches, new Random(seed), 1000);
            log.flush();
            if (truncatePercent < 100) {
                log.truncateTo(written.get(written.size() * truncatePercent / 100).baseOffset());
            }
            List<ProducerSnapshotFile.Entry> reloaded = ProducerStateManager.load(log).snapshotEntries();
            if (truncatePercent == 100) {
                assertEquals(live.snapshotEntries(), reloaded);
            }
            assertEquals(fullScan(log), reloaded);
        } finally {
            log.delete();
            Files.delete(parent);
        }
    }
}
