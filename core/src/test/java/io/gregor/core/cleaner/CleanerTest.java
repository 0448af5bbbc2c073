package io.gregor.core.cleaner;

import static io.gregor.core.cleaner.CompactionFixture.batch;
import static io.gregor.core.cleaner.CompactionFixture.batchesOf;
import static io.gregor.core.cleaner.CompactionFixture.compacted;
import static io.gregor.core.cleaner.CompactionFixture.readRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.cleaner.CompactionFixture.KeyedRecord;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanerTest {
    private static final int KEYS = 100;
    private static final int VERSIONS = 50;

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(1_000_000L);

    private Log open(String name, LogConfig config, boolean clean) throws IOException {
        return Log.open(root.resolve(name), config, 0L, 0L, clean, clock::get, null);
    }

    /** 100 keys x 50 versions, ten keys a batch; every version's offsets are v*100 + k. */
    private void writeOverwrites(Log log, Compression compression) throws IOException {
        for (int v = 0; v < VERSIONS; v++) {
            for (int k = 0; k < KEYS; k += 10) {
                String[] keys = new String[10];
                for (int i = 0; i < 10; i++) {
                    keys[i] = "key-" + (k + i);
                }
                log.appendAsLeader(batch(clock.get(), "v" + v, compression, keys), 0);
            }
        }
    }

    @Test
    void manyOverwritesShrinkToTheLatestValuePerKeyWithOffsetsPreservedAndTheActiveSegmentUntouched()
            throws IOException {
        try (Log log = open("keyed-0", compacted(2048), true)) {
            writeOverwrites(log, Compression.of(CompressionType.GZIP));
            log.roll();
            log.appendAsLeader(batch(clock.get(), "active", "key-0", "key-1"), 0);
            int segmentsBefore = log.numberOfSegments();
            long sizeBefore = log.size();

            CleanResult result = Cleaner.clean(log, 0L, clock.get());

            assertTrue(result.complete());
            assertEquals(KEYS * VERSIONS, result.firstDirtyOffset());
            assertEquals(KEYS * (VERSIONS - 1), result.recordsDropped());
            List<KeyedRecord> records = readRecords(log);
            assertEquals(KEYS + 2, records.size());
            for (int k = 0; k < KEYS; k++) {
                KeyedRecord r = records.get(k);
                assertEquals("key-" + k, r.key());
                assertEquals("v" + (VERSIONS - 1), r.value());
                assertEquals((long) (VERSIONS - 1) * KEYS + k, r.offset());
            }
            assertEquals(new KeyedRecord(KEYS * VERSIONS, "key-0", "active"), records.get(KEYS));
            assertEquals(KEYS * VERSIONS + 2, log.logEndOffset());
            assertTrue(log.size() < sizeBefore / 10, log.size() + " vs " + sizeBefore);
            assertEquals(CompressionType.GZIP, CompactionFixture.readBatches(log).get(0).compressionType());

            // Segments are grouped by their size before cleaning (as Kafka does): the next pass merges the small ones.
            Cleaner.clean(log, result.firstDirtyOffset(), clock.get());
            assertEquals(2, log.numberOfSegments(), "one cleaned segment and the active one (from " + segmentsBefore + ")");
            assertEquals(records, readRecords(log));
        }
    }

    @Test
    void aReadAtARemovedOffsetReturnsTheNextSurvivingRecord() throws IOException {
        try (Log log = open("keyed-0", compacted(2048), true)) {
            writeOverwrites(log, Compression.NONE);
            log.roll();
            Cleaner.clean(log, 0L, clock.get());

            List<RecordBatch> got = batchesOf(log.read(123, 1, Long.MAX_VALUE, true));
            assertFalse(got.isEmpty());
            long firstOffset = got.get(0).recordList().get(0).offset();
            assertEquals((long) (VERSIONS - 1) * KEYS, firstOffset);
            assertTrue(got.get(0).lastOffset() >= 123);
        }
    }

    @Test
    void tombstonesAreKeptBeforeDeleteRetentionAndRemovedAfter() throws IOException {
        LogConfig config = compacted(1024).with(Map.of(LogConfig.DELETE_RETENTION_MS, "60000"));
        try (Log log = open("tomb-0", config, true)) {
            for (int v = 0; v < 20; v++) {
                log.appendAsLeader(batch(clock.get(), "v" + v, "a", "b"), 0);
            }
            log.appendAsLeader(batch(clock.get(), null, "a"), 0);
            log.roll();
            log.appendAsLeader(batch(clock.get(), "live", "c"), 0);

            clock.addAndGet(59_000);
            Cleaner.clean(log, 0L, clock.get());
            List<KeyedRecord> before = readRecords(log);
            assertEquals(List.of(new KeyedRecord(39, "b", "v19"), new KeyedRecord(40, "a", null),
                    new KeyedRecord(41, "c", "live")), before);

            clock.addAndGet(2_000);
            CleanResult again = Cleaner.clean(log, 41L, clock.get());
            assertEquals(1, again.recordsDropped());
            assertEquals(List.of(new KeyedRecord(39, "b", "v19"), new KeyedRecord(41, "c", "live")),
                    readRecords(log));
        }
    }

    @Test
    void recordsWithoutKeyAreDropped() throws IOException {
        try (Log log = open("nokey-0", compacted(1024), true)) {
            var b = io.gregor.clients.record.MemoryRecordsBuilder.builder(Compression.NONE, 0L);
            b.append(clock.get(), (byte[]) null, "orphan".getBytes());
            b.append(clock.get(), "k".getBytes(), "kept".getBytes());
            log.appendAsLeader(b.build(), 0);
            log.roll();
            CleanResult result = Cleaner.clean(log, 0L, clock.get());
            assertEquals(1, result.recordsDropped());
            assertEquals(List.of(new KeyedRecord(1, "k", "kept")), readRecords(log));
            assertEquals(1, CompactionFixture.readBatches(log).get(0).lastOffsetDelta());
        }
    }

    @Test
    void leftoverCleanedFilesAreDeletedAndSwapFilesCompletedAtOpen() throws IOException {
        LogConfig config = compacted(2048);
        try (Log cleaned = open("a-0", config, true); Log crashed = open("b-0", config, true)) {
            writeOverwrites(cleaned, Compression.NONE);
            clock.set(1_000_000L);
            writeOverwrites(crashed, Compression.NONE);
            cleaned.roll();
            crashed.roll();
            Cleaner.clean(cleaned, 0L, clock.get());
        }
        Path a = root.resolve("a-0");
        Path b = root.resolve("b-0");
        // b crashed after renaming its cleaned files to .swap, with another pass's .cleaned file half written.
        List<Path> swaps = new java.util.ArrayList<>();
        try (var files = Files.list(a)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                if (!f.equals(LogSegment.logFile(a, KEYS * VERSIONS))) {
                    Path swap = b.resolve(f.getFileName() + ".swap");
                    Files.copy(f, swap);
                    swaps.add(swap);
                }
            }
        }
        assertTrue(swaps.size() > 10);
        Path halfCleaned = b.resolve(LogSegment.filenamePrefix(4900) + ".log.cleaned");
        Files.write(halfCleaned, new byte[] {1, 2, 3});
        try (Log reference = open("a-0", config, true); Log recovered = open("b-0", config, false)) {
            assertFalse(Files.exists(halfCleaned));
            swaps.forEach(swap -> assertFalse(Files.exists(swap), swap + " left"));
            assertEquals(readRecords(reference), readRecords(recovered));
            assertEquals(KEYS, readRecords(recovered).size());
            assertEquals(reference.numberOfSegments(), recovered.numberOfSegments());
            assertEquals(KEYS * VERSIONS, recovered.logEndOffset());
            recovered.appendAsLeader(batch(clock.get(), "after", "key-0"), 0);
            assertEquals(KEYS * VERSIONS + 1, recovered.logEndOffset());
        }
    }

    @Test
    void aCommitLikeLoopOverAFewKeysStaysBoundedInSize() throws IOException {
        LogConfig config = compacted(1024);
        try (Log log = open("offsets-0", config, true)) {
            LogCleaner cleaner = new LogCleaner(List.of(root), 1, 1000L, () -> List.of(log), clock::get);
            long maxSize = 0;
            Map<String, String> latest = new HashMap<>();
            for (int i = 0; i < 2_000; i++) {
                String key = "group-" + (i % 5);
                String value = "offset-" + i;
                log.appendAsLeader(batch(clock.get(), value, key), 0);
                latest.put(key, value);
                if (i % 25 == 0) {
                    cleaner.cleanOnce();
                }
                maxSize = Math.max(maxSize, log.size());
            }
            assertTrue(maxSize < 12 * 1024, "log grew to " + maxSize + " bytes");
            assertTrue(log.numberOfSegments() < 20, "segments: " + log.numberOfSegments());
            Map<String, String> read = new HashMap<>();
            for (KeyedRecord r : readRecords(log)) {
                read.put(r.key(), r.value());
            }
            assertEquals(latest, read);
            assertTrue(Files.exists(root.resolve(LogCleaner.CHECKPOINT_FILE)));
        }
    }

    @Test
    void aSmallDedupeBufferCleansInSeveralPassesToTheSameResult() throws IOException {
        try (Log bounded = open("bounded-0", compacted(2048), true); Log unbounded = open("unbounded-0", compacted(2048), true)) {
            for (Log log : List.of(bounded, unbounded)) {
                writeOverwrites(log, Compression.NONE);
                log.roll();
            }
            Cleaner.clean(unbounded, 0L, clock.get());

            // room for 50 keys a pass: five batches of ten keys
            long firstDirty = 0;
            int passes = 0;
            while (firstDirty < KEYS * VERSIONS) {
                CleanResult pass = Cleaner.clean(bounded, firstDirty, clock.get(), 50, IoThrottler.unlimited(),
                        () -> false);
                assertTrue(pass.complete());
                assertTrue(pass.firstDirtyOffset() > firstDirty, "a pass always progresses");
                assertEquals(50, pass.firstDirtyOffset() - firstDirty, "a pass maps five batches");
                firstDirty = pass.firstDirtyOffset();
                passes++;
            }
            assertEquals(KEYS * VERSIONS / 50, passes);
            assertEquals(readRecords(unbounded), readRecords(bounded));
            assertEquals(KEYS, readRecords(bounded).size());
        }
    }

    @Test
    void aTombstoneBeyondAFullOffsetMapIsKeptUntilAPassCoversIt() throws IOException {
        LogConfig config = compacted(2048);
        try (Log log = open("tombstones-0", config, true)) {
            log.appendAsLeader(batch(clock.get(), "v0", "a"), 0);
            log.appendAsLeader(batch(clock.get(), "v0", "b"), 0);
            log.appendAsLeader(batch(clock.get(), null, "a"), 0);
            log.roll();
            clock.addAndGet(config.deleteRetentionMs() + 1);
            // the map holds one batch: only offset 0 is covered, the tombstone of "a" must survive
            CleanResult first = Cleaner.clean(log, 0L, clock.get(), 1, IoThrottler.unlimited(), () -> false);
            assertEquals(1L, first.firstDirtyOffset());
            assertEquals(3, readRecords(log).size());
            long firstDirty = first.firstDirtyOffset();
            while (firstDirty < 3) {
                firstDirty = Cleaner.clean(log, firstDirty, clock.get(), 1, IoThrottler.unlimited(), () -> false).firstDirtyOffset();
            }
            Cleaner.clean(log, 0L, clock.get(), 10, IoThrottler.unlimited(), () -> false);
            assertEquals(List.of(new KeyedRecord(1, "b", "v0")), readRecords(log));
        }
    }

    @Test
    void aPassReadsAndWritesNoFasterThanTheThrottleAllows() throws IOException {
        try (Log log = open("throttled-0", compacted(2048), true)) {
            writeOverwrites(log, Compression.NONE);
            log.roll();
            long size = log.size();
            // the pass reads the dirty part for its map, then every segment again, and writes the survivors:
            // a little over twice the log's bytes, at the log's size per second
            IoThrottler throttler = new IoThrottler(size, System::nanoTime);
            long start = System.nanoTime();
            Cleaner.clean(log, 0L, clock.get(), Integer.MAX_VALUE, throttler, () -> false);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 1_700 && elapsedMs < 10_000, "took " + elapsedMs + " ms for " + size + " bytes");
            assertEquals(KEYS, readRecords(log).size());
        }
    }
}
