package io.gregor.replication;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.epoch.EpochEndOffset;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.fetcher.FetchSessionStats;
import io.gregor.replication.fetcher.ReplicaFetcherManager;
import io.gregor.replication.isr.AlterPartitionManager;
import io.gregor.replication.isr.ControllerNode;
import io.gregor.replication.purgatory.DelayedOperationPurgatory;
import io.gregor.replication.quota.ReplicationThrottles;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts and the data path through them: LeaderAndIsr/StopReplica from
 * the controller, produce (acks 0/1/all, waiting in a purgatory for the ISR), fetch (long poll in a
 * purgatory woken by appends and high-watermark moves), DeleteRecords (waiting in a purgatory for
 * the followers' log start offsets), ListOffsets and OffsetForLeaderEpoch. The work is done by
 * {@link PartitionStateChanges} (one partition's LeaderAndIsr state or StopReplica),
 * {@link ReplicaAppends}, {@link ReplicaReads}, {@link ReplicaOffsets} and {@link ReplicaLogDirs}
 * (failed log dirs and log dir moves); this class owns the hosted partitions, the purgatories and
 * the request-level checks.
 *
 * <p>Thread safety: callable from any request thread. Controller requests are serialized by
 * {@code stateChangeLock}; per-partition work is guarded by each {@link Partition}.
 */
public final class ReplicaManager {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

    private final int brokerId;
    private final Function<String, LogConfig> topicLogConfig;
    private final ToIntFunction<String> minInsyncReplicas;
    private final ReplicaFetcherControl fetchers;
    private final IsrChanges isrChanges;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** Leaders' endpoints from LeaderAndIsr's LiveLeaders (request-handler threads write, fetchers read). */
    private final Map<Integer, InetSocketAddress> leaderEndpoints = new java.util.concurrent.ConcurrentHashMap<>();
    private final LogManager logManager;
    private final TopicIds topicIds = new TopicIds(); // written under stateChangeLock
    private final DelayedOperationPurgatory<TopicPartition> producePurgatory;
    private final DelayedOperationPurgatory<TopicPartition> fetchPurgatory;
    private final DelayedOperationPurgatory<TopicPartition> deleteRecordsPurgatory;
    private final Object stateChangeLock = new Object();
    private final StateChangeThreads stateChangeThreads; // helps apply large LeaderAndIsr requests
    private final Lifecycle lifecycle = new Lifecycle("Replica manager");
    private final LeadershipListeners leadershipListeners;
    private final ReplicationThrottles throttles; // thread-safe itself
    private volatile int controllerEpoch = 0; // written under stateChangeLock
    private final ReplicaLogDirs logDirs; // failed log dirs, log dir moves
    private final ReplicaOffsets offsetRequests; // DeleteRecords, ListOffsets, OffsetForLeaderEpoch
    private final ReplicaAppends appends; // produce
    private final ReplicaReads reads; // fetch
    private final PartitionStateChanges stateChanges; // one partition's LeaderAndIsr state or StopReplica
    /** Local logs the last full LeaderAndIsr did not name, to check at the next UpdateMetadata; guarded by stateChangeLock. */
    private final Set<TopicPartition> strayCandidates = new HashSet<>();

    /**
     * @param topicLogConfig    a topic's log config (ZooKeeper overrides over broker defaults), e.g. {@link TopicConfigs#logConfig}
     * @param minInsyncReplicas a topic's {@code min.insync.replicas}, e.g. {@link TopicConfigs#minInsyncReplicas}
     * @param scheduler         runs purgatory timeouts (the answers are completed on it: keep it unblocked)
     * @param fetchers          starts/stops copying follower partitions from their leaders ({@link ReplicaFetcherControl#NONE} until replication)
     * @param clockMs           the time in milliseconds (ISR lag, expansion backoff): {@code System::currentTimeMillis} but in tests
     */
    public ReplicaManager(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig,
                          ToIntFunction<String> minInsyncReplicas, ScheduledExecutorService scheduler,
                          ReplicaFetcherControl fetchers, LongSupplier clockMs) {
        this(brokerId, logManager, topicLogConfig, minInsyncReplicas, scheduler, clockMs, rm -> fetchers,
                rm -> new IsrChanges(brokerId, null, ReplicationConfig.defaults(), scheduler, clockMs,
                        rm.partitions::values, rm::wake));
    }

    /**
     * A broker of a replicated cluster: follower partitions are copied by {@code num.replica.fetchers}
     * fetcher threads per leader; as leader it tracks its followers, moves the high watermark and
     * sends ISR changes to the controller. Call {@link #startup()} to start the ISR check and
     * {@link #shutdown()} to stop fetchers and the AlterPartition sender.
     *
     * @param brokerEndpoints a live broker's inter-broker endpoint (the metadata cache's view); a
     *                        leader it does not know yet is reached at the endpoint its last
     *                        LeaderAndIsr named ({@link #learnLeaderEndpoints})
     * @param controller      the active controller's id and inter-broker endpoint, if known
     * @param brokerEpoch     this broker's epoch (czxid of its /brokers/ids znode), -1 if unknown; its
     *                        follower fetches and ISR changes carry it, so keep it cheap (no ZooKeeper read)
     * @param clockMs         the time in milliseconds (ISR lag, expansion backoff): {@code System::currentTimeMillis} but in tests
     */
    public ReplicaManager(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig,
                          ToIntFunction<String> minInsyncReplicas, ScheduledExecutorService scheduler,
                          ReplicationConfig config, Function<Integer, Optional<InetSocketAddress>> brokerEndpoints,
                          Supplier<Optional<ControllerNode>> controller, LongSupplier brokerEpoch, LongSupplier clockMs) {
        this(brokerId, logManager, topicLogConfig, minInsyncReplicas, scheduler, clockMs,
                rm -> new ReplicaFetcherManager(brokerId, brokerEpoch, config,
                        id -> brokerEndpoints.apply(id).or(() -> Optional.ofNullable(rm.leaderEndpoints.get(id))), rm::partition,
                        rm::topicId, rm::wake, rm.throttles.follower()),
                rm -> new IsrChanges(brokerId, new AlterPartitionManager(brokerId, controller, brokerEpoch,
                        rm::topicId, config.replicaFetchBackoffMs(), config.connectTimeoutMs(), config.interBrokerSecurity()),
                        config, scheduler, clockMs,
                        rm.partitions::values, rm::wake));
    }

    /**
     * The leaders' inter-broker endpoints named by the controller's LeaderAndIsr requests (their
     * LiveLeaders), as Kafka's followers learn them: a broker that has just started gets its
     * LeaderAndIsr before the UpdateMetadata that fills its metadata cache, and its fetchers must
     * not wait for the latter. Later requests replace a broker's endpoint.
     */
    public void learnLeaderEndpoints(Map<Integer, InetSocketAddress> endpoints) {
        endpoints.forEach((id, endpoint) -> {
            InetSocketAddress known = leaderEndpoints.get(id);
            if (known == null || !known.getHostString().equals(endpoint.getHostString())
                    || known.getPort() != endpoint.getPort()) {
                // resolved once per new endpoint, not per request
                leaderEndpoints.put(id, new InetSocketAddress(endpoint.getHostString(), endpoint.getPort()));
            }
        });
    }

    private ReplicaManager(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig,
                           ToIntFunction<String> minInsyncReplicas, ScheduledExecutorService scheduler, LongSupplier clockMs,
                           Function<ReplicaManager, ReplicaFetcherControl> fetchers,
                           Function<ReplicaManager, IsrChanges> isrChanges) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.throttles = new ReplicationThrottles(brokerId, clockMs);
        this.topicLogConfig = topicLogConfig;
        this.minInsyncReplicas = minInsyncReplicas;
        this.producePurgatory = new DelayedOperationPurgatory<>("Produce", scheduler);
        this.fetchPurgatory = new DelayedOperationPurgatory<>("Fetch", scheduler);
        this.deleteRecordsPurgatory = new DelayedOperationPurgatory<>("DeleteRecords", scheduler);
        this.stateChangeThreads = new StateChangeThreads(brokerId);
        this.leadershipListeners = new LeadershipListeners(brokerId);
        this.fetchers = fetchers.apply(this);
        this.isrChanges = isrChanges.apply(this);
        this.logDirs = new ReplicaLogDirs(brokerId, logManager, topicLogConfig, stateChangeLock, partitions,
                tp -> {
                    this.fetchers.stopFetching(tp);
                    this.isrChanges.forget(tp);
                },
                tp -> {
                    wake(tp);
                    leadershipListeners.notify(tp);
                }, throttles.alterLogDirs());
        this.offsetRequests = new ReplicaOffsets(brokerId, logManager, partitions, deleteRecordsPurgatory);
        this.appends = new ReplicaAppends(brokerId, partitions, logDirs::isOffline, producePurgatory, fetchPurgatory);
        this.stateChanges = new PartitionStateChanges(brokerId, logManager, partitions, this.fetchers, this.isrChanges,
                logDirs, this::wake, clockMs);
        this.reads = new ReplicaReads(brokerId, partitions, logDirs::isOffline, throttles, this.isrChanges, this::wake,
                fetchPurgatory, deleteRecordsPurgatory);
    }

    /** A broker without replica fetchers (one-broker clusters, and until replication arrives). */
    public ReplicaManager(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig,
                          ToIntFunction<String> minInsyncReplicas, ScheduledExecutorService scheduler) {
        this(brokerId, logManager, topicLogConfig, minInsyncReplicas, scheduler, ReplicaFetcherControl.NONE,
                System::currentTimeMillis);
    }

    // ---- controller requests ----

    /** The answer to a LeaderAndIsr or StopReplica request: a request-level error and per-partition errors. */
    public record StateChangeResult(Errors error, Map<TopicPartition, Errors> partitionErrors) {
    }

    /**
     * Applies a LeaderAndIsr request: refuses it whole with STALE_CONTROLLER_EPOCH if an older
     * controller sent it; ignores (STALE_CONTROLLER_EPOCH per partition) states older than the
     * partition's leader epoch; UNKNOWN_TOPIC_OR_PARTITION where this broker is not a replica.
     *
     * @param topicIdsByName the topics' ids (LeaderAndIsr v5+), remembered for fetches by id
     */
    public StateChangeResult becomeLeaderOrFollower(int requestControllerEpoch, List<LeaderAndIsrPartitionState> states,
                                                    Map<String, UUID> topicIdsByName) {
        return becomeLeaderOrFollower(requestControllerEpoch, states, topicIdsByName, false);
    }

    /**
     * As {@link #becomeLeaderOrFollower(int, List, Map)}; a {@code full} request (LeaderAndIsr Type
     * 2, which the controller sends to a broker that registers and at its own start) names every
     * partition this broker hosts, so the logs of the partitions it does not name may be strays,
     * replicas removed from this broker while it was away: {@link #deleteStrayLogs} deletes those
     * the cluster's metadata assigns to other brokers. Logs on a failed log dir are left alone.
     */
    public StateChangeResult becomeLeaderOrFollower(int requestControllerEpoch, List<LeaderAndIsrPartitionState> states,
                                                    Map<String, UUID> topicIdsByName, boolean full) {
        synchronized (stateChangeLock) {
            if (requestControllerEpoch < controllerEpoch) {
                log.warn("Ignoring LeaderAndIsr from controller epoch {}: the current epoch is {}",
                        requestControllerEpoch, controllerEpoch);
                return new StateChangeResult(Errors.STALE_CONTROLLER_EPOCH, errorForAll(states, Errors.STALE_CONTROLLER_EPOCH));
            }
            controllerEpoch = requestControllerEpoch;
            topicIds.learn(topicIdsByName);
            List<Errors> results = applyStates(states, new TopicSettings(topicLogConfig, minInsyncReplicas));
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
            for (int i = 0; i < results.size(); i++) {
                errors.put(states.get(i).topicPartition(), results.get(i));
            }
            errors.keySet().forEach(leadershipListeners::notify);
            if (full) {
                findStrayLogs(errors.keySet());
            }
            return new StateChangeResult(Errors.NONE, errors);
        }
    }

    /** Remembers the logs a full LeaderAndIsr did not name as stray candidates (under stateChangeLock). */
    private void findStrayLogs(Set<TopicPartition> named) {
        strayCandidates.clear();
        for (Log candidate : logManager.allLogs()) {
            TopicPartition tp = candidate.topicPartition();
            if (!named.contains(tp) && !logDirs.isOffline(tp)) {
                strayCandidates.add(tp);
            }
        }
        if (!strayCandidates.isEmpty()) {
            log.info("Broker {}: the controller's full LeaderAndIsr does not name the local logs of {}; checking their "
                    + "assignments at the next UpdateMetadata", brokerId, strayCandidates);
        }
    }

    /**
     * Deletes the stray logs found by the last full LeaderAndIsr: those of partitions still not
     * hosted here that {@code assignedElsewhere} says exist with replicas excluding this broker (the
     * broker's metadata, up to date with the UpdateMetadata that follows that LeaderAndIsr), as
     * StopReplica with delete does. Logs of partitions it does not know (a topic unknown to the
     * cluster) are kept, with a warning. Each candidate is checked once.
     */
    public void deleteStrayLogs(Predicate<TopicPartition> assignedElsewhere) {
        synchronized (stateChangeLock) {
            for (TopicPartition tp : List.copyOf(strayCandidates)) {
                strayCandidates.remove(tp);
                Optional<Log> stray = logManager.getLog(tp);
                if (stray.isEmpty() || partitions.containsKey(tp) || logDirs.isOffline(tp)) {
                    continue;
                }
                if (!assignedElsewhere.test(tp)) {
                    log.warn("Broker {}: keeping the log of {} in {}: the controller does not name it, nor does the "
                            + "cluster's metadata assign it to other brokers", brokerId, tp, stray.get().dir());
                    continue;
                }
                log.warn("Broker {}: deleting the stray log of {} in {}: its replicas are on other brokers (this one was "
                        + "removed while it was away)", brokerId, tp, stray.get().dir());
                stateChanges.stop(new StopReplicaPartition(tp, -2, true)); // -2: as for a deletion, whatever the epoch
                leadershipListeners.notify(tp);
            }
        }
    }

    /**
     * Applies the partition states of one request, the result of each at its index; a request naming
     * a partition twice is applied in order, on the calling thread.
     */
    private List<Errors> applyStates(List<LeaderAndIsrPartitionState> states, TopicSettings settings) {
        if (states.stream().map(LeaderAndIsrPartitionState::topicPartition).distinct().count() < states.size()) {
            return states.stream().map(state -> stateChanges.apply(state, settings)).toList();
        }
        return stateChangeThreads.applyAll(states, state -> stateChanges.apply(state, settings));
    }

    /**
     * Applies a StopReplica request: forgets the partitions (answering waiting requests with
     * NOT_LEADER_OR_FOLLOWER) and, where asked, deletes their logs. A partition whose current
     * leader epoch is newer than the request's is left alone with FENCED_LEADER_EPOCH; the request
     * epochs -1 (none given, before v3) and -2 (topic deletion) always apply.
     */
    public StateChangeResult stopReplicas(int requestControllerEpoch, List<StopReplicaPartition> stops) {
        synchronized (stateChangeLock) {
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
            if (requestControllerEpoch < controllerEpoch) {
                stops.forEach(s -> errors.put(s.topicPartition(), Errors.STALE_CONTROLLER_EPOCH));
                return new StateChangeResult(Errors.STALE_CONTROLLER_EPOCH, errors);
            }
            controllerEpoch = requestControllerEpoch;
            for (StopReplicaPartition stop : stops) {
                errors.put(stop.topicPartition(), stateChanges.stop(stop));
            }
            errors.keySet().forEach(leadershipListeners::notify);
            return new StateChangeResult(Errors.NONE, errors);
        }
    }

    /**
     * Registers a listener told after every LeaderAndIsr or StopReplica request about each partition
     * it named (the group coordinator loads and unloads {@code __consumer_offsets} partitions this way).
     */
    public void addLeadershipChangeListener(LeadershipChangeListener listener) {
        leadershipListeners.add(listener);
    }

    private static Map<TopicPartition, Errors> errorForAll(List<LeaderAndIsrPartitionState> states, Errors error) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        states.forEach(s -> errors.put(s.topicPartition(), error));
        return errors;
    }

    // ---- produce (in ReplicaAppends) and fetch (in ReplicaReads) ----

    /**
     * Appends producer batches as leader. The future completes with every partition's result:
     * at once for acks 0 and 1 (the caller sends nothing for acks=0), for acks=all when every ISR
     * member has the data or after {@code timeoutMs}. An acks value other than 0, 1, -1 fails
     * every partition with INVALID_REQUIRED_ACKS.
     */
    public CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appendRecords(
            long timeoutMs, short requiredAcks, Map<TopicPartition, MemoryRecords> entries) {
        return appends.appendRecords(timeoutMs, requiredAcks, entries);
    }

    /**
     * WriteTxnMarkers: writes each partition's COMMIT or ABORT marker as its leader and completes
     * when the ISR has it (min.insync.replicas applies, as for acks=all) or after {@code timeoutMs}.
     */
    public CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appendTxnMarkers(
            long timeoutMs, Map<TopicPartition, TxnMarker> markers) {
        return appends.appendTxnMarkers(timeoutMs, markers);
    }

    /**
     * Reads the partitions for a fetch, at once or, without enough data, after a long poll; see
     * {@link ReplicaReads#fetchMessages}. A caller that no longer wants the answer cancels the
     * returned future: a waiting fetch then leaves the purgatory at once.
     */
    public CompletableFuture<List<FetchPartitionResult>> fetchMessages(FetchParams params,
                                                                       List<FetchPartitionRequest> requests) {
        return reads.fetchMessages(params, requests);
    }

    // ---- DeleteRecords and offsets (in ReplicaOffsets) ----

    /**
     * DeleteRecords: moves each partition's log start offset on this leader, writes the
     * log-start-offset checkpoint, and completes when every in-sync follower has moved its own log
     * start there too, or after {@code timeoutMs} (REQUEST_TIMED_OUT for the partitions still
     * waiting); UNKNOWN_TOPIC_OR_PARTITION for a partition this broker does not host.
     */
    public CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> deleteRecords(
            long timeoutMs, Map<TopicPartition, Long> offsets) {
        return offsetRequests.deleteRecords(timeoutMs, offsets);
    }

    /**
     * ListOffsets for one partition: consumers ({@code replicaId == -1}) are bounded by the high
     * watermark and must ask the leader; {@code replicaId == -2} (debugging tools) may read a
     * follower, bounded by its log end offset.
     */
    public OffsetLookupResult fetchOffset(TopicPartition tp, long timestamp, int replicaId, int currentLeaderEpoch) {
        return fetchOffset(tp, timestamp, replicaId, currentLeaderEpoch, false);
    }

    /** As above; a read_committed consumer ({@code readCommitted}) is bounded by the last stable offset instead. */
    public OffsetLookupResult fetchOffset(TopicPartition tp, long timestamp, int replicaId, int currentLeaderEpoch,
                                          boolean readCommitted) {
        return offsetRequests.fetchOffset(tp, timestamp, replicaId, currentLeaderEpoch, readCommitted);
    }

    /** OffsetForLeaderEpoch: the end offset of {@code leaderEpoch} in the leader's log and that epoch (or the largest below it). */
    public OffsetForEpochResult lastOffsetForLeaderEpoch(TopicPartition tp, int currentLeaderEpoch, int leaderEpoch) {
        return offsetRequests.lastOffsetForLeaderEpoch(tp, currentLeaderEpoch, leaderEpoch);
    }

    /** An OffsetForLeaderEpoch answer for one partition. */
    public record OffsetForEpochResult(Errors error, EpochEndOffset endOffset) {
    }

    // ---- configuration ----

    /**
     * Re-reads the configuration of {@code topic} for the partitions hosted here (its log config
     * and {@code min.insync.replicas}); called when {@code /config/topics/<topic>} changes.
     */
    public void updateTopicConfig(String topic) {
        LogConfig config = topicLogConfig.apply(topic);
        int minIsr = minInsyncReplicas.applyAsInt(topic);
        for (Partition p : partitions.values()) {
            if (p.topicPartition().topic().equals(topic)) {
                p.log().updateConfig(config);
                p.setMinInsyncReplicas(minIsr);
            }
        }
    }

    /**
     * Removes from every hosted partition's producer state the producers without an open transaction
     * idle for at least {@code expirationMs} ({@code producer.id.expiration.ms}); the broker calls it
     * every {@code producer.id.expiration.check.interval.ms}. Returns how many were removed.
     */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        int removed = 0;
        for (Partition partition : partitions.values()) {
            try {
                removed += partition.removeExpiredProducers(nowMs, expirationMs);
            } catch (RuntimeException e) {
                log.warn("Could not expire the producers of {} on broker {}: {}", partition.topicPartition(), brokerId,
                        e.toString());
            }
        }
        return removed;
    }

    // ---- ISR ----

    /**
     * Starts the periodic ISR shrink check (every half {@code replica.lag.time.max.ms}), if this broker
     * replicates. A second startup, or one after {@link #shutdown()}, throws {@link IllegalStateException}.
     */
    public synchronized void startup() {
        lifecycle.start();
        isrChanges.startup();
        logDirs.start();
    }

    // ---- failed log directories ----

    /**
     * Registers a listener told, on the failure handler's thread, about each log directory this
     * broker took offline (the broker tells the controller through ZooKeeper).
     */
    public void addLogDirFailureListener(Consumer<Path> listener) {
        logDirs.addFailureListener(listener);
    }


    /**
     * Takes the partitions of failed log dir {@code dir} offline, as Kafka's replica manager does:
     * their fetchers stop, waiting requests are answered, the log manager closes their logs, later
     * requests for them get KAFKA_STORAGE_ERROR, and the listeners (the controller's notification)
     * are told. The broker keeps serving its other dirs.
     */
    void handleLogDirFailure(Path dir) {
        logDirs.handleLogDirFailure(dir);
    }

    /**
     * AlterReplicaLogDirs: moves each replica's log to the named log dir of this broker, as Kafka
     * answers it: LOG_DIR_NOT_FOUND for a path that is not one of {@code log.dirs},
     * KAFKA_STORAGE_ERROR for an offline dir or partition, REPLICA_NOT_AVAILABLE for a partition
     * this broker does not hold yet (its log will be created in that dir when it comes), else NONE
     * at once while the move runs in the background (see {@link LogManager#moveLog}); a replica
     * already there is left alone.
     */
    public Map<TopicPartition, Errors> alterReplicaLogDirs(Map<TopicPartition, Path> destinations) {
        return logDirs.alterReplicaLogDirs(destinations);
    }

    /** {@code num.replica.fetchers} changed while running (Kafka's resizeFetcherThreadPool); no-op without fetchers. */
    public void resizeFetcherThreadPool(int numFetchers) {
        if (fetchers instanceof ReplicaFetcherManager manager) {
            manager.resize(numFetchers);
        }
    }

    /**
     * How many follower Fetch requests this broker's fetchers sent and how many partitions they
     * listed and got back, since start (all zero without fetchers); for tests of fetch sessions.
     */
    public FetchSessionStats.Totals fetchSessionTotals() {
        return fetchers instanceof ReplicaFetcherManager manager ? manager.fetchSessionTotals()
                : new FetchSessionStats.Totals(0, 0, 0, 0);
    }

    /** True when the log of {@code tp} was on a log dir that failed. */
    public boolean isOffline(TopicPartition tp) {
        return logDirs.isOffline(tp);
    }

    /**
     * Stops the ISR check, the replica fetchers and the AlterPartition sender (also if never
     * started), then snapshots each partition's producer state; idempotent.
     */
    public synchronized void shutdown() {
        if (lifecycle.close() == Lifecycle.State.CLOSED) {
            return;
        }
        isrChanges.stopChecking();
        logDirs.close();
        if (fetchers instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Broker {} could not stop its replica fetchers", brokerId, e);
            }
        }
        isrChanges.close();
        stateChangeThreads.close();
        // nothing appends any more: snapshot the producer state so the next start reads no batch header
        partitions.values().forEach(Partition::snapshotProducerState);
    }

    /** Proposes removing followers not caught up within {@code replica.lag.time.max.ms} from the ISRs this broker leads. */
    void maybeShrinkIsr() {
        isrChanges.maybeShrinkIsr();
    }

    // ---- state ----

    private void wake(TopicPartition tp) {
        producePurgatory.checkAndComplete(tp);
        fetchPurgatory.checkAndComplete(tp);
        deleteRecordsPurgatory.checkAndComplete(tp);
    }

    /**
     * DescribeLogDirs: every log directory of this broker with the replicas it holds ({@code wanted}
     * of them, or all when empty), their sizes and offset lags.
     */
    public List<LogDirDescription> describeLogDirs(Optional<Set<TopicPartition>> wanted) {
        return logDirs.describeLogDirs(wanted);
    }

    /**
     * Registers Kafka's {@code kafka.server:type=ReplicaManager} metrics of this broker in
     * {@code registry}, and its replica fetchers' {@code type=ReplicaFetcherManager} ones.
     */
    public void registerMetrics(com.codahale.metrics.MetricRegistry registry) {
        ReplicaManagerMetrics.register(registry, partitions, this::isOffline, isrChanges);
        if (fetchers instanceof ReplicaFetcherManager manager) {
            manager.registerMetrics(registry);
        }
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /** The name of the topic with id {@code topicId}, as LeaderAndIsr (v5+) told this broker; a map lookup. */
    public Optional<String> topicName(UUID topicId) {
        return topicIds.name(topicId);
    }

    /** The id of {@code topic}, if LeaderAndIsr (v5+) told this broker. */
    public Optional<UUID> topicId(String topic) {
        return topicIds.id(topic);
    }

    /** This broker's replication throttles (rates and throttled partitions), see {@link ReplicationThrottles}. */
    public ReplicationThrottles throttles() {
        return throttles;
    }

    public int controllerEpoch() {
        return controllerEpoch;
    }

    public int brokerId() {
        return brokerId;
    }

    /** Delayed produces and fetches still waiting (for tests and metrics). */
    public int delayedOperationCount() {
        return producePurgatory.watched() + fetchPurgatory.watched() + deleteRecordsPurgatory.watched();
    }

    /** Partition reads done for fetches since start: what waiting fetches cost (for tests). */
    long fetchPartitionReads() {
        return reads.partitionReads();
    }
}
