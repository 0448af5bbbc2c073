package io.gregor.replication.fetcher;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the follower Fetch requests of a broker's fetchers: how many were sent, how many
 * partitions they listed and how many partitions their answers carried. With incremental fetch
 * sessions (KIP-227) a steady follower lists and gets back only the partitions that changed.
 *
 * <p>Thread-safe: every fetcher thread records into one shared instance without a lock.
 */
public final class FetchSessionStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder fullRequests = new LongAdder();
    private final LongAdder partitionsSent = new LongAdder();
    private final LongAdder partitionsAnswered = new LongAdder();

    /** The counts since the start, read at one moment (each count on its own, not as one atomic view). */
    public record Totals(long requests, long fullRequests, long partitionsSent, long partitionsAnswered) {
        /** What happened between {@code earlier} and this. */
        public Totals minus(Totals earlier) {
            return new Totals(requests - earlier.requests, fullRequests - earlier.fullRequests,
                    partitionsSent - earlier.partitionsSent, partitionsAnswered - earlier.partitionsAnswered);
        }
    }

    void record(boolean full, int sent, int answered) {
        requests.increment();
        if (full) {
            fullRequests.increment();
        }
        partitionsSent.add(sent);
        partitionsAnswered.add(answered);
    }

    public Totals totals() {
        return new Totals(requests.sum(), fullRequests.sum(), partitionsSent.sum(), partitionsAnswered.sum());
    }
}
