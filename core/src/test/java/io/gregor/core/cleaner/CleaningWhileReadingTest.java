package io.gregor.core.cleaner;

import static io.gregor.core.cleaner.CompactionFixture.batch;
import static io.gregor.core.cleaner.CompactionFixture.compacted;
import static io.gregor.core.cleaner.CompactionFixture.readRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.cleaner.CompactionFixture.KeyedRecord;
import io.gregor.core.log.Log;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleaningWhileReadingTest {
    @TempDir
    Path dir;

    @Test
    void readersSeeIncreasingOffsetsAndTheLatestValuesWhileSegmentsAreSwapped() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        AtomicBoolean done = new AtomicBoolean();
        try (Log log = Log.open(dir.resolve("read-0"), compacted(1024), 0L, 0L, true, () -> 1_000_000L, scheduler)) {
            for (int v = 0; v < 20; v++) {
                for (int k = 0; k < 10; k++) {
                    log.appendAsLeader(batch(1_000_000L, "v" + v, "key-" + k), 0);
                }
            }
            log.roll();
            Future<Integer> reads = reader.submit(() -> {
                int passes = 0;
                while (!done.get() || passes == 0) {
                    List<KeyedRecord> records = readRecords(log);
                    long last = -1;
                    for (KeyedRecord r : records) {
                        assertTrue(r.offset() > last, "offsets go backwards at " + r);
                        last = r.offset();
                    }
                    assertTrue(records.contains(new KeyedRecord(199, "key-9", "v19")), "a latest record vanished");
                    passes++;
                }
                return passes;
            });
            long firstDirty = 0;
            for (int pass = 0; pass < 20; pass++) {
                for (int k = 0; k < 10; k++) {
                    log.appendAsLeader(batch(1_000_000L, "w" + pass, "other-" + k), 0);
                }
                log.roll();
                firstDirty = Cleaner.clean(log, firstDirty, 1_000_000L).firstDirtyOffset();
            }
            done.set(true);
            assertTrue(reads.get(30, TimeUnit.SECONDS) > 0);
            List<KeyedRecord> records = readRecords(log);
            assertEquals(20, records.size());
            assertEquals(new KeyedRecord(190, "key-0", "v19"), records.get(0));
        } finally {
            reader.shutdownNow();
            scheduler.shutdownNow();
        }
    }
}
