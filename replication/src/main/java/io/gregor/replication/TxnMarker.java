package io.gregor.replication;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.ControlRecordType;
import io.gregor.clients.record.EndTransactionMarker;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;

/**
 * A COMMIT or ABORT marker the transaction coordinator (at {@code coordinatorEpoch}) asks a partition
 * leader to write for a producer's transaction, as one WriteTxnMarkers entry names it.
 */
public record TxnMarker(long producerId, short producerEpoch, int coordinatorEpoch, boolean committed) {

    /** The control batch that carries the marker: transactional, no sequence, one record, offsets assigned on append. */
    MemoryRecords toRecords(long timestampMs) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, producerId, producerEpoch, RecordBatch.NO_SEQUENCE, true, true,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        builder.appendEndTxnMarker(timestampMs, new EndTransactionMarker(
                committed ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch));
        return builder.build();
    }
}
