package io.gregor.core.cleaner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.ControlRecordType;
import io.gregor.clients.record.EndTransactionMarker;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.cleaner.CompactionFixture.KeyedRecord;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.log.Log;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction of a log with transactions: an aborted transaction's records are removed and never
 * overwrite a committed value of their key; markers stay; undecided transactions are not cleaned.
 */
class CleanerTransactionsTest {
    @TempDir
    Path tmp;

    private static MemoryRecords txnBatch(long pid, int seq, String key, String value) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, pid, (short) 0, seq, true, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        b.append(1_000L, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        return b.build();
    }

    private static long marker(Log log, long pid, boolean commit) throws Exception {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, pid, (short) 0, RecordBatch.NO_SEQUENCE, true, true,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        b.appendEndTxnMarker(1_000L, new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 0));
        return log.appendAsLeader(b.build(), 0).firstOffset();
    }

    /** The records of the log's data batches (markers left out). */
    private static List<KeyedRecord> dataRecords(Log log) throws Exception {
        List<KeyedRecord> out = new java.util.ArrayList<>();
        for (RecordBatch batch : CompactionFixture.readBatches(log)) {
            if (!batch.isControlBatch()) {
                for (io.gregor.clients.record.Record r : batch.recordList()) {
                    out.add(new KeyedRecord(r.offset(), new String(r.keyBytes(), StandardCharsets.UTF_8),
                            new String(r.valueBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    @Test
    void anAbortedTransactionsRecordsAreRemovedAndDoNotOverwriteTheCommittedValue() throws Exception {
        try (Log log = Log.open(tmp.resolve("t-0"), CompactionFixture.compacted(1024 * 1024))) {
            long committed = log.appendAsLeader(txnBatch(1L, 0, "k", "committed"), 0).firstOffset();
            marker(log, 1L, true);
            long abortedStart = log.appendAsLeader(txnBatch(2L, 0, "k", "aborted"), 0).firstOffset();
            log.appendAsLeader(txnBatch(2L, 1, "other", "aborted-too"), 0);
            long abort = marker(log, 2L, false);
            log.recordAbortedTxn(new AbortedTxn(2L, abortedStart, abort, abort + 1));
            log.roll();
            log.appendAsLeader(CompactionFixture.batch(1_000L, "x", "active"), 0);

            CleanResult result = Cleaner.clean(log, 0L, 2_000L);

            assertEquals(2, result.recordsDropped());
            assertEquals(List.of(new KeyedRecord(committed, "k", "committed"), new KeyedRecord(abort + 1, "active", "x")),
                    dataRecords(log));
            long markers = CompactionFixture.readBatches(log).stream().filter(RecordBatch::isControlBatch).count();
            assertEquals(2, markers, "markers are kept");
        }
    }

    @Test
    void markersGoWithTheirIndexEntryOncePastDeleteRetentionAndNoBatchOfTheirTransactionIsLeft() throws Exception {
        try (Log log = Log.open(tmp.resolve("t-0"), CompactionFixture.compacted(1024 * 1024)
                .with(java.util.Map.of(io.gregor.core.log.LogConfig.DELETE_RETENTION_MS, "10")))) {
            long abortedStart = log.appendAsLeader(txnBatch(2L, 0, "k", "aborted"), 0).firstOffset();
            long abort = marker(log, 2L, false);
            log.recordAbortedTxn(new AbortedTxn(2L, abortedStart, abort, abort + 1));
            log.appendAsLeader(txnBatch(1L, 0, "k", "c1"), 0);
            marker(log, 1L, true);
            long last = log.appendAsLeader(CompactionFixture.batch(1_000L, "c2", "k"), 0).firstOffset();
            log.roll();
            log.appendAsLeader(CompactionFixture.batch(1_000L, "x", "active"), 0);

            Cleaner.clean(log, 0L, 1_000_000L);
            assertEquals(2, CompactionFixture.readBatches(log).stream().filter(RecordBatch::isControlBatch).count(),
                    "this pass removed their transactions' batches: the markers stay until the next one");
            assertEquals(1, log.collectAbortedTransactions(0L, 100L).size());

            Cleaner.clean(log, 0L, 1_000_000L);
            assertEquals(0, CompactionFixture.readBatches(log).stream().filter(RecordBatch::isControlBatch).count());
            assertEquals(List.of(), log.collectAbortedTransactions(0L, 100L));
            assertEquals(List.of(new KeyedRecord(last, "k", "c2"), new KeyedRecord(last + 1, "active", "x")),
                    dataRecords(log));
        }
    }

    @Test
    void segmentsAboveTheLastStableOffsetAreNotCleaned() throws Exception {
        try (Log log = Log.open(tmp.resolve("t-0"), CompactionFixture.compacted(1024 * 1024))) {
            log.appendAsLeader(CompactionFixture.batch(1_000L, "v1", "k"), 0);
            log.roll();
            long open = log.appendAsLeader(txnBatch(3L, 0, "k", "undecided"), 0).firstOffset();
            log.appendAsLeader(CompactionFixture.batch(1_000L, "v2", "k"), 0);
            log.roll();
            log.appendAsLeader(CompactionFixture.batch(1_000L, "v3", "z"), 0);
            log.lastStableOffsetFrom(() -> open);

            assertEquals(1, Cleaner.cleanableSegments(log, 2_000L).size());
            Cleaner.clean(log, 0L, 2_000L);
            assertTrue(dataRecords(log).stream().anyMatch(r -> "undecided".equals(r.value())));
            assertTrue(dataRecords(log).stream().anyMatch(r -> "v1".equals(r.value())),
                    "v1 is only overwritten above the last stable offset");
        }
    }
}
