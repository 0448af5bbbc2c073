package io.gregor.core.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.checkpoint.LeaderEpochCheckpointFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochFileCacheTest {
    @TempDir
    Path dir;

    private LeaderEpochFileCache cache() throws IOException {
        return new LeaderEpochFileCache(new LeaderEpochCheckpointFile(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME)));
    }

    /** A cache whose deferred writes wait in {@code flusher} until a test runs them. */
    private LeaderEpochFileCache cacheWritingOn(List<Runnable> flusher) throws IOException {
        return new LeaderEpochFileCache(new LeaderEpochCheckpointFile(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME)),
                flusher::add);
    }

    @Test
    void assignKeepsOnlyNewEpochsAndSurvivesReload() throws IOException {
        LeaderEpochFileCache cache = cache();
        cache.assign(1, 0);
        cache.assign(1, 5); // same epoch later: ignored
        cache.assign(0, 7); // older epoch: ignored
        cache.assign(3, 10);
        assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(3, 10)), cache.entries());
        assertEquals(Optional.of(3), cache.latestEpoch());
        assertEquals(cache.entries(), cache().entries());
    }

    @Test
    void endOffsetForAnswersLikeOffsetForLeaderEpoch() throws IOException {
        LeaderEpochFileCache cache = cache();
        cache.assign(2, 0);
        cache.assign(4, 10);
        cache.assign(6, 25);
        assertEquals(new EpochEndOffset(6, 40), cache.endOffsetFor(6, 40));
        assertEquals(new EpochEndOffset(4, 25), cache.endOffsetFor(4, 40));
        assertEquals(new EpochEndOffset(4, 25), cache.endOffsetFor(5, 40));
        assertEquals(new EpochEndOffset(1, 0), cache.endOffsetFor(1, 40));
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(7, 40));
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(-1, 40));
    }

    @Test
    void truncationFromEitherEnd() throws IOException {
        LeaderEpochFileCache cache = cache();
        cache.assign(2, 0);
        cache.assign(4, 10);
        cache.assign(6, 25);
        cache.truncateFromEnd(25);
        assertEquals(List.of(new EpochEntry(2, 0), new EpochEntry(4, 10)), cache.entries());
        cache.truncateFromStart(12);
        assertEquals(List.of(new EpochEntry(4, 12)), cache.entries());
        assertEquals(cache.entries(), cache().entries());
        cache.clear();
        assertEquals(List.of(), cache().entries());
    }

    @Test
    void assigningAnEarlierStartForANewEpochDropsConflictingEntries() throws IOException {
        LeaderEpochFileCache cache = cache();
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 5);
        assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(3, 5)), cache.entries());
    }

    @Test
    void withAFlusherChangesAreWrittenLaterOnItSeveralInOneWrite() throws IOException {
        List<Runnable> flusher = new ArrayList<>();
        LeaderEpochFileCache cache = cacheWritingOn(flusher);
        cache.assign(2, 0);
        cache.assign(4, 10);
        cache.assign(6, 25);
        assertEquals(List.of(), cache().entries(), "the file waits for the flusher");
        assertEquals(1, flusher.size(), "three changes, one write");
        flusher.remove(0).run();
        assertEquals(3, cache().entries().size());

        cache.truncateFromEnd(25);
        cache.truncateFromStart(12);
        assertEquals(List.of(new EpochEntry(4, 12)), cache.entries(), "memory is truncated at once");
        assertEquals(3, cache().entries().size(), "the file waits for the flusher");
        cache.assign(8, 30);
        cache.truncateFromEnd(30);
        assertEquals(1, flusher.size(), "a write is pending: it will hold all of them");
        flusher.remove(0).run();
        assertEquals(List.of(new EpochEntry(4, 12)), cache().entries(), "the write holds the entries as they are now");

        cache.truncateFromEnd(12);
        cache.close();
        flusher.remove(0).run();
        assertEquals(List.of(new EpochEntry(4, 12)), cache().entries(), "nothing is written after close");
    }

    @Test
    void aNewEpochNotYetWrittenIsWrittenBeforeRecordsAreFlushedAndWhenTheLogCloses() throws IOException {
        List<Runnable> flusher = new ArrayList<>();
        LeaderEpochFileCache cache = cacheWritingOn(flusher);
        cache.assign(2, 0);
        cache.syncPending(); // as a log flush does before forcing records of epoch 2 to disk
        assertEquals(List.of(new EpochEntry(2, 0)), cache().entries());
        flusher.remove(0).run(); // nothing left to write

        cache.truncateFromStart(5);
        cache.syncPending();
        assertEquals(List.of(new EpochEntry(2, 0)), cache().entries(), "a truncation alone waits for the flusher");

        cache.assign(4, 10);
        cache.syncAndClose(); // a clean shutdown before the flusher ran
        assertEquals(List.of(new EpochEntry(2, 5), new EpochEntry(4, 10)), cache().entries());
        flusher.forEach(Runnable::run);
        assertEquals(List.of(new EpochEntry(2, 5), new EpochEntry(4, 10)), cache().entries());
    }

    @Test
    void aLogDirGoneMeanwhileIsNotRecreatedByADeferredWrite() throws IOException {
        Path partitionDir = Files.createDirectories(dir.resolve("t-0"));
        List<Runnable> flusher = new ArrayList<>();
        LeaderEpochFileCache cache = new LeaderEpochFileCache(
                new LeaderEpochCheckpointFile(partitionDir.resolve(LeaderEpochCheckpointFile.FILE_NAME)), flusher::add);
        cache.assign(1, 0);
        cache.truncateFromEnd(0);
        Files.deleteIfExists(partitionDir.resolve(LeaderEpochCheckpointFile.FILE_NAME));
        Files.delete(partitionDir);
        flusher.remove(0).run();
        assertFalse(Files.exists(partitionDir));
    }

    @Test
    void aDeferredWriteStuckOnTheDiskDoesNotHoldUpTheNextChange() throws Exception {
        Path file = dir.resolve(LeaderEpochCheckpointFile.FILE_NAME);
        LeaderEpochFileCache written = cache();
        written.assign(2, 0);
        written.assign(4, 10);
        // the write's temporary file is a FIFO: opening it for writing blocks until a reader comes,
        // as a write to a stalled disk would
        Path tmp = dir.resolve(LeaderEpochCheckpointFile.FILE_NAME + ".tmp");
        assertEquals(0, new ProcessBuilder("mkfifo", tmp.toString()).start().waitFor());
        AtomicReference<Thread> flusherThread = new AtomicReference<>();
        ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flusher");
            flusherThread.set(t);
            return t;
        });
        try {
            LeaderEpochFileCache cache = new LeaderEpochFileCache(new LeaderEpochCheckpointFile(file), flusher);
            cache.truncateFromEnd(10);
            await().atMost(Duration.ofSeconds(10)).until(() -> flusherThread.get() != null
                    && Arrays.stream(flusherThread.get().getStackTrace()).anyMatch(f -> f.getMethodName().equals("write")
                    && f.getClassName().endsWith("CheckpointFile")));

            CompletableFuture<Void> next = CompletableFuture.runAsync(() -> {
                cache.truncateFromStart(5);
                cache.endOffsetFor(2, 10);
            });
            next.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(new EpochEntry(2, 5)), cache.entries());
        } finally {
            flusher.shutdownNow(); // drops the write the second truncation queued
            try (var reader = Files.newInputStream(tmp)) { // lets the stuck write go on
                reader.readAllBytes();
            }
            assertTrue(flusher.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
