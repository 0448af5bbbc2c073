package io.gregor.replication;

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
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.log.FetchDataInfo;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogSegment;
import io.gregor.replication.producer.ProducerStateException;
import io.gregor.replication.producer.ProducerView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional side of a replica's log: open transactions hold the last stable offset back, markers
 * complete them once replicated, aborts land in the {@code .txnindex}, followers derive the same state
 * from what they copy, and restarts and crashes keep or rebuild it.
 */
class ReplicaLogTransactionsTest {
    @TempDir
    Path tmp;

    private final List<Log> opened = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Log log : opened) {
            log.close();
        }
    }

    private Log open(String name, boolean clean) throws IOException {
        Log log = Log.open(tmp.resolve(name), LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, "100000")), 0L, 0L,
                clean, System::currentTimeMillis, null);
        opened.add(log);
        return log;
    }

    private static MemoryRecords batch(long pid, short epoch, int seq, boolean transactional, int records) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, pid, epoch, seq, transactional, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < records; i++) {
            b.append(1_000L + i, null, new byte[] {(byte) i});
        }
        return b.build();
    }

    private static MemoryRecords plain(int records) {
        return batch(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, records);
    }

    /** Appends as the leader does; returns the first offset. */
    private static long produce(ReplicaLog replica, MemoryRecords records) throws IOException {
        RecordBatch batch = records.batches().iterator().next();
        replica.checkProducer(batch);
        return replica.appendAsLeader(records, batch, 0).firstOffset();
    }

    private static long marker(ReplicaLog replica, long pid, short epoch, int coordinatorEpoch, boolean commit)
            throws IOException {
        replica.checkMarker(pid, epoch, coordinatorEpoch);
        return replica.appendMarkerAsLeader(new TxnMarker(pid, epoch, coordinatorEpoch, commit).toRecords(5_000L), 0)
                .firstOffset();
    }

    private static void replicateAll(ReplicaLog replica) {
        replica.log().updateHighWatermark(replica.log().logEndOffset());
        replica.onHighWatermarkUpdated(replica.log().highWatermark());
    }

    @Test
    void lastStableOffsetWaitsForTheOldestOpenTransactionAndForItsMarkerToBeReplicated() throws IOException {
        ReplicaLog replica = new ReplicaLog(open("t-0", true));
        produce(replica, plain(2)); // 0-1
        replicateAll(replica);
        assertEquals(2L, replica.lastStableOffset());

        long first = produce(replica, batch(1L, (short) 0, 0, true, 2)); // 2-3
        long second = produce(replica, batch(2L, (short) 0, 0, true, 1)); // 4
        replicateAll(replica);
        assertEquals(first, replica.lastStableOffset());

        long commit = marker(replica, 1L, (short) 0, 0, true); // 5
        assertEquals(first, replica.lastStableOffset(), "the marker is not replicated yet");
        replicateAll(replica);
        assertEquals(second, replica.lastStableOffset(), "producer 2's transaction is still open");

        long abort = marker(replica, 2L, (short) 0, 0, false); // 6
        replicateAll(replica);
        assertEquals(replica.log().logEndOffset(), replica.lastStableOffset());
        assertEquals(List.of(new AbortedTxn(2L, second, abort, abort + 1)),
                replica.log().collectAbortedTransactions(0L, replica.lastStableOffset()));
        assertEquals(5L, commit);
    }

    @Test
    void anAbortWhileAnotherTransactionIsOpenRecordsThatTransactionsStartAsItsLastStableOffset() throws IOException {
        ReplicaLog replica = new ReplicaLog(open("t-0", true));
        long first = produce(replica, batch(1L, (short) 0, 0, true, 1));
        long second = produce(replica, batch(2L, (short) 0, 0, true, 1));
        long abort = marker(replica, 1L, (short) 0, 0, false);
        assertEquals(List.of(new AbortedTxn(1L, first, abort, second)),
                replica.log().collectAbortedTransactions(0L, 100L));
    }

    @Test
    void markersFromAnOlderCoordinatorOrProducerEpochAreRefusedAndAMarkerBumpFencesTheOldEpoch() throws IOException {
        ReplicaLog replica = new ReplicaLog(open("t-0", true));
        produce(replica, batch(1L, (short) 2, 0, true, 1));
        marker(replica, 1L, (short) 2, 5, true);
        assertEquals(Errors.TRANSACTION_COORDINATOR_FENCED,
                assertThrows(ProducerStateException.class, () -> replica.checkMarker(1L, (short) 2, 4)).error());
        assertEquals(Errors.INVALID_PRODUCER_EPOCH,
                assertThrows(ProducerStateException.class, () -> replica.checkMarker(1L, (short) 1, 5)).error());

        marker(replica, 1L, (short) 3, 6, false); // the coordinator bumped the epoch (e.g. a timed-out transaction)
        RecordBatch zombie = batch(1L, (short) 2, 1, true, 1).batches().iterator().next();
        assertEquals(Errors.INVALID_PRODUCER_EPOCH,
                assertThrows(ProducerStateException.class, () -> replica.checkProducer(zombie)).error());
        ProducerView view = replica.producers().get(0);
        assertEquals(3, view.producerEpoch());
        assertEquals(6, view.coordinatorEpoch());
        assertEquals(-1L, view.currentTxnStartOffset());
    }

    @Test
    void aNonTransactionalBatchWhileTheProducersTransactionIsOpenIsInvalidTxnState() throws IOException {
        ReplicaLog replica = new ReplicaLog(open("t-0", true));
        produce(replica, batch(1L, (short) 0, 0, true, 1));
        RecordBatch plain = batch(1L, (short) 0, 1, false, 1).batches().iterator().next();
        assertEquals(Errors.INVALID_TXN_STATE,
                assertThrows(ProducerStateException.class, () -> replica.checkProducer(plain)).error());
        assertEquals(0L, replica.producers().get(0).currentTxnStartOffset());
    }

    @Test
    void aFollowerDerivesTheSameLastStableOffsetAndTxnIndexFromTheBatchesItCopies() throws IOException {
        ReplicaLog leader = new ReplicaLog(open("t-0", true));
        produce(leader, plain(1));
        long first = produce(leader, batch(7L, (short) 0, 0, true, 3));
        produce(leader, batch(8L, (short) 0, 0, true, 1));
        long abort = marker(leader, 7L, (short) 0, 1, false);

        ReplicaLog follower = new ReplicaLog(open("f-0", true));
        FetchDataInfo all = leader.log().read(0L, Integer.MAX_VALUE, Long.MAX_VALUE, true);
        follower.appendAsFollower(MemoryRecords.copyOf(all.records()));
        replicateAll(follower);

        assertEquals(leader.log().collectAbortedTransactions(0L, 100L), follower.log().collectAbortedTransactions(0L, 100L));
        assertEquals(List.of(new AbortedTxn(7L, first, abort, first + 3)), follower.log().collectAbortedTransactions(0L, 100L));
        assertEquals(first + 3, follower.lastStableOffset(), "producer 8's transaction is open");
    }

    @Test
    void anOpenTransactionSurvivesACleanRestartThroughTheSnapshot() throws IOException {
        Log log = open("t-0", true);
        ReplicaLog replica = new ReplicaLog(log);
        produce(replica, plain(3));
        long first = produce(replica, batch(1L, (short) 0, 0, true, 2));
        replica.snapshotProducerState();
        log.close();
        opened.remove(log);

        ReplicaLog reopened = new ReplicaLog(open("t-0", true));
        replicateAll(reopened);
        assertEquals(first, reopened.lastStableOffset());
        marker(reopened, 1L, (short) 0, 0, true);
        replicateAll(reopened);
        assertEquals(reopened.log().logEndOffset(), reopened.lastStableOffset());
    }

    @Test
    void aTxnIndexLostInACrashIsRebuiltFromTheMarkersInTheLog() throws IOException {
        Log log = open("t-0", true);
        ReplicaLog replica = new ReplicaLog(log);
        long first = produce(replica, batch(1L, (short) 0, 0, true, 2));
        long abort = marker(replica, 1L, (short) 0, 0, false);
        log.close();
        opened.remove(log);
        Path txnIndex = LogSegment.txnIndexFile(tmp.resolve("t-0"), 0L);
        assertTrue(Files.exists(txnIndex));
        Files.delete(txnIndex);

        ReplicaLog recovered = new ReplicaLog(open("t-0", false));
        assertEquals(List.of(new AbortedTxn(1L, first, abort, abort + 1)),
                recovered.log().collectAbortedTransactions(0L, 100L));
        assertTrue(Files.exists(txnIndex));
        assertFalse(recovered.hasOngoingTxn(1L));
    }
}
