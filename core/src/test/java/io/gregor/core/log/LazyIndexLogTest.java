package io.gregor.core.log;

import static io.gregor.core.log.LogFixture.batch;
import static io.gregor.core.log.LogFixture.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gregor.clients.record.RecordBatch;
import io.gregor.core.index.OffsetIndex;
import io.gregor.core.index.OffsetPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: idle partitions and old segments map no index until it is used. */
class LazyIndexLogTest {
    @TempDir
    Path tmp;
    final LogFixture fx = new LogFixture();

    private Path dir() {
        return tmp.resolve("idle-0");
    }

    private static final LogConfig SMALL = config(600, 100);

    @Test
    void aPartitionThatNeverReceivedDataMapsNoIndexBeforeOrAfterACleanOrUncleanRestart() throws IOException {
        assumeTrue(Files.exists(Path.of("/proc/self/maps")), "counts mappings through /proc (Linux)");
        LogManagerConfig cfg = LogManagerConfig.defaults(List.of(tmp.resolve("data")), 0, null);
        List<TopicPartition> tps = List.of(new TopicPartition("idle", 0), new TopicPartition("idle", 1));
        try (LogManager manager = new LogManager(cfg)) {
            manager.startup();
            for (TopicPartition tp : tps) {
                Log log = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
                assertFalse(log.activeSegment().indexesLoaded());
                assertTrue(Files.exists(LogSegment.offsetIndexFile(log.dir(), 0)), "the files are laid out as Kafka's");
                assertTrue(Files.exists(LogSegment.timeIndexFile(log.dir(), 0)));
            }
            assertEquals(0, mappingsUnder(tmp.resolve("data")));
        }
        try (LogManager manager = new LogManager(cfg)) {
            manager.startup();
            assertTrue(manager.loadResults().get(tps.get(0)).hadCleanShutdown());
            assertEquals(0, mappingsUnder(tmp.resolve("data")));
            for (TopicPartition tp : tps) {
                assertFalse(manager.getLog(tp).orElseThrow().activeSegment().indexesLoaded());
            }
        }
        // as after kill -9: the log is opened as not cleanly shut down
        try (Log log = Log.open(tmp.resolve("data").resolve("idle-0"), LogConfig.DEFAULT, 0L, 0L, false,
                fx.clock::get, null)) {
            assertEquals(1, log.loadResult().segmentsRecovered());
            assertFalse(log.activeSegment().indexesLoaded(), "recovering an empty segment maps nothing");
            log.appendAsLeader(batch(3, 10), 0);
            assertEquals(3, log.logEndOffset());
            assertEquals(3, LogFixture.readAll(log).stream().mapToInt(b -> (int) (b.nextOffset() - b.baseOffset())).sum());
        }
    }

    @Test
    void anOldSegmentMapsItsIndexesOnlyWhenRead() throws IOException {
        long[] bases = writeSegments();
        try (Log log = fx.open(dir(), SMALL)) {
            List<LogSegment> segments = log.segments();
            assertTrue(segments.size() >= 4, "segments: " + segments.size());
            for (LogSegment s : segments.subList(0, segments.size() - 1)) {
                assertFalse(s.indexesLoaded(), "not read yet: " + s);
            }
            LogSegment second = segments.get(1);
            long inSecond = second.baseOffset() + 1;
            RecordBatch read = LogFixture.batchesOf(log.read(inSecond, 1, Long.MAX_VALUE, true)).get(0);
            assertTrue(read.baseOffset() <= inSecond && inSecond <= read.lastOffset());
            assertTrue(second.indexesLoaded(), "a read looks its offset up in the index");
            assertFalse(segments.get(0).indexesLoaded());
            assertFalse(segments.get(2).indexesLoaded());
            assertEquals(bases[1], second.baseOffset());
        }
    }

    @Test
    void lazilyOpenedIndexesAppendAndLookUpAcrossRestartRollAndTruncation() throws IOException {
        writeSegments();
        List<List<OffsetPosition>> expected;
        long end;
        try (Log log = fx.open(dir(), SMALL)) {
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(batch(2, 30), 0); // appends to the reloaded active segment, and rolls
            }
            end = log.logEndOffset();
            assertEveryOffsetReadable(log);
            expected = new ArrayList<>();
            for (LogSegment s : log.segments()) {
                expected.add(entries(s.offsetIndex()));
            }
        }
        try (Log log = fx.openAfterCrash(dir(), SMALL)) {
            for (int s = 0; s < log.segments().size(); s++) {
                assertEquals(expected.get(s), entries(log.segments().get(s).offsetIndex()), "rebuilt the same, segment " + s);
            }
        }
        try (Log log = fx.open(dir(), SMALL)) {
            assertEquals(end, log.logEndOffset());
            LogSegment third = log.segments().get(2);
            assertFalse(third.indexesLoaded());
            long target = third.baseOffset() + 3;
            assertTrue(log.truncateTo(target));
            assertEquals(log.activeSegment(), third);
            assertTrue(log.logEndOffset() <= target);
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(2, 30), 0);
            }
            assertEveryOffsetReadable(log);
            end = log.logEndOffset();
        }
        try (Log log = fx.open(dir(), SMALL)) {
            assertEquals(end, log.logEndOffset());
            assertEveryOffsetReadable(log);
        }
    }

    @Test
    void segmentsWhoseIndexesWereNeverOpenedAreRenamedToDeletedAndThenDeleted() throws IOException {
        long[] bases = writeSegments();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Log log = Log.open(dir(), SMALL.with(Map.of(LogConfig.FILE_DELETE_DELAY_MS, "200")), 0L, 0L, true,
                fx.clock::get, scheduler)) {
            LogSegment first = log.segments().get(0);
            assertFalse(first.indexesLoaded());
            log.updateHighWatermark(bases[2]);
            assertTrue(log.maybeIncrementLogStartOffset(bases[2]));
            for (long base : new long[] {bases[0], bases[1]}) {
                for (Path f : segmentFiles(base)) {
                    assertFalse(Files.exists(f), f + " renamed");
                    assertTrue(Files.exists(Path.of(f + LogSegment.DELETED_SUFFIX)), f + ".deleted");
                }
            }
            assertFalse(first.indexesLoaded(), "renaming does not map");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Stream<Path> files = Files.list(dir())) {
                    return files.noneMatch(f -> f.toString().endsWith(LogSegment.DELETED_SUFFIX));
                }
            });
            assertEquals(bases[2], log.logStartOffset());
            assertEveryOffsetReadable(log);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Writes several segments with index entries, closes cleanly; returns the segments' base offsets. */
    private long[] writeSegments() throws IOException {
        try (Log log = fx.open(dir(), SMALL)) {
            for (int i = 0; i < 40; i++) {
                log.appendAsLeader(batch(2, 30), 0);
            }
            return log.segments().stream().mapToLong(LogSegment::baseOffset).toArray();
        }
    }

    private List<Path> segmentFiles(long base) {
        return List.of(LogSegment.logFile(dir(), base), LogSegment.offsetIndexFile(dir(), base),
                LogSegment.timeIndexFile(dir(), base));
    }

    private void assertEveryOffsetReadable(Log log) throws IOException {
        for (long offset = log.logStartOffset(); offset < log.logEndOffset(); offset++) {
            RecordBatch b = LogFixture.batchesOf(log.read(offset, 1, Long.MAX_VALUE, true)).get(0);
            assertTrue(b.baseOffset() <= offset && offset <= b.lastOffset(), "offset " + offset + " read " + b);
        }
    }

    private static List<OffsetPosition> entries(OffsetIndex index) {
        List<OffsetPosition> out = new ArrayList<>();
        for (int i = 0; i < index.entries(); i++) {
            out.add(index.entry(i));
        }
        return out;
    }

    /** Lines of /proc/self/maps naming a file under {@code dir}. */
    static long mappingsUnder(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().toString();
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains(prefix)).count();
        }
    }
}
