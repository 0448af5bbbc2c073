package io.gregor.broker.handlers.data;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The broker's incremental fetch sessions (KIP-227), at most {@code max.incremental.fetch.session.cache.slots}
 * of them (Kafka's key and default, 1,000) and at most {@link #DEFAULT_MAX_CACHED_PARTITIONS}
 * partitions in all when a session is opened, so that fetchers cannot make the broker hold unbounded state. When full, a new
 * session takes the place of the least valuable one as Kafka's cache decides: a session unused for
 * {@link #EVICTION_MS} (Kafka's {@code min.incremental.fetch.session.eviction.ms}) goes first; else a
 * follower's session may replace a consumer's, and a session may replace one of the same kind with
 * fewer partitions. Otherwise the fetch is answered without a session (id 0) and its fetcher goes on
 * with full fetches. Session ids are random and never 0; a session answers only the replica id that
 * opened it. Lookups are lock-free; creation and eviction are serialized on the cache.
 */
public final class FetchSessionCache {
    /** Kafka's default of {@code max.incremental.fetch.session.cache.slots}. */
    public static final int DEFAULT_SLOTS = 1_000;
    /** The most partitions all sessions may hold together (Gregor's bound, about 150 bytes each). */
    public static final int DEFAULT_MAX_CACHED_PARTITIONS = 500_000;
    /** How long a session must go unused before any new session may replace it (Kafka's 120 s). */
    static final long EVICTION_MS = 120_000L;
    private static final String METRIC_PREFIX = "kafka.server:type=FetchSessionCache,name=";

    private final int maxSlots;
    private final int maxCachedPartitions;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, FetchSession> sessions = new ConcurrentHashMap<>();
    /** Sessions replaced to make room, since start. Guarded by this. */
    private long evictions;
    private final Meter evictionRate = new Meter();

    public FetchSessionCache(int maxSlots, LongSupplier clock) {
        this(maxSlots, DEFAULT_MAX_CACHED_PARTITIONS, clock);
    }

    FetchSessionCache(int maxSlots, int maxCachedPartitions, LongSupplier clock) {
        if (maxSlots < 0) {
            throw new IllegalArgumentException("max.incremental.fetch.session.cache.slots must not be negative: " + maxSlots);
        }
        this.maxSlots = maxSlots;
        this.maxCachedPartitions = maxCachedPartitions;
        this.clock = clock;
    }

    long nowMs() {
        return clock.getAsLong();
    }

    /** The session {@code id} if it exists and belongs to {@code replicaId}, else null. */
    FetchSession get(int id, int replicaId) {
        FetchSession session = id == 0 ? null : sessions.get(id);
        return session != null && session.replicaId == replicaId ? session : null;
    }

    /** Closes session {@code id} if it belongs to {@code replicaId}. */
    synchronized void remove(int id, int replicaId) {
        FetchSession session = get(id, replicaId);
        if (session != null) {
            sessions.remove(id, session);
        }
    }

    /**
     * A new, empty session for {@code replicaId} that will hold {@code partitions} partitions, or
     * null when the cache has no room for it: the caller answers without a session.
     */
    synchronized FetchSession create(int replicaId, boolean usesTopicIds, int partitions) {
        if (maxSlots == 0 || partitions > maxCachedPartitions) {
            return null;
        }
        long now = clock.getAsLong();
        boolean privileged = replicaId >= 0;
        while (sessions.size() >= maxSlots || partitionsCached() + partitions > maxCachedPartitions) {
            FetchSession victim = leastValuable();
            boolean stale = now - victim.lastUsedMs() > EVICTION_MS;
            boolean outranked = (privileged && !victim.privileged())
                    || (privileged == victim.privileged() && partitions > victim.size());
            if (!stale && !outranked) {
                return null;
            }
            sessions.remove(victim.id);
            evictions++;
            evictionRate.mark();
        }
        int id;
        do {
            id = random.nextInt();
        } while (id == 0 || sessions.containsKey(id));
        FetchSession session = new FetchSession(id, replicaId, usesTopicIds, now);
        sessions.put(id, session);
        return session;
    }

    /** The session to replace first: stale ones, then consumers' before followers', smaller, then older. */
    private FetchSession leastValuable() {
        long now = clock.getAsLong();
        FetchSession worst = null;
        for (FetchSession s : sessions.values()) {
            if (worst == null || rank(s, now) < rank(worst, now)
                    || (rank(s, now) == rank(worst, now) && (s.size() < worst.size()
                    || (s.size() == worst.size() && s.lastUsedMs() < worst.lastUsedMs())))) {
                worst = s;
            }
        }
        return worst;
    }

    private static int rank(FetchSession s, long now) {
        if (now - s.lastUsedMs() > EVICTION_MS) {
            return 0;
        }
        return s.privileged() ? 2 : 1;
    }

    /** The number of sessions (Kafka's NumIncrementalFetchSessions). */
    public int size() {
        return sessions.size();
    }

    /** The partitions all sessions hold now (Kafka's NumIncrementalFetchPartitionsCached). */
    public long partitionsCached() {
        long total = 0;
        for (FetchSession s : sessions.values()) {
            total += s.size();
        }
        return total;
    }

    /** Sessions replaced to make room for new ones since start (Kafka's IncrementalFetchSessionEvictionsPerSec counts these). */
    public synchronized long evictions() {
        return evictions;
    }

    /**
     * Registers Kafka's {@code kafka.server:type=FetchSessionCache} metrics: NumIncrementalFetchSessions,
     * NumIncrementalFetchPartitionsCached (gauges counted when read) and IncrementalFetchSessionEvictionsPerSec.
     */
    public void registerMetrics(MetricRegistry registry) {
        registry.register(METRIC_PREFIX + "NumIncrementalFetchSessions", (Gauge<Integer>) this::size);
        registry.register(METRIC_PREFIX + "NumIncrementalFetchPartitionsCached", (Gauge<Long>) this::partitionsCached);
        registry.register(METRIC_PREFIX + "IncrementalFetchSessionEvictionsPerSec", evictionRate);
    }

    /** The partitions of session {@code id}, or 0 if there is none: bounds the work of an incremental fetch. */
    public int sessionPartitions(int id) {
        FetchSession session = id == 0 ? null : sessions.get(id);
        return session == null ? 0 : session.size();
    }
}
