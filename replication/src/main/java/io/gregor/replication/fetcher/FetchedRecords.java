package io.gregor.replication.fetcher;

import static io.gregor.clients.record.RecordBatch.LENGTH_OFFSET;
import static io.gregor.clients.record.RecordBatch.LOG_OVERHEAD;

import io.gregor.clients.record.MemoryRecords;
import java.nio.ByteBuffer;

/**
 * The part of a fetched partition a follower may append: a leader serves a byte range of its log
 * file, so the last batch may be cut off by the size limit. Only whole batches are kept; the cut
 * one is fetched again next time.
 */
final class FetchedRecords {
    private FetchedRecords() {
    }

    static MemoryRecords wholeBatches(MemoryRecords fetched) {
        ByteBuffer buffer = fetched.buffer();
        int start = buffer.position();
        int position = start;
        while (buffer.limit() - position >= LOG_OVERHEAD) {
            int batchSize = LOG_OVERHEAD + buffer.getInt(position + LENGTH_OFFSET);
            if (batchSize <= LOG_OVERHEAD || buffer.limit() - position < batchSize) {
                break;
            }
            position += batchSize;
        }
        if (position == buffer.limit()) {
            return fetched;
        }
        return MemoryRecords.readableRecords(buffer.limit(position).position(start).slice());
    }
}
