package io.gregor.replication.isr;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a leader from asking the controller again and again for an ISR expansion it has just
 * refused as ineligible (INELIGIBLE_REPLICA, or OPERATION_NOT_ATTEMPTED from AlterPartition v0-1):
 * the member is not live, is shutting down, or fetched with a broker epoch that is not its live one.
 * A follower fetches several times a second and each fetch may propose the expansion again; Kafka's
 * leader does exactly that. Here a refused partition proposes no expansion for
 * {@code backoffMs} (Kafka's {@code replica.fetch.backoff.ms}), and only the first refusal of a run
 * is worth a warning; a later committed change ends the run.
 *
 * <p>Thread-safe: one concurrent map from partition to the end of its backoff and whether the
 * refusal was reported.
 */
public final class ExpansionBackoff {
    private record Refusal(long untilMs, Errors error) {
    }

    private final long backoffMs;
    private final LongSupplier clockMs;
    private final Map<TopicPartition, Refusal> refused = new ConcurrentHashMap<>();

    public ExpansionBackoff(long backoffMs, LongSupplier clockMs) {
        this.backoffMs = backoffMs;
        this.clockMs = clockMs;
    }

    /** True if an ISR expansion of {@code tp} may be proposed now. */
    public boolean mayExpand(TopicPartition tp) {
        Refusal r = refused.get(tp);
        return r == null || clockMs.getAsLong() >= r.untilMs();
    }

    /**
     * Records the controller's answer to an ISR change of {@code tp}; returns true when a refusal
     * should be reported at warning level (any refusal but a repeat of the ineligibility already
     * reported for that partition).
     */
    public boolean onAnswer(TopicPartition tp, Errors error) {
        if (error == Errors.NONE) {
            refused.remove(tp);
            return false;
        }
        if (error != Errors.INELIGIBLE_REPLICA && error != Errors.OPERATION_NOT_ATTEMPTED) {
            return true;
        }
        Refusal previous = refused.put(tp, new Refusal(clockMs.getAsLong() + backoffMs, error));
        return previous == null || previous.error() != error;
    }

    /** Forgets {@code tp} (no longer led here). */
    public void forget(TopicPartition tp) {
        refused.remove(tp);
    }
}
