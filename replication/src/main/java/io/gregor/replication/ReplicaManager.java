package io.gregor.replication;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.epoch.EpochEndOffset;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.fetcher.ReplicaFetcherManager;
import io.gregor.replication.isr.AlterPartitionManager;
import io.gregor.replication.isr.ControllerNode;
import io.gregor.replication.purgatory.DelayedOperationPurgatory;
import io.gregor.replication.quota.ReplicationThrottles;
import java.io.IOException;
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
 * the followers' log start offsets), ListOffsets and OffsetForLeaderEpoch.
 *
 * <p>Thread safety: callable from any request thread. Controller requests are serialized by
 * {@code stateChangeLock}; per-partition work is guarded by each {@link Partition}.
 */
public final class ReplicaManager {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final Function<String, LogConfig> topicLogConfig;
    private final ToIntFunction<String> minInsyncReplicas;
    private final ReplicaFetcherControl fetchers;
    private final IsrChanges isrChanges;
    private final LongSupplier clockMs; // the time for ISR lag and expansion backoff: System::currentTimeMillis outside tests
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
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
    /** Partitions whose log was on a failed log directory: refused with KAFKA_STORAGE_ERROR until restart. */
    private final Set<TopicPartition> offlinePartitions = ConcurrentHashMap.newKeySet(); // written under stateChangeLock
    /** Local logs the last full LeaderAndIsr did not name, to check at the next UpdateMetadata; guarded by stateChangeLock. */
    private final Set<TopicPartition> strayCandidates = new HashSet<>();
    private final LogDirFailureHandler logDirFailureHandler;
    private final ReplicaLogDirMover logDirMover;

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
        this.brokerId = brokerId;
        this.clockMs = clockMs;
        this.throttles = new ReplicationThrottles(brokerId, clockMs);
        this.fetchers = fetchers;
        this.isrChanges = new IsrChanges(brokerId, null, ReplicationConfig.defaults(), scheduler, clockMs,
                partitions::values, this::wake);
        this.logManager = logManager;
        this.topicLogConfig = topicLogConfig;
        this.minInsyncReplicas = minInsyncReplicas;
        this.producePurgatory = new DelayedOperationPurgatory<>("Produce", scheduler);
        this.fetchPurgatory = new DelayedOperationPurgatory<>("Fetch", scheduler);
        this.deleteRecordsPurgatory = new DelayedOperationPurgatory<>("DeleteRecords", scheduler);
        this.stateChangeThreads = new StateChangeThreads(brokerId);
        this.leadershipListeners = new LeadershipListeners(brokerId);
        this.logDirFailureHandler = new LogDirFailureHandler(brokerId, logManager.failureChannel(), this::handleLogDirFailure);
        this.logDirMover = new ReplicaLogDirMover(brokerId, logManager, topicLogConfig, this::partition);
    }

    /**
     * A broker of a replicated cluster: follower partitions are copied by {@code num.replica.fetchers}
     * fetcher threads per leader; as leader it tracks its followers, moves the high watermark and
     * sends ISR changes to the controller. Call {@link #startup()} to start the ISR check and
     * {@link #shutdown()} to stop fetchers and the AlterPartition sender.
     *
     * @param brokerEndpoints a live broker's inter-broker endpoint (the metadata cache's view)
     * @param controller      the active controller's id and inter-broker endpoint, if known
     * @param brokerEpoch     this broker's epoch (czxid of its /brokers/ids znode), -1 if unknown; its
     *                        follower fetches and ISR changes carry it, so keep it cheap (no ZooKeeper read)
     * @param clockMs         the time in milliseconds (ISR lag, expansion backoff): {@code System::currentTimeMillis} but in tests
     */
    public ReplicaManager(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig,
                          ToIntFunction<String> minInsyncReplicas, ScheduledExecutorService scheduler,
                          ReplicationConfig config, Function<Integer, Optional<InetSocketAddress>> brokerEndpoints,
                          Supplier<Optional<ControllerNode>> controller, LongSupplier brokerEpoch, LongSupplier clockMs) {
        this.brokerId = brokerId;
        this.clockMs = clockMs;
        this.throttles = new ReplicationThrottles(brokerId, clockMs);
        this.fetchers = new ReplicaFetcherManager(brokerId, brokerEpoch, config, brokerEndpoints, this::partition,
                this::topicId, this::wake, throttles.follower());
        this.isrChanges = new IsrChanges(brokerId, new AlterPartitionManager(brokerId, controller, brokerEpoch,
                this::topicId, config.replicaFetchBackoffMs(), config.connectTimeoutMs()), config, scheduler, clockMs,
                partitions::values, this::wake);
        this.logManager = logManager;
        this.topicLogConfig = topicLogConfig;
        this.minInsyncReplicas = minInsyncReplicas;
        this.producePurgatory = new DelayedOperationPurgatory<>("Produce", scheduler);
        this.fetchPurgatory = new DelayedOperationPurgatory<>("Fetch", scheduler);
        this.deleteRecordsPurgatory = new DelayedOperationPurgatory<>("DeleteRecords", scheduler);
        this.stateChangeThreads = new StateChangeThreads(brokerId);
        this.leadershipListeners = new LeadershipListeners(brokerId);
        this.logDirFailureHandler = new LogDirFailureHandler(brokerId, logManager.failureChannel(), this::handleLogDirFailure);
        this.logDirMover = new ReplicaLogDirMover(brokerId, logManager, topicLogConfig, this::partition);
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
            if (!named.contains(tp) && !offlinePartitions.contains(tp)) {
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
                if (stray.isEmpty() || partitions.containsKey(tp) || offlinePartitions.contains(tp)) {
                    continue;
                }
                if (!assignedElsewhere.test(tp)) {
                    log.warn("Broker {}: keeping the log of {} in {}: the controller does not name it, nor does the "
                            + "cluster's metadata assign it to other brokers", brokerId, tp, stray.get().dir());
                    continue;
                }
                log.warn("Broker {}: deleting the stray log of {} in {}: its replicas are on other brokers (this one was "
                        + "removed while it was away)", brokerId, tp, stray.get().dir());
                stopReplica(new StopReplicaPartition(tp, -2, true)); // -2: as for a deletion, whatever the epoch
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
            return states.stream().map(state -> applyState(state, settings)).toList();
        }
        return stateChangeThreads.applyAll(states, state -> applyState(state, settings));
    }

    private Errors applyState(LeaderAndIsrPartitionState state, TopicSettings settings) {
        TopicPartition tp = state.topicPartition();
        if (offlinePartitions.contains(tp)) {
            return Errors.KAFKA_STORAGE_ERROR; // its log dir failed: the controller makes this replica offline
        }
        Partition existing = partitions.get(tp);
        if (existing != null && state.leaderEpoch() < existing.leaderEpoch()) {
            log.info("Ignoring LeaderAndIsr for {} with leader epoch {}: the current epoch is {}", tp,
                    state.leaderEpoch(), existing.leaderEpoch());
            return Errors.STALE_CONTROLLER_EPOCH;
        }
        if (!state.replicas().contains(brokerId)) {
            log.warn("Ignoring LeaderAndIsr for {}: broker {} is not among its replicas {}", tp, brokerId,
                    state.replicas());
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        try {
            Partition partition = existing != null ? existing : createPartition(tp, settings);
            partition.setMinInsyncReplicas(settings.minInsyncReplicas(tp.topic()));
            if (state.leader() == brokerId) {
                fetchers.stopFetching(tp);
                if (partition.makeLeader(state)) {
                    wake(tp);
                }
                log.info("Broker {} is the leader of {} at epoch {} with ISR {}", brokerId, tp, state.leaderEpoch(),
                        state.isr());
            } else {
                partition.makeFollower(state);
                fetchers.startFetching(tp, state.leader(), state.leaderEpoch(), partition.logEndOffset());
                log.info("Broker {} follows broker {} for {} at epoch {}", brokerId, state.leader(), tp,
                        state.leaderEpoch());
            }
            wake(tp); // waiting produces and fetches re-check leadership
            return Errors.NONE;
        } catch (IOException | RuntimeException e) {
            log.error("Could not apply LeaderAndIsr state {} on broker {}", state, brokerId, e);
            Optional.ofNullable(partitions.get(tp)).ifPresent(p -> p.reportIfStorageFailure(e));
            return Errors.KAFKA_STORAGE_ERROR;
        }
    }

    private Partition createPartition(TopicPartition tp, TopicSettings settings) throws IOException {
        Optional<Log> existingLog = logManager.getLog(tp);
        Log partitionLog = existingLog.isPresent() ? existingLog.get()
                : logManager.getOrCreateLog(tp, settings.logConfig(tp.topic()));
        Partition partition = new Partition(tp, brokerId, partitionLog, clockMs);
        partition.reportStorageFailuresTo((dir, e) -> logManager.failureChannel().maybeAddOfflineLogDir(dir,
                "an operation on " + tp + " failed on broker " + brokerId, e));
        partitions.put(tp, partition);
        return partition;
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
                errors.put(stop.topicPartition(), stopReplica(stop));
            }
            errors.keySet().forEach(leadershipListeners::notify);
            return new StateChangeResult(Errors.NONE, errors);
        }
    }

    private Errors stopReplica(StopReplicaPartition stop) {
        TopicPartition tp = stop.topicPartition();
        Partition existing = partitions.get(tp);
        if (existing != null && stop.leaderEpoch() >= 0 && stop.leaderEpoch() < existing.leaderEpoch()) {
            log.info("Ignoring StopReplica for {} with leader epoch {}: the current epoch is {}", tp,
                    stop.leaderEpoch(), existing.leaderEpoch());
            return Errors.FENCED_LEADER_EPOCH;
        }
        fetchers.stopFetching(tp);
        partitions.remove(tp);
        isrChanges.forget(tp);
        wake(tp);
        try {
            if (stop.deletePartition()) {
                logManager.deleteLog(tp);
            }
            log.info("Broker {} stopped replica {}{}", brokerId, tp, stop.deletePartition() ? " and deleted its log" : "");
            return Errors.NONE;
        } catch (IOException | RuntimeException ex) {
            log.error("Could not delete the log of {} on broker {}", tp, brokerId, ex);
            return Errors.KAFKA_STORAGE_ERROR;
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

    // ---- produce ----

    /**
     * Appends producer batches as leader. The future completes with every partition's result:
     * at once for acks 0 and 1 (the caller sends nothing for acks=0), for acks=all when every ISR
     * member has the data or after {@code timeoutMs}. An acks value other than 0, 1, -1 fails
     * every partition with INVALID_REQUIRED_ACKS.
     */
    public CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appendRecords(
            long timeoutMs, short requiredAcks, Map<TopicPartition, MemoryRecords> entries) {
        Map<TopicPartition, ProducePartitionResult> results = new LinkedHashMap<>();
        if (requiredAcks != 0 && requiredAcks != 1 && requiredAcks != -1) {
            entries.keySet().forEach(tp -> results.put(tp, ProducePartitionResult.error(Errors.INVALID_REQUIRED_ACKS,
                    "acks must be 0, 1 or -1, not " + requiredAcks)));
            return CompletableFuture.completedFuture(results);
        }
        Map<TopicPartition, Long> pending = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, MemoryRecords> e : entries.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition partition = partitions.get(tp);
            if (partition == null) {
                results.put(tp, offlinePartitions.contains(tp)
                        ? ProducePartitionResult.error(Errors.KAFKA_STORAGE_ERROR, "the log dir of " + tp + " is offline")
                        : ProducePartitionResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "broker " + brokerId + " does not host " + tp));
                continue;
            }
            Partition.AppendOutcome outcome;
            try {
                outcome = partition.appendRecordsToLeader(e.getValue(), requiredAcks);
            } catch (RuntimeException ex) {
                log.error("Append to {} on broker {} failed", tp, brokerId, ex);
                partition.reportIfStorageFailure(ex);
                results.put(tp, ProducePartitionResult.error(Errors.KAFKA_STORAGE_ERROR,
                        "append to " + tp + " failed: " + ex.getMessage()));
                continue;
            }
            results.put(tp, outcome.result());
            if (outcome.appended()) {
                fetchPurgatory.checkAndComplete(tp);
            }
            if (outcome.hwAdvanced()) {
                producePurgatory.checkAndComplete(tp);
            }
            if (requiredAcks == -1 && outcome.result().error() == Errors.NONE) {
                pending.put(tp, outcome.requiredOffset());
            }
        }
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future = new CompletableFuture<>();
        if (pending.isEmpty()) {
            future.complete(results);
            return future;
        }
        DelayedProduce delayed = new DelayedProduce(timeoutMs, results, pending, partitions::get, future);
        producePurgatory.tryCompleteElseWatch(delayed, new ArrayList<>(pending.keySet()));
        return future;
    }

    // ---- fetch ----

    /**
     * Reads the partitions in order: each at most its {@code partitionMaxBytes} and together at most
     * {@code params.maxBytes()}, except that the first batch found is returned whole. Completes at
     * once when there is an error, at least {@code minBytes}, or {@code maxWaitMs <= 0}; otherwise
     * when enough data arrives or after {@code maxWaitMs}. A follower's fetch offset counts as its
     * log end offset for the high watermark, and its broker epoch is kept for the ISR changes that
     * name it; a fetch as a replica outside a partition's assignment changes nothing there and is
     * answered with an error for it ({@link Partition#checkFollower}). The caller vouches for the
     * follower's id and epoch (see {@link FetchParams}). A caller that no longer wants the answer
     * cancels the returned future: a waiting fetch then leaves the purgatory at once.
     */
    public CompletableFuture<List<FetchPartitionResult>> fetchMessages(FetchParams params,
                                                                       List<FetchPartitionRequest> requests) {
        if (params.isFromFollower()) {
            for (FetchPartitionRequest r : requests) {
                Partition p = partitions.get(r.topicPartition());
                if (p == null || p.checkLeaderEpoch(r.currentLeaderEpoch(), true) != Errors.NONE) {
                    continue;
                }
                if (p.updateFollowerFetchState(params.replicaId(), params.replicaEpoch(), r.fetchOffset(),
                        r.logStartOffset())) {
                    wake(r.topicPartition());
                } else {
                    deleteRecordsPurgatory.checkAndComplete(r.topicPartition()); // its log start may have moved
                }
                isrChanges.maybeExpandIsr(p, params.replicaId());
            }
        }
        List<FetchPartitionResult> first = readFromLog(params, requests);
        CompletableFuture<List<FetchPartitionResult>> future = new CompletableFuture<>();
        if (params.isFromFollower()) {
            future.thenAccept(this::recordThrottledLeaderBytes);
        }
        if (params.maxWaitMs() <= 0 || requests.isEmpty() || DelayedFetch.satisfied(first, params.minBytes())) {
            future.complete(first);
            return future;
        }
        DelayedFetch delayed = new DelayedFetch(params.maxWaitMs(), params.minBytes(),
                () -> readFromLog(params, requests), future);
        fetchPurgatory.tryCompleteElseWatch(delayed, requests.stream().map(FetchPartitionRequest::topicPartition).toList());
        future.whenComplete((results, error) -> delayed.forceComplete()); // cancelled by the caller: stop waiting
        return future;
    }

    private List<FetchPartitionResult> readFromLog(FetchParams params, List<FetchPartitionRequest> requests) {
        List<FetchPartitionResult> results = new ArrayList<>(requests.size());
        int remaining = Math.max(0, params.maxBytes());
        boolean minOneMessage = true;
        for (FetchPartitionRequest r : requests) {
            Partition partition = partitions.get(r.topicPartition());
            if (partition == null) {
                results.add(FetchPartitionResult.error(r.topicPartition(), offlinePartitions.contains(r.topicPartition())
                        ? Errors.KAFKA_STORAGE_ERROR : Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            int limit = Math.min(Math.max(0, r.partitionMaxBytes()), remaining);
            boolean throttled = params.isFromFollower()
                    && throttles.leader().shouldThrottle(r.topicPartition(), partition.isr().contains(params.replicaId()));
            FetchPartitionResult result;
            try {
                // a throttled partition is answered without records (offsets and errors as usual), as in Kafka
                result = throttled ? partition.read(r, params, 0, false) : partition.read(r, params, limit, minOneMessage);
            } catch (RuntimeException ex) {
                // e.g. the log was deleted by StopReplica while this read was in flight
                log.warn("Read of {} at offset {} on broker {} failed: {}", r.topicPartition(), r.fetchOffset(),
                        brokerId, ex.toString());
                result = FetchPartitionResult.error(r.topicPartition(), Errors.NOT_LEADER_OR_FOLLOWER);
            }
            int size = result.records().sizeInBytes();
            if (size > 0) {
                minOneMessage = false;
            }
            remaining = Math.max(0, remaining - size);
            results.add(result);
        }
        return results;
    }

    /** Counts the bytes sent to followers for leader-throttled partitions against the leader rate. */
    private void recordThrottledLeaderBytes(List<FetchPartitionResult> results) {
        long bytes = 0;
        for (FetchPartitionResult result : results) {
            if (throttles.leader().isThrottled(result.topicPartition())) {
                bytes += result.records().sizeInBytes();
            }
        }
        throttles.leader().record(bytes);
    }

    // ---- DeleteRecords ----

    /**
     * DeleteRecords: moves each partition's log start offset on this leader ({@link
     * Partition#deleteRecordsOnLeader}), writes the log-start-offset checkpoint, and completes when
     * every in-sync follower has moved its own log start there too (they learn it from their next
     * fetch), or after {@code timeoutMs}, when the partitions still waiting answer REQUEST_TIMED_OUT.
     * A partition this broker does not host answers UNKNOWN_TOPIC_OR_PARTITION.
     */
    public CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> deleteRecords(
            long timeoutMs, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, DeleteRecordsPartitionResult> results = new LinkedHashMap<>();
        Map<TopicPartition, Long> pending = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition partition = partitions.get(tp);
            if (partition == null) {
                results.put(tp, DeleteRecordsPartitionResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            Partition.DeleteRecordsOutcome outcome;
            try {
                outcome = partition.deleteRecordsOnLeader(e.getValue());
            } catch (IOException | RuntimeException ex) {
                log.error("DeleteRecords on {} to offset {} on broker {} failed", tp, e.getValue(), brokerId, ex);
                outcome = Partition.DeleteRecordsOutcome.failed(Errors.KAFKA_STORAGE_ERROR);
            }
            if (outcome.error() != Errors.NONE) {
                results.put(tp, DeleteRecordsPartitionResult.error(outcome.error()));
                continue;
            }
            log.info("Broker {} moved the log start offset of {} to {} (DeleteRecords)", brokerId, tp,
                    outcome.requestedOffset());
            results.put(tp, new DeleteRecordsPartitionResult(Errors.NONE, outcome.lowWatermark()));
            if (outcome.lowWatermark() < outcome.requestedOffset()) {
                pending.put(tp, outcome.requestedOffset());
            }
        }
        if (results.values().stream().anyMatch(r -> r.error() == Errors.NONE)) {
            checkpointLogStartOffsets();
        }
        CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> future = new CompletableFuture<>();
        if (pending.isEmpty()) {
            future.complete(results);
            return future;
        }
        DelayedDeleteRecords delayed = new DelayedDeleteRecords(timeoutMs, results, pending, partitions::get, future);
        deleteRecordsPurgatory.tryCompleteElseWatch(delayed, new ArrayList<>(pending.keySet()));
        return future;
    }

    /** Makes moved log start offsets survive a crash, not only a clean shutdown; a failure is logged. */
    private void checkpointLogStartOffsets() {
        try {
            logManager.checkpointLogOffsets();
        } catch (IOException | RuntimeException e) {
            log.warn("Broker {} could not write its log offset checkpoints after DeleteRecords: {}", brokerId,
                    e.toString());
        }
    }

    // ---- offsets ----

    /**
     * ListOffsets for one partition. Consumers ({@code replicaId == -1}) are bounded by the high
     * watermark (also the last stable offset: there are no transactions) and must ask the leader;
     * {@code replicaId == -2} (debugging tools) may read a follower, bounded by its log end offset.
     */
    public OffsetLookupResult fetchOffset(TopicPartition tp, long timestamp, int replicaId, int currentLeaderEpoch) {
        Partition partition = partitions.get(tp);
        if (partition == null) {
            return OffsetLookupResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        boolean debug = replicaId == -2;
        return partition.fetchOffsetForTimestamp(timestamp, replicaId == -1, currentLeaderEpoch, !debug);
    }

    /** OffsetForLeaderEpoch: the end offset of {@code leaderEpoch} in the leader's log and that epoch (or the largest below it). */
    public OffsetForEpochResult lastOffsetForLeaderEpoch(TopicPartition tp, int currentLeaderEpoch, int leaderEpoch) {
        Partition partition = partitions.get(tp);
        if (partition == null) {
            return new OffsetForEpochResult(Errors.UNKNOWN_TOPIC_OR_PARTITION, EpochEndOffset.UNDEFINED);
        }
        Errors epochError = partition.checkLeaderEpoch(currentLeaderEpoch, true);
        if (epochError != Errors.NONE) {
            return new OffsetForEpochResult(epochError, EpochEndOffset.UNDEFINED);
        }
        return new OffsetForEpochResult(Errors.NONE, partition.lastOffsetForLeaderEpoch(leaderEpoch));
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

    // ---- ISR ----

    /**
     * Starts the periodic ISR shrink check (every half {@code replica.lag.time.max.ms}), if this broker
     * replicates. A second startup, or one after {@link #shutdown()}, throws {@link IllegalStateException}.
     */
    public synchronized void startup() {
        lifecycle.start();
        isrChanges.startup();
        logDirFailureHandler.start();
    }

    // ---- failed log directories ----

    /**
     * Registers a listener told, on the failure handler's thread, about each log directory this
     * broker took offline (the broker tells the controller through ZooKeeper).
     */
    public void addLogDirFailureListener(Consumer<Path> listener) {
        logDirFailureHandler.addListener(listener);
    }


    /**
     * Takes the partitions of failed log dir {@code dir} offline, as Kafka's replica manager does:
     * their fetchers stop, waiting requests are answered, the log manager closes their logs, later
     * requests for them get KAFKA_STORAGE_ERROR, and the listeners (the controller's notification)
     * are told. The broker keeps serving its other dirs.
     */
    void handleLogDirFailure(Path dir) {
        List<TopicPartition> lost = new ArrayList<>();
        synchronized (stateChangeLock) {
            for (Partition p : partitions.values()) {
                if (p.log().dir().getParent().equals(dir)) {
                    lost.add(p.topicPartition());
                }
            }
            for (TopicPartition tp : lost) {
                fetchers.stopFetching(tp);
                offlinePartitions.add(tp);
                partitions.remove(tp);
                isrChanges.forget(tp);
            }
            logManager.handleLogDirFailure(dir).forEach(offlinePartitions::add);
            lost.forEach(this::wake);
            lost.forEach(leadershipListeners::notify);
        }
        log.error("Broker {} stopped serving the partitions of failed log dir {}: {}", brokerId, dir, lost);
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
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        synchronized (stateChangeLock) {
            destinations.forEach((tp, requested) -> {
                Optional<Path> dest = logDirMover.logDir(requested);
                if (dest.isEmpty()) {
                    results.put(tp, Errors.LOG_DIR_NOT_FOUND);
                } else if (logManager.isOffline(dest.get()) || offlinePartitions.contains(tp)) {
                    results.put(tp, Errors.KAFKA_STORAGE_ERROR);
                } else if (!partitions.containsKey(tp)) {
                    logManager.setPreferredLogDir(tp, dest.get());
                    results.put(tp, Errors.REPLICA_NOT_AVAILABLE);
                } else {
                    logDirMover.submit(partitions.get(tp), dest.get());
                    results.put(tp, Errors.NONE);
                }
            });
        }
        return results;
    }

    /** True when the log of {@code tp} was on a log dir that failed. */
    public boolean isOffline(TopicPartition tp) {
        return offlinePartitions.contains(tp);
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
        logDirFailureHandler.close();
        logDirMover.close();
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
        return LogDirDescriber.describe(logManager, this::partition, wanted);
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
}
