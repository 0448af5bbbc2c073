package io.gregor.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.ControlRecordType;
import io.gregor.clients.record.EndTransactionMarker;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A read_committed consumer's view of a fetched range: real encoded transactional batches and
 * COMMIT/ABORT control batches, with the aborted-transactions list a broker sends beside them.
 */
class ReadCommittedFilteringTest {
    private static final long P1 = 1000L;
    private static final long P2 = 2000L;

    private static MemoryRecords data(Compression c, long producerId, boolean transactional, long baseOffset, int count) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(c, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP,
                producerId, (short) 0, (int) baseOffset, transactional, false, 0);
        for (int i = 0; i < count; i++) {
            b.append(1000 + i, null, ("v" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private static MemoryRecords txn(long producerId, long baseOffset, int count) {
        return data(Compression.NONE, producerId, true, baseOffset, count);
    }

    private static MemoryRecords marker(long producerId, long offset, ControlRecordType type) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, offset,
                RecordBatch.NO_TIMESTAMP, producerId, (short) 0, RecordBatch.NO_SEQUENCE, true, true, 0);
        b.appendEndTxnMarker(5, new EndTransactionMarker(type, 3));
        return b.build();
    }

    private static List<Long> offsets(FetchedRecords f) {
        return f.records().stream().map(e -> e.record().offset()).toList();
    }

    /*
     * offset: 0-1 P1 data, 2-3 P2 data, 4 P1 COMMIT, 5 P2 ABORT, 6-7 P2 data, 8 P2 COMMIT, 9 plain data
     */
    private static MemoryRecords interleaved() {
        return MemoryRecords.concat(txn(P1, 0, 2), txn(P2, 2, 2), marker(P1, 4, ControlRecordType.COMMIT),
                marker(P2, 5, ControlRecordType.ABORT), txn(P2, 6, 2), marker(P2, 8, ControlRecordType.COMMIT),
                data(Compression.NONE, RecordBatch.NO_PRODUCER_ID, false, 9, 1));
    }

    @Test
    void readCommittedDropsTheAbortedTransactionAndKeepsTheCommittedOnes() {
        FetchedRecords f = FetchedRecords.parse(interleaved().buffer(), 0, true,
                List.of(new AbortedTransaction(P2, 2)));
        assertEquals(List.of(0L, 1L, 6L, 7L, 9L), offsets(f));
        assertEquals(10, f.nextFetchOffset());
    }

    @Test
    void readUncommittedSeesAbortedRecordsButNeverTheMarkers() {
        FetchedRecords f = FetchedRecords.parse(interleaved().buffer(), 0, true);
        assertEquals(List.of(0L, 1L, 2L, 3L, 6L, 7L, 9L), offsets(f));
        assertEquals(10, f.nextFetchOffset());
    }

    @Test
    void theNextFetchOffsetMovesPastARangeThatWasAllAbortedOrMarkers() {
        MemoryRecords all = MemoryRecords.concat(txn(P2, 10, 3), marker(P2, 13, ControlRecordType.ABORT));
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 10, true, List.of(new AbortedTransaction(P2, 10)));
        assertEquals(List.of(), offsets(f));
        assertEquals(14, f.nextFetchOffset());
    }

    @Test
    void anAbortedTransactionThatBeganBeforeTheFetchOffsetIsStillDropped() {
        MemoryRecords all = MemoryRecords.concat(txn(P2, 20, 2), txn(P1, 22, 1), txn(P2, 23, 2),
                marker(P2, 25, ControlRecordType.ABORT), marker(P1, 26, ControlRecordType.COMMIT));
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 23, true, List.of(new AbortedTransaction(P2, 20)));
        assertEquals(List.of(), offsets(f));
        assertEquals(27, f.nextFetchOffset());
        FetchedRecords fromStart = FetchedRecords.parse(all.buffer(), 20, true, List.of(new AbortedTransaction(P2, 20)));
        assertEquals(List.of(22L), offsets(fromStart));
    }

    @Test
    void aProducersLaterTransactionIsKeptAfterItsAbortMarker() {
        MemoryRecords all = MemoryRecords.concat(txn(P1, 0, 1), marker(P1, 1, ControlRecordType.ABORT),
                txn(P1, 2, 1), marker(P1, 3, ControlRecordType.COMMIT), txn(P1, 4, 1),
                marker(P1, 5, ControlRecordType.ABORT));
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 0, true,
                List.of(new AbortedTransaction(P1, 4), new AbortedTransaction(P1, 0)));
        assertEquals(List.of(2L), offsets(f));
        assertEquals(6, f.nextFetchOffset());
    }

    @Test
    void abortedRecordsInsideCompressedBatchesAreDroppedToo() {
        Compression zstd = Compression.of(CompressionType.ZSTD);
        MemoryRecords all = MemoryRecords.concat(data(zstd, P1, true, 0, 5), data(zstd, P2, true, 5, 5),
                marker(P1, 10, ControlRecordType.ABORT), marker(P2, 11, ControlRecordType.COMMIT));
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 0, true, List.of(new AbortedTransaction(P1, 0)));
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), offsets(f));
        assertEquals("v5", new String(f.records().get(0).record().valueBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void nonTransactionalBatchesOfAnAbortedProducerIdAreKept() {
        MemoryRecords all = MemoryRecords.concat(txn(P1, 0, 1), data(Compression.NONE, P1, false, 1, 1),
                marker(P1, 2, ControlRecordType.ABORT));
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 0, true, List.of(new AbortedTransaction(P1, 0)));
        assertEquals(List.of(1L), offsets(f));
    }
}
