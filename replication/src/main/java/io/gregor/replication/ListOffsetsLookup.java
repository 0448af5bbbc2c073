package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.index.TimestampOffset;
import io.gregor.core.log.Log;
import java.util.Optional;

/**
 * The ListOffsets answer for one partition's log: the special timestamps of
 * {@link OffsetLookupResult} (latest, earliest, earliest local, latest tiered, max timestamp) and a
 * search by timestamp ({@link TimestampOffsetSearch}), each with the leader epoch of the offset
 * found. Offsets at or above an upper bound (the high watermark for consumers, the log end
 * otherwise) are not answered. Stateless.
 */
final class ListOffsetsLookup {
    private ListOffsetsLookup() {
    }

    static OffsetLookupResult lookup(Log log, long timestamp, long upper) {
        if (timestamp == OffsetLookupResult.LATEST_TIMESTAMP) {
            return new OffsetLookupResult(Errors.NONE, -1L, upper, epochOf(log, upper - 1));
        }
        if (timestamp == OffsetLookupResult.EARLIEST_TIMESTAMP
                || timestamp == OffsetLookupResult.EARLIEST_LOCAL_TIMESTAMP) {
            long start = log.logStartOffset();
            return new OffsetLookupResult(Errors.NONE, -1L, start, epochOf(log, start));
        }
        if (timestamp == OffsetLookupResult.LATEST_TIERED_TIMESTAMP) {
            return OffsetLookupResult.none();
        }
        Optional<TimestampOffset> found = timestamp == OffsetLookupResult.MAX_TIMESTAMP
                ? TimestampOffsetSearch.maxTimestamp(log)
                : TimestampOffsetSearch.firstAtOrAfter(log, timestamp);
        if (found.isEmpty() || found.get().offset() >= upper) {
            return OffsetLookupResult.none();
        }
        long offset = found.get().offset();
        return new OffsetLookupResult(Errors.NONE, found.get().timestamp(), offset, epochOf(log, offset));
    }

    private static int epochOf(Log log, long offset) {
        return log.leaderEpochCache().epochForOffset(offset).orElse(-1);
    }
}
