package io.gregor.broker.quota;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Measures one quota type per client (Kafka's ClientQuotaManager): each recorded value goes to the
 * rate of the quota that applies to the client's user and client id (shared by every connection
 * of that quota's entity), and a rate above the quota's bound after recording yields the throttle
 * time Kafka computes, {@code (rate - bound) / bound * window}, at most the full measurement
 * window. Clients without a quota are not measured. Thread-safe (guarded by {@code this}).
 */
public final class ClientQuotaManager {
    /** Past this many measured clients, idle ones are forgotten (a default quota measures every client id). */
    private static final int MAX_IDLE_CHECK = 1_000;

    private final QuotaType type;
    private final int samples;
    private final long windowMs;
    private final LongSupplier clockMs;
    private volatile ClientQuotaConfigs configs = ClientQuotaConfigs.NONE;
    private final Map<String, SampledRate> rates = new HashMap<>(); // guarded by this; key: user tag + NUL + client tag

    public ClientQuotaManager(QuotaType type, int samples, long windowMs, LongSupplier clockMs) {
        this.type = type;
        this.samples = samples;
        this.windowMs = windowMs;
        this.clockMs = clockMs;
    }

    public QuotaType type() {
        return type;
    }

    /** Applies new quota configs (after a change notification); rates measured so far are kept. */
    public void updateConfigs(ClientQuotaConfigs newConfigs) {
        this.configs = newConfigs;
    }

    /**
     * Records {@code value} for the client and returns how long it must be throttled, 0 when it is
     * within its quota or has none.
     */
    public int recordAndGetThrottleTimeMs(String user, String clientId, double value) {
        Optional<ClientQuotaConfigs.Applied> quota = configs.quotaFor(type, user, clientId);
        if (quota.isEmpty()) {
            return 0;
        }
        long now = clockMs.getAsLong();
        ClientQuotaConfigs.Applied applied = quota.get();
        synchronized (this) {
            if (rates.size() >= MAX_IDLE_CHECK && !rates.containsKey(applied.userTag() + '\0' + applied.clientTag())) {
                rates.values().removeIf(r -> now - r.lastWindowStartMs() >= r.spanMs()); // idle: measures 0 anyway
            }
            SampledRate rate = rates.computeIfAbsent(applied.userTag() + '\0' + applied.clientTag(),
                    k -> new SampledRate(samples, windowMs, now));
            rate.record(value, now);
            double measured = rate.measure(now);
            if (measured <= applied.bound()) {
                return 0;
            }
            long throttle = Math.round((measured - applied.bound()) / applied.bound() * rate.windowSizeMs(now));
            return (int) Math.min(throttle, samples * windowMs);
        }
    }

    /** Takes back {@code value} just recorded for the client (its response goes out empty). */
    public void unrecord(String user, String clientId, double value) {
        Optional<ClientQuotaConfigs.Applied> quota = configs.quotaFor(type, user, clientId);
        if (quota.isEmpty()) {
            return;
        }
        synchronized (this) {
            SampledRate rate = rates.get(quota.get().userTag() + '\0' + quota.get().clientTag());
            if (rate != null) {
                rate.unrecord(value);
            }
        }
    }
}
