package io.gregor.clients.consumer;

import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.clients.record.CloseableIterator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one partition of a Fetch response from {@code fetchOffset} on, and the offset to
 * fetch next. Complete batches only: a batch cut off at the end of the response (the broker sends
 * whole batches up to a byte limit, so the last one may be partial) is left for the next fetch,
 * as Kafka's consumer does. Records before {@code fetchOffset} (a compressed batch starts earlier)
 * and control batches are skipped; with {@code checkCrcs} each batch's CRC is verified.
 *
 * <p>For a read_committed consumer the response also lists the aborted transactions of the range
 * ({@link AbortedTransaction}); as in Kafka's consumer, a producer's transactional batches are
 * dropped from the first offset of an aborted transaction of that producer until the producer's
 * ABORT marker. Dropped batches and control batches still move the next fetch offset past them.
 */
public record FetchedRecords(List<Entry> records, long nextFetchOffset, int completeBatches, boolean partialBatchDropped) {

    /** One record with its batch's timestamp type (LogAppendTime batches carry the broker's time). */
    public record Entry(Record record, long timestamp, TimestampType timestampType) {
    }

    /** The records of a read_uncommitted fetch: nothing is dropped but control batches. */
    public static FetchedRecords parse(ByteBuffer data, long fetchOffset, boolean checkCrcs) {
        return parse(data, fetchOffset, checkCrcs, List.of());
    }

    /**
     * The records of a fetch without those of the {@code aborted} transactions (a read_committed
     * fetch; an empty list for read_uncommitted).
     */
    public static FetchedRecords parse(ByteBuffer data, long fetchOffset, boolean checkCrcs,
                                       List<AbortedTransaction> aborted) {
        AbortedTransactionFilter filter = AbortedTransactionFilter.of(aborted);
        List<Entry> out = new ArrayList<>();
        long next = fetchOffset;
        int batches = 0;
        int pos = data.position();
        boolean partial = false;
        while (pos < data.limit()) {
            int size = RecordBatch.sizeAt(data, pos);
            if (size < 0 || size < RecordBatch.HEADER_SIZE || pos + size > data.limit()) {
                partial = true;
                break;
            }
            RecordBatch batch = new RecordBatch(data.duplicate().position(pos));
            pos += size;
            batches++;
            if (batch.magic() != RecordBatch.MAGIC) {
                throw new CorruptRecordException("record batch at offset " + batch.baseOffset() + " has magic "
                        + batch.magic() + "; only magic 2 is supported");
            }
            if (checkCrcs && batch.lastOffset() >= next) {
                batch.ensureValid();
            }
            boolean dropped = filter.dropsBatch(batch);
            if (batch.lastOffset() < next) {
                continue;
            }
            if (!batch.isControlBatch() && !dropped) {
                boolean logAppend = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
                try (CloseableIterator<Record> it = batch.records()) {
                    while (it.hasNext()) {
                        Record r = it.next();
                        if (r.offset() >= next) {
                            out.add(new Entry(r, logAppend ? batch.maxTimestamp() : r.timestamp(), batch.timestampType()));
                        }
                    }
                }
            }
            next = batch.nextOffset();
        }
        return new FetchedRecords(out, next, batches, partial);
    }
}
