package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TxnOffsetCommit in the group coordinator: pending until the marker, committed or dropped by it, and after a reload. */
class TransactionalOffsetsTest {

    /** An offsets topic of one partition that keeps batches with their producer and transaction flags. */
    static final class BatchLog implements OffsetsLog {
        final List<LoggedBatch> batches = new ArrayList<>();
        int leaderEpoch = 1;

        @Override
        public synchronized OptionalInt leaderEpochIfLeader(int partition) {
            return leaderEpoch < 0 ? OptionalInt.empty() : OptionalInt.of(leaderEpoch);
        }

        @Override
        public synchronized CompletableFuture<Errors> append(int partition, MemoryRecords records) {
            for (RecordBatch b : records.batches()) {
                batches.add(new LoggedBatch(b.producerId(), b.isTransactional(), false, false, b.recordList()));
            }
            return CompletableFuture.completedFuture(Errors.NONE);
        }

        /** What WriteTxnMarkers appends to the offsets partition. */
        synchronized void marker(long producerId, boolean commit) {
            batches.add(new LoggedBatch(producerId, true, true, commit, List.of()));
        }

        @Override
        public synchronized List<Record> readAll(int partition) {
            List<Record> out = new ArrayList<>();
            batches.forEach(b -> out.addAll(b.records()));
            return out;
        }

        @Override
        public synchronized List<LoggedBatch> readAllBatches(int partition) {
            return List.copyOf(batches);
        }
    }

    private static final String GROUP = "copier";
    private final BatchLog log = new BatchLog();
    private final TopicPartition input = new TopicPartition("input", 0);
    private final CommittedOffset offset42 = new CommittedOffset(42L, -1, "", 1000L);

    private GroupCoordinator loadedCoordinator() {
        GroupCoordinator c = new GroupCoordinator(log, 1, () -> 1000L);
        assertEquals(Errors.NONE, c.checkCoordinator(GROUP)); // loads inline
        return c;
    }

    @Test
    void transactionalOffsetsStayInvisibleAndUnstableUntilTheCommitMarker() {
        GroupCoordinator c = loadedCoordinator();
        assertEquals(Errors.NONE, c.commitTransactionalOffsets(GROUP, 77L, (short) 0, Map.of(input, offset42)).join());
        assertTrue(log.batches.get(0).transactional(), "written as a transactional batch");
        assertEquals(77L, log.batches.get(0).producerId());
        assertEquals(Map.of(), c.fetchOffsets(GROUP).offsets());
        assertEquals(Set.of(input), c.fetchOffsets(GROUP).unstable());

        c.onTransactionCompleted(77L, true, List.of(0));
        assertEquals(42L, c.fetchOffsets(GROUP).offsets().get(input).offset());
        assertEquals(Set.of(), c.fetchOffsets(GROUP).unstable());
    }

    @Test
    void anAbortMarkerDropsTheTransactionsOffsetsAndKeepsTheCommittedOnes() {
        GroupCoordinator c = loadedCoordinator();
        c.commitOffsets(GROUP, Map.of(input, new CommittedOffset(10L, -1, "", 1000L))).join();
        c.commitTransactionalOffsets(GROUP, 77L, (short) 0, Map.of(input, offset42)).join();
        c.onTransactionCompleted(77L, false, List.of(0));
        assertEquals(10L, c.fetchOffsets(GROUP).offsets().get(input).offset());
        assertEquals(Set.of(), c.fetchOffsets(GROUP).unstable());
    }

    @Test
    void aReloadAppliesCommittedTransactionsSkipsAbortedOnesAndKeepsOpenOnesPending() {
        GroupCoordinator first = loadedCoordinator();
        TopicPartition other = new TopicPartition("input", 1);
        TopicPartition third = new TopicPartition("input", 2);
        first.commitTransactionalOffsets(GROUP, 1L, (short) 0, Map.of(input, offset42)).join();
        log.marker(1L, true);
        first.commitTransactionalOffsets(GROUP, 2L, (short) 0, Map.of(other, offset42)).join();
        log.marker(2L, false);
        first.commitTransactionalOffsets(GROUP, 3L, (short) 0, Map.of(third, offset42)).join();

        GroupCoordinator reloaded = new GroupCoordinator(log, 1, () -> 2000L);
        assertEquals(Errors.NONE, reloaded.checkCoordinator(GROUP));
        GroupCoordinator.GroupOffsets offsets = reloaded.fetchOffsets(GROUP);
        assertEquals(Set.of(input), offsets.offsets().keySet());
        assertEquals(Set.of(third), offsets.unstable());
        reloaded.onTransactionCompleted(3L, true, List.of(0));
        assertEquals(Set.of(input, third), reloaded.fetchOffsets(GROUP).offsets().keySet());
    }
}
