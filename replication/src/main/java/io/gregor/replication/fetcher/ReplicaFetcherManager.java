package io.gregor.replication.fetcher;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.Partition;
import io.gregor.replication.ReplicaFetcherControl;
import io.gregor.replication.ReplicationConfig;
import io.gregor.replication.quota.ReplicationQuota;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica fetchers of one broker: {@code num.replica.fetchers} fetcher threads per source
 * broker, each partition assigned to one of them by a hash of its name. Starting to fetch a
 * partition moves it to the fetcher of its (new) leader and first has it truncate where its log
 * diverges from the leader's; stopping removes it. Fetchers left without partitions are shut down.
 * {@link #resize} changes {@code num.replica.fetchers} while running, as Kafka's
 * {@code AbstractFetcherManager.resizeThreadPool}: every partition moves to the fetcher its hash
 * names under the new count, keeping its fetch offset and leader epoch.
 *
 * <p>Thread safety: all methods are {@code synchronized}; they never wait on the network.
 */
public final class ReplicaFetcherManager implements ReplicaFetcherControl, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherManager.class);

    private final int brokerId;
    private final LongSupplier brokerEpoch;
    private final ReplicationConfig config;
    private final Function<Integer, Optional<InetSocketAddress>> brokerEndpoints;
    private final Function<TopicPartition, Optional<Partition>> partitions;
    private final Function<String, Optional<UUID>> topicIds;
    private final Consumer<TopicPartition> onFollowerProgress;
    private final ReplicationQuota followerQuota;
    private final FetchSessionStats sessionStats = new FetchSessionStats();
    /** Changed under this; the metrics read it without. */
    private final Map<FetcherKey, ReplicaFetcher> fetchers = new ConcurrentHashMap<>();
    private final Map<TopicPartition, FetcherKey> assignment = new HashMap<>(); // guarded by this
    private int numFetchers; // guarded by this
    private boolean closed; // guarded by this

    /** A fetcher thread: the source broker and its index among that broker's fetchers. */
    record FetcherKey(int sourceBroker, int fetcherId) {
    }

    /**
     * @param brokerEpoch        this broker's broker epoch (the czxid of its registration), -1 while
     *                           unregistered; every Fetch carries it as the replica epoch
     * @param brokerEndpoints    a broker's inter-broker endpoint, if it is alive (e.g. from the metadata cache)
     * @param partitions         the partitions this broker hosts
     * @param topicIds           a topic's id as LeaderAndIsr gave it (Fetch v13+ names topics by id)
     * @param onFollowerProgress called after a follower append or truncation of a partition
     * @param followerQuota      the follower side of the replication throttle
     */
    public ReplicaFetcherManager(int brokerId, LongSupplier brokerEpoch, ReplicationConfig config,
                                 Function<Integer, Optional<InetSocketAddress>> brokerEndpoints,
                                 Function<TopicPartition, Optional<Partition>> partitions,
                                 Function<String, Optional<UUID>> topicIds,
                                 Consumer<TopicPartition> onFollowerProgress, ReplicationQuota followerQuota) {
        this.brokerId = brokerId;
        this.brokerEpoch = brokerEpoch;
        this.config = config;
        this.brokerEndpoints = brokerEndpoints;
        this.partitions = partitions;
        this.topicIds = topicIds;
        this.onFollowerProgress = onFollowerProgress;
        this.followerQuota = followerQuota;
        this.numFetchers = config.numReplicaFetchers();
    }

    @Override
    public synchronized void startFetching(TopicPartition tp, int leaderId, int leaderEpoch, long fetchOffset) {
        if (closed) {
            return;
        }
        FetcherKey key = new FetcherKey(leaderId, fetcherId(tp));
        FetcherKey previous = assignment.put(tp, key);
        if (previous != null && !previous.equals(key)) {
            removeFrom(previous, tp);
        }
        fetcherFor(key).addPartition(tp, leaderEpoch, fetchOffset);
        if (topicIds.apply(tp.topic()).isEmpty()) {
            log.warn("Broker {} cannot fetch {} from broker {}: no topic id is known for {} (Fetch v13+ names topics "
                    + "by id); it retries every {} ms", brokerId, tp, leaderId, tp.topic(), config.replicaFetchBackoffMs());
        }
        // DEBUG: the INFO line "Broker B follows broker L for tp at epoch E" says it once per replica already
        log.debug("Broker {} fetches {} from broker {} at epoch {} (fetcher {})", brokerId, tp, leaderId,
                leaderEpoch, key.fetcherId());
    }

    private ReplicaFetcher fetcherFor(FetcherKey key) {
        return fetchers.computeIfAbsent(key, k -> {
            ReplicaFetcher f = new ReplicaFetcher(brokerId, brokerEpoch, k.sourceBroker(), k.fetcherId(), config,
                    brokerEndpoints, partitions, topicIds, onFollowerProgress, followerQuota, sessionStats);
            f.start();
            return f;
        });
    }

    /**
     * {@code num.replica.fetchers} changed: every fetcher is stopped (finishing the response it is
     * applying; no interrupt) and its partitions go, with their fetch offsets, leader epochs and
     * truncation state, to the fetcher their hash names under {@code newCount}. Replication pauses
     * for as long as the slowest fetcher takes to stop (a request under way is cut short).
     */
    public synchronized void resize(int newCount) {
        if (newCount < 1) {
            throw new IllegalArgumentException("num.replica.fetchers must be at least 1: " + newCount);
        }
        if (closed || newCount == numFetchers) {
            numFetchers = newCount;
            return;
        }
        int oldCount = numFetchers;
        numFetchers = newCount;
        Map<TopicPartition, PartitionFetchState> moved = new HashMap<>();
        Map<TopicPartition, Integer> sources = new HashMap<>();
        for (Map.Entry<FetcherKey, ReplicaFetcher> e : fetchers.entrySet()) {
            e.getValue().stopAndRemoveAll().forEach((tp, state) -> {
                moved.put(tp, state);
                sources.put(tp, e.getKey().sourceBroker());
            });
        }
        fetchers.clear();
        assignment.clear();
        moved.forEach((tp, state) -> {
            FetcherKey key = new FetcherKey(sources.get(tp), fetcherId(tp));
            assignment.put(tp, key);
            fetcherFor(key).addPartitionState(tp, state);
        });
        log.info("Broker {} resized its replica fetchers from {} to {} per source broker: {} partitions on {} fetchers",
                brokerId, oldCount, newCount, moved.size(), fetchers.size());
    }

    /** {@code num.replica.fetchers} in effect. */
    public synchronized int numFetchers() {
        return numFetchers;
    }

    @Override
    public synchronized void stopFetching(TopicPartition tp) {
        FetcherKey key = assignment.remove(tp);
        if (key != null) {
            removeFrom(key, tp);
        }
    }

    private void removeFrom(FetcherKey key, TopicPartition tp) {
        ReplicaFetcher fetcher = fetchers.get(key);
        if (fetcher != null && fetcher.removePartition(tp) == 0) {
            fetchers.remove(key);
            fetcher.shutdown();
        }
    }

    private int fetcherId(TopicPartition tp) {
        return Math.floorMod(31 * tp.topic().hashCode() + tp.partition(), numFetchers);
    }

    /**
     * Kafka's {@code MaxLag}: the largest lag, in records, of this broker's follower partitions
     * behind their leaders (each leader's high watermark in its last fetch answer minus the next
     * offset to fetch); 0 without follower partitions. Takes no lock.
     */
    public long maxLag() {
        long max = 0;
        for (ReplicaFetcher f : fetchers.values()) {
            max = Math.max(max, f.maxLag());
        }
        return max;
    }

    /**
     * Kafka's {@code MinFetchRate}: the lowest one-minute rate of fetch requests among the fetcher
     * threads; 0 without fetchers. Takes no lock.
     */
    public double minFetchRate() {
        double min = Double.MAX_VALUE;
        for (ReplicaFetcher f : fetchers.values()) {
            min = Math.min(min, f.fetchRequestRate());
        }
        return min == Double.MAX_VALUE ? 0.0 : min;
    }

    /**
     * Registers {@code kafka.server:type=ReplicaFetcherManager,name=MaxLag|MinFetchRate,clientId=Replica}
     * in {@code registry}.
     */
    public void registerMetrics(MetricRegistry registry) {
        String prefix = "kafka.server:type=ReplicaFetcherManager,name=";
        registry.register(prefix + "MaxLag,clientId=Replica", (Gauge<Long>) this::maxLag);
        registry.register(prefix + "MinFetchRate,clientId=Replica", (Gauge<Double>) this::minFetchRate);
    }

    /** How many partitions this broker's follower fetches listed and got back, since it started (for tests). */
    public FetchSessionStats.Totals fetchSessionTotals() {
        return sessionStats.totals();
    }

    /** The number of running fetcher threads (for tests and metrics). */
    public synchronized int fetcherCount() {
        return fetchers.size();
    }

    /** Stops every fetcher thread and waits for them to end. */
    @Override
    public synchronized void close() {
        closed = true;
        fetchers.values().forEach(ReplicaFetcher::shutdown);
        fetchers.clear();
        assignment.clear();
    }
}
