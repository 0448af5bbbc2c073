package io.gregor.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.RecordBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of {@link Log} under random appends, reads, truncations, retention and reopening. */
class LogProperties {
    /** One append: records in the batch and value size of each. */
    record Append(int records, int valueSize) {
    }

    @Provide
    Arbitrary<List<Append>> appends() {
        return Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 300))
                .as(Append::new).list().ofMinSize(1).ofMaxSize(40);
    }

    private static LogConfig smallConfig(int segmentBytes, int indexIntervalBytes) {
        return LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes),
                LogConfig.INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes),
                LogConfig.SEGMENT_INDEX_BYTES, "4096"));
    }

    private static Path newDir() throws IOException {
        return Files.createTempDirectory("gregor-log-prop").resolve("prop-0");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir.getParent())) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<long[]> appendAll(Log log, List<Append> appends) throws IOException {
        List<long[]> ranges = new ArrayList<>();
        for (Append a : appends) {
            LogAppendInfo info = log.appendAsLeader(TestBatches.batch(a.records(), a.valueSize(), 1_000L), 0);
            assertEquals(log.logEndOffset() - a.records(), info.firstOffset());
            ranges.add(new long[] {info.firstOffset(), info.lastOffset()});
        }
        return ranges;
    }

    private static void assertContiguousFrom(long start, long end, List<RecordBatch> batches) {
        long next = start;
        for (RecordBatch b : batches) {
            assertEquals(next, b.baseOffset(), "batch " + b + " does not continue at " + next);
            assertTrue(b.isValid());
            next = b.nextOffset();
        }
        assertEquals(end, next);
    }

    @Property(tries = 60)
    void readsReturnTheBatchHoldingTheOffsetAndContiguousOffsets(@ForAll("appends") List<Append> appends,
            @ForAll @IntRange(min = 100, max = 3000) int segmentBytes, @ForAll @IntRange(min = 0, max = 500) int interval,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 10_000) Integer> probes,
            @ForAll @IntRange(min = 0, max = 5000) int maxBytes) throws IOException {
        Path dir = newDir();
        LogFixture fx = new LogFixture();
        try (Log log = fx.open(dir, smallConfig(segmentBytes, interval))) {
            List<long[]> ranges = appendAll(log, appends);
            long end = log.logEndOffset();
            assertContiguousFrom(0, end, LogFixture.readAll(log));
            for (int probe : probes) {
                long offset = probe % end;
                long[] expected = ranges.stream().filter(r -> r[0] <= offset && offset <= r[1]).findFirst().orElseThrow();
                List<RecordBatch> got = LogFixture.batchesOf(log.read(offset, maxBytes, Long.MAX_VALUE, true));
                assertEquals(expected[0], got.get(0).baseOffset(), "offset " + offset);
                assertEquals(expected[1], got.get(0).lastOffset(), "offset " + offset);
                long next = got.get(0).baseOffset();
                for (RecordBatch b : got) {
                    assertEquals(next, b.baseOffset());
                    next = b.nextOffset();
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    @Property(tries = 50)
    void truncateThenAppendKeepsOffsetsContiguous(@ForAll("appends") List<Append> before,
            @ForAll("appends") List<Append> after, @ForAll @IntRange(min = 0, max = 10_000) int cut,
            @ForAll @IntRange(min = 100, max = 2000) int segmentBytes) throws IOException {
        Path dir = newDir();
        LogFixture fx = new LogFixture();
        try (Log log = fx.open(dir, smallConfig(segmentBytes, 64))) {
            List<long[]> ranges = appendAll(log, before);
            long target = cut % (log.logEndOffset() + 1);
            log.truncateTo(target);
            long expectedEnd = ranges.stream().filter(r -> r[0] <= target && target <= r[1]).map(r -> r[0])
                    .findFirst().orElse(target);
            assertEquals(expectedEnd, log.logEndOffset());
            assertTrue(log.size() == 0 || log.activeSegment().baseOffset() <= expectedEnd);
            appendAll(log, after);
            assertContiguousFrom(0, log.logEndOffset(), LogFixture.readAll(log));
        } finally {
            deleteTree(dir);
        }
    }

    /** A step of the retention scenario. */
    record Step(int kind, int amount) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 5000))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 50)
    void retentionNeverDeletesTheActiveSegmentAndTheLogStartOffsetOnlyGrows(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = -1, max = 3000) int retentionBytes, @ForAll @IntRange(min = 1, max = 20_000) int retentionMs)
            throws IOException {
        Path dir = newDir();
        LogFixture fx = new LogFixture();
        LogConfig cfg = smallConfig(400, 64).with(Map.of(LogConfig.RETENTION_BYTES, Integer.toString(retentionBytes),
                LogConfig.RETENTION_MS, Integer.toString(retentionMs)));
        try (Log log = fx.open(dir, cfg)) {
            long previousStart = log.logStartOffset();
            for (Step step : steps) {
                switch (step.kind()) {
                    case 0 -> log.appendAsLeader(TestBatches.batch(1 + step.amount() % 4, step.amount() % 150,
                            fx.clock.get()), 0);
                    case 1 -> fx.clock.addAndGet(step.amount());
                    case 2 -> {
                        LogSegment active = log.activeSegment();
                        long end = log.logEndOffset();
                        log.deleteOldSegments();
                        assertTrue(log.segments().contains(active), "active segment deleted");
                        assertEquals(end, log.logEndOffset());
                    }
                    default -> {
                        long target = log.logStartOffset() + step.amount() % 5;
                        if (target <= log.logEndOffset()) {
                            log.maybeIncrementLogStartOffset(target);
                        }
                    }
                }
                assertTrue(log.logStartOffset() >= previousStart, "log start offset went back");
                assertTrue(log.logStartOffset() <= log.logEndOffset());
                assertTrue(log.numberOfSegments() >= 1);
                assertTrue(log.segments().get(0).baseOffset() <= log.logStartOffset());
                previousStart = log.logStartOffset();
            }
            if (log.logStartOffset() < log.logEndOffset()) {
                List<RecordBatch> rest = LogFixture.readAll(log);
                assertTrue(rest.get(0).baseOffset() <= log.logStartOffset());
                assertEquals(log.logEndOffset(), rest.get(rest.size() - 1).nextOffset());
            }
        } finally {
            deleteTree(dir);
        }
    }

    @Property(tries = 40)
    void cleanReopenYieldsTheSameEndOffsetAndContents(@ForAll("appends") List<Append> appends,
            @ForAll @IntRange(min = 100, max = 3000) int segmentBytes, @ForAll @IntRange(min = 0, max = 500) int interval)
            throws IOException {
        Path dir = newDir();
        LogFixture fx = new LogFixture();
        LogConfig cfg = smallConfig(segmentBytes, interval);
        try {
            long end;
            List<String> before;
            try (Log log = fx.open(dir, cfg)) {
                appendAll(log, appends);
                end = log.logEndOffset();
                before = LogFixture.readAll(log).stream().map(b -> b.baseOffset() + ":" + b.checksum()).toList();
            }
            try (Log log = fx.open(dir, cfg)) {
                assertEquals(0, log.loadResult().segmentsRecovered());
                assertEquals(0, log.loadResult().indexesRebuilt());
                assertEquals(end, log.logEndOffset());
                assertEquals(before, LogFixture.readAll(log).stream().map(b -> b.baseOffset() + ":" + b.checksum()).toList());
                assertEquals(end, log.appendAsLeader(TestBatches.batch(1, 10, 1L), 0).firstOffset());
            }
        } finally {
            deleteTree(dir);
        }
    }
}
