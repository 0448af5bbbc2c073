package io.gregor.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void lockFreeReadersSeeOnlyCompleteValidContiguousBatchesWhileTheLeaderAppendsAndRolls() throws Exception {
        LogFixture fx = new LogFixture();
        int oneBatch = TestBatches.batch(3, 40, 1L).sizeInBytes();
        List<MemoryRecords> prebuilt = java.util.stream.IntStream.range(0, 3000)
                .mapToObj(i -> TestBatches.batch(3, 40, 1L)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Log log = fx.open(tmp.resolve("race-0"), LogFixture.config(oneBatch * 50, 256))) {
            AtomicBoolean done = new AtomicBoolean();
            Future<?> writer = pool.submit(() -> {
                for (MemoryRecords batch : prebuilt) {
                    log.appendAsLeader(batch, 1);
                }
                done.set(true);
                return null;
            });
            List<Future<Integer>> readers = java.util.stream.IntStream.range(0, 2).mapToObj(r -> pool.submit(() -> {
                int reads = 0;
                while (!done.get() || reads < 100) {
                    long end = log.logEndOffset();
                    if (end == 0) {
                        continue;
                    }
                    long offset = ThreadLocalRandom.current().nextLong(end);
                    List<RecordBatch> got = LogFixture.batchesOf(log.read(offset, 4096, Long.MAX_VALUE, true));
                    assertTrue(!got.isEmpty(), "nothing at " + offset + " below end " + end);
                    long next = got.get(0).baseOffset();
                    assertTrue(next <= offset && offset <= got.get(0).lastOffset());
                    for (RecordBatch b : got) {
                        assertEquals(next, b.baseOffset());
                        assertTrue(b.isValid(), "invalid batch " + b);
                        next = b.nextOffset();
                    }
                    reads++;
                }
                return reads;
            })).toList();
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertTrue(reader.get(60, TimeUnit.SECONDS) >= 100);
            }
            assertEquals(9000, log.logEndOffset());
            assertTrue(log.numberOfSegments() > 10);
        } finally {
            pool.shutdownNow();
        }
    }
}
