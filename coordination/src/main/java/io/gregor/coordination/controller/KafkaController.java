package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.StopReplicaResponse;
import io.gregor.clients.protocol.schemas.StopReplicaResponse.PartitionErrors;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.LogDirEventNotification;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.coordination.zk.ZkOperationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The controller's logic, Kafka's ZooKeeper-mode controller: started by {@link ControllerElection}
 * through {@link ControllerListener}, it loads brokers, topics and partition states, watches
 * {@code /brokers/ids}, {@code /brokers/topics}, {@code /admin/delete_topics} and
 * {@code /admin/preferred_replica_election} and {@code /admin/reassign_partitions}, creates partition
 * states for new partitions, elects leaders when brokers leave or return, completes topic deletions,
 * serves AlterPartition, ControlledShutdown, ElectLeaders and the partition reassignment APIs
 * (reassignments: {@link ReassignmentProcessor}), elects preferred leaders (on request and, with
 * auto rebalance, periodically),
 * and tells the brokers with batched LeaderAndIsr, UpdateMetadata and StopReplica requests.
 *
 * <p>All work runs on one event thread, one event at a time; ZooKeeper writes go through the
 * tenure's {@link ControllerEpochFence}, so a deposed controller cannot write. Events of an ended
 * tenure are dropped. Thread-safe entry points: the listener callbacks and {@link #close()}.
 */
public final class KafkaController implements ControllerListener, Closeable {

    private static final Logger log = LoggerFactory.getLogger(KafkaController.class);
    /** Unanswered requests a channel may hold when the next slice of new partitions goes: one slice's. */
    static final int SLICE_REQUESTS_AHEAD = 2;
    static final long SLICE_PACING_CHECK_MS = 20;
    static final long SLICE_PACING_MAX_WAIT_MS = 10_000;

    private final GregorZkClient zk;
    private final int brokerId;
    private final ControllerConfig config;
    private final ExecutorService eventThread;
    /** Fires the periodic leader-imbalance checks (which then run on the event thread). */
    private final ScheduledExecutorService timer;
    /** Runs the early failure detector's rounds (blocking connects), off the event thread. */
    private final ScheduledExecutorService prober;
    /** The current tenure, or null; read from any thread, replaced only on the event thread. */
    private volatile ControllerTenure tenure;

    public KafkaController(GregorZkClient zk, int brokerId, ControllerConfig config) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.config = config;
        this.eventThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "controller-event-thread-" + brokerId);
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-timer-" + brokerId);
            t.setDaemon(true);
            return t;
        });
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-broker-probe-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    public KafkaController(GregorZkClient zk, int brokerId, boolean uncleanLeaderElectionEnable) {
        this(zk, brokerId, new ControllerConfig(uncleanLeaderElectionEnable, 30_000, 100));
    }

    /** True while this broker acts as controller. */
    public boolean isActive() {
        return tenure != null;
    }

    /** The epoch of the current tenure, or -1. */
    public int activeEpoch() {
        ControllerTenure current = tenure;
        return current == null ? -1 : current.context.epoch;
    }

    /**
     * Serves an AlterPartition request (v0-3) on the event thread: see {@link AlterPartitionProcessor}.
     * Completes with the response body, NOT_CONTROLLER when this broker is not (or stops being) the
     * controller before the request is processed.
     */
    public CompletableFuture<Struct> alterPartition(short version, Struct request) {
        return onEventThread(ApiKey.ALTER_PARTITION, "AlterPartition",
                t -> AlterPartitionProcessor.process(t, version, request));
    }

    /**
     * Serves a ControlledShutdown request (v0-3) on the event thread: see
     * {@link ControlledShutdownProcessor}. NOT_CONTROLLER as for {@link #alterPartition}.
     */
    public CompletableFuture<Struct> controlledShutdown(short version, Struct request) {
        return onEventThread(ApiKey.CONTROLLED_SHUTDOWN, "ControlledShutdown",
                t -> ControlledShutdownProcessor.process(t, version, request, (id, epoch) -> timer.schedule(
                        () -> enqueueFor(t, "controlled shutdown expiry",
                                () -> ControlledShutdownProcessor.expireGrant(t, id, epoch, config.shutdownGrantExpiryMs())),
                        config.shutdownGrantExpiryMs(), TimeUnit.MILLISECONDS)));
    }

    /** AlterPartitionReassignments (v0) and ListPartitionReassignments (v0): see {@link ReassignmentProcessor}. */
    public CompletableFuture<Struct> alterPartitionReassignments(Struct request) {
        return onEventThread(ApiKey.ALTER_PARTITION_REASSIGNMENTS, "AlterPartitionReassignments",
                t -> ReassignmentProcessor.alter(t, request));
    }

    public CompletableFuture<Struct> listPartitionReassignments(Struct request) {
        return onEventThread(ApiKey.LIST_PARTITION_REASSIGNMENTS, "ListPartitionReassignments",
                t -> ReassignmentProcessor.list(t, request));
    }

    /** ElectLeaders (v0-2), preferred or unclean: see {@link ElectLeadersProcessor}. */
    public CompletableFuture<Struct> electLeaders(short version, Struct request) {
        return onEventThread(ApiKey.ELECT_LEADERS, "ElectLeaders", t -> ElectLeadersProcessor.process(t, version, request));
    }

    /** {@code key}'s response carrying {@code error} in its top-level error code. */
    private static Struct errorResponse(ApiKey key, Errors error) {
        MessageSpec spec = ApiMessages.response(key);
        return spec.newStruct().set(spec.errorCodeField(), error.code());
    }

    private CompletableFuture<Struct> onEventThread(ApiKey key, String name, Function<ControllerTenure, Struct> work) {
        CompletableFuture<Struct> result = new CompletableFuture<>();
        Struct notController = errorResponse(key, Errors.NOT_CONTROLLER);
        try {
            eventThread.execute(() -> {
                ControllerTenure owner = tenure;
                if (owner == null) {
                    result.complete(notController);
                    return;
                }
                runGuarded(owner, name, () -> result.complete(work.apply(owner)));
                if (!result.isDone()) {
                    result.complete(tenure == owner ? errorResponse(key, Errors.UNKNOWN_SERVER_ERROR) : notController);
                }
            });
        } catch (RejectedExecutionException closed) {
            result.complete(notController);
        }
        return result;
    }

    @Override
    public void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence) {
        enqueue(() -> {
            endTenure();
            ControllerTenure started = new ControllerTenure(zk, brokerId, config, epoch, fence);
            tenure = started;
            runGuarded(started, "startup", () -> startup(started));
        });
    }

    @Override
    public void onControllerResigned() {
        enqueue(this::endTenure);
    }

    private void enqueue(Runnable event) {
        try {
            eventThread.execute(event);
        } catch (RejectedExecutionException closed) {
            log.debug("Controller {} is closed; event dropped", brokerId);
        }
    }

    /** Queues {@code work} for {@code owner}'s tenure; dropped if the tenure has ended by then. */
    private void enqueueFor(ControllerTenure owner, String name, Runnable work) {
        enqueue(() -> {
            if (tenure == owner) {
                runGuarded(owner, name, work);
            }
        });
    }

    private void runGuarded(ControllerTenure owner, String name, Runnable work) {
        try {
            work.run();
        } catch (ControllerMovedException moved) {
            log.warn("Controller {} (epoch {}) was fenced during {}: {}", brokerId, owner.context.epoch, name, moved.getMessage());
            if (tenure == owner) {
                endTenure();
            }
        } catch (RuntimeException e) {
            log.error("Controller {} (epoch {}): {} failed", brokerId, owner.context.epoch, name, e);
        }
    }

    private void endTenure() {
        ControllerTenure ended = tenure;
        if (ended == null) {
            return;
        }
        tenure = null;
        ended.close();
        log.info("Controller {} stopped acting for epoch {}", brokerId, ended.context.epoch);
    }

    // ---- startup ----------------------------------------------------------------------------

    private void startup(ControllerTenure t) {
        ControllerContext ctx = t.context;
        log.info("Controller {} starting for epoch {}", brokerId, ctx.epoch);
        // Watches first: their (coalesced) events queue behind this startup and re-read what changed
        // meanwhile, and they keep the controller reacting even if loading below fails part way.
        watch(t, zk.paths().brokerIds(), t.brokerChangeQueued, "broker change", () -> onBrokerChange(t));
        watch(t, zk.paths().topics(), t.topicChangeQueued, "topic change", () -> onTopicChange(t));
        watch(t, zk.paths().deleteTopics(), t.deletionChangeQueued, "topic deletion", () -> onTopicDeletion(t));
        watch(t, zk.paths().admin(), t.preferredElectionQueued, "admin request", () -> {
            PreferredLeaderElector.onElectionRequest(t);
            LegacyReassignmentRequest.onChange(t);
        });
        watch(t, zk.paths().logDirEventNotification(), t.logDirEventQueued, "log dir event", () -> onLogDirEvent(t));
        if (config.autoLeaderRebalanceEnable()) {
            long interval = config.leaderImbalanceCheckIntervalMs();
            t.imbalanceCheck = timer.scheduleWithFixedDelay(() -> enqueueFor(t, "leader imbalance check",
                    () -> PreferredLeaderElector.checkImbalance(t)), interval, interval, TimeUnit.MILLISECONDS);
        }
        for (RegisteredBroker broker : zk.getAllRegisteredBrokers()) {
            ctx.liveBrokers.put(broker.id(), broker);
            t.channels.addBroker(broker.info());
        }
        t.publishProbeTargets();
        if (config.brokerProbeIntervalMs() > 0) {
            long interval = config.brokerProbeIntervalMs();
            BrokerLivenessProbe probe = BrokerLivenessProbe.everyInterval(interval, () -> t.probeTargets,
                    (id, epoch) -> enqueueFor(t, "broker " + id + " refusing connections", () -> onBrokerRefusing(t, id, epoch)));
            t.livenessProbe = prober.scheduleWithFixedDelay(() -> {
                try {
                    probe.probeOnce();
                } catch (RuntimeException e) {
                    log.warn("Controller {}: broker liveness probe failed", brokerId, e);
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
        }
        List<String> topicNames = zk.topics().getAllTopics();
        ctx.topics.putAll(zk.topics().getTopicAssignments(topicNames));
        TopicIdAssigner.assignMissing(t, topicNames);
        ctx.states.putAll(zk.topics().getPartitionStates(ctx.allPartitions()));
        ctx.topicsToDelete.addAll(zk.topics().getTopicsMarkedForDeletion());

        ControllerRequestBatch batch = new ControllerRequestBatch(ctx);
        t.partitionStates.queueForInitialization(ctx.partitionsWithoutState());
        t.partitionStates.electLeaders(new ArrayList<>(ctx.states.keySet()));
        for (TopicPartition tp : ctx.states.keySet()) {
            batch.addLeaderAndIsr(ctx.replicas(tp), tp, false);
        }
        batch.addUpdateMetadata(ctx.liveBrokers.keySet(), ctx.states.keySet());
        batch.send(t.channels, (broker, response) -> { });
        log.info("Controller {} epoch {} loaded {} brokers {}, {} topics, {} partitions", brokerId, ctx.epoch,
                ctx.liveBrokers.size(), ctx.liveBrokers.keySet(), ctx.topics.size(), ctx.states.size());
        ReassignmentProcessor.resume(t, ctx.partitionsBeingReassigned());
        initializeNewPartitions(t);
    }

    /** Starts a watch whose changes queue {@code handler} once at a time (coalesced). */
    private void watch(ControllerTenure t, String path, AtomicBoolean queued, String name, Runnable handler) {
        zk.ensurePath(path);
        ZkChangeWatch watch = new ZkChangeWatch(zk.curator(), path, () -> {
            if (queued.compareAndSet(false, true)) {
                enqueueFor(t, name, () -> {
                    queued.set(false);
                    handler.run();
                });
            }
        });
        t.watches.add(watch);
        watch.start();
    }

    // ---- brokers ----------------------------------------------------------------------------

    private void onBrokerChange(ControllerTenure t) {
        ControllerContext ctx = t.context;
        Map<Integer, RegisteredBroker> current = new TreeMap<>();
        Set<Long> registeredEpochs = new HashSet<>();
        zk.getAllRegisteredBrokers().forEach(b -> {
            registeredEpochs.add(b.brokerEpoch());
            if (!ctx.failedBrokerEpochs.contains(b.brokerEpoch())) {
                current.put(b.id(), b);
            }
        });
        // a failed broker's epoch is remembered only while its registration lasts
        ctx.failedBrokerEpochs.retainAll(registeredEpochs);
        Set<Integer> dead = new TreeSet<>();
        Set<Integer> arrived = new TreeSet<>();
        ctx.liveBrokers.forEach((id, known) -> {
            RegisteredBroker now = current.get(id);
            if (now == null || now.brokerEpoch() != known.brokerEpoch()) {
                dead.add(id);
            }
        });
        current.forEach((id, now) -> {
            RegisteredBroker known = ctx.liveBrokers.get(id);
            if (known == null || known.brokerEpoch() != now.brokerEpoch()) {
                arrived.add(id);
            }
        });
        if (dead.isEmpty() && arrived.isEmpty()) {
            return;
        }
        log.info("Controller {} epoch {}: brokers left {}, arrived {}", brokerId, ctx.epoch, dead, arrived);
        if (!dead.isEmpty()) {
            onBrokersLost(t, dead);
        }
        if (!arrived.isEmpty()) {
            arrived.forEach(id -> {
                ctx.liveBrokers.put(id, current.get(id));
                ctx.replicasOnOfflineDirs.remove(id); // a restarted broker's log dirs are online again
                t.channels.addBroker(current.get(id).info());
            });
            onBrokersArrived(t, arrived);
        }
        t.publishProbeTargets();
    }

    /**
     * The early failure detector found broker {@code id} (at {@code epoch}) refusing connections:
     * it is handled as failed now, as its session's expiry would be handled later; its registration
     * is ignored until it disappears (a restarted broker registers anew, with a new epoch).
     */
    private void onBrokerRefusing(ControllerTenure t, int id, long epoch) {
        ControllerContext ctx = t.context;
        RegisteredBroker known = ctx.liveBrokers.get(id);
        if (known == null || known.brokerEpoch() != epoch) {
            return;
        }
        log.warn("Controller {} epoch {}: broker {} (epoch {}) refuses connections; handling it as failed without "
                + "waiting for its ZooKeeper session to expire", brokerId, ctx.epoch, id, epoch);
        ctx.failedBrokerEpochs.add(epoch);
        onBrokersLost(t, Set.of(id));
        t.publishProbeTargets();
    }

    /** Brokers reported failed log directories: find out which of their replicas are offline (Kafka's onBrokerLogDirFailure). */
    private void onLogDirEvent(ControllerTenure t) {
        Set<Integer> brokers = LogDirEventNotification.consume(zk);
        if (!brokers.isEmpty()) {
            LogDirFailureProcessor.onLogDirFailure(t, brokers, (broker, response) -> enqueueFor(t,
                    "LeaderAndIsr response of broker " + broker,
                    () -> LogDirFailureProcessor.onLeaderAndIsrResponse(t, broker, response)));
        }
    }

    private void onBrokersLost(ControllerTenure t, Set<Integer> dead) {
        ControllerContext ctx = t.context;
        dead.forEach(id -> {
            ctx.liveBrokers.remove(id);
            ctx.replicasOnOfflineDirs.remove(id);
            ctx.shuttingDownBrokers.remove(id);
            ctx.shutdownGrantedAtNanos.remove(id);
            t.channels.removeBroker(id);
        });
        // StopReplicas queued to dead brokers are dropped with their channels: such deletions wait
        // for the brokers to return and start over then.
        ctx.pendingStopReplicas.values().removeIf(pending -> pending.stream().anyMatch(dead::contains));
        List<TopicPartition> affected = new ArrayList<>();
        ctx.states.forEach((tp, s) -> {
            if (dead.contains(s.state().leader()) || s.state().isr().stream().anyMatch(dead::contains)) {
                affected.add(tp);
            }
        });
        Set<TopicPartition> changed = t.partitionStates.electLeaders(affected);
        ControllerRequestBatch batch = new ControllerRequestBatch(ctx);
        changed.forEach(tp -> batch.addLeaderAndIsr(ctx.replicas(tp), tp, false));
        batch.addUpdateMetadata(ctx.liveBrokers.keySet(), changed);
        batch.send(t.channels, (broker, response) -> { });
    }

    private void onBrokersArrived(ControllerTenure t, Set<Integer> arrived) {
        ControllerContext ctx = t.context;
        // partitions left without state (no live replica when created) get theirs in slices, after this event
        t.partitionStates.queueForInitialization(ctx.partitionsWithoutState());
        List<TopicPartition> offline = new ArrayList<>();
        ctx.states.forEach((tp, s) -> {
            if (!ctx.liveBrokers.containsKey(s.state().leader())) {
                offline.add(tp);
            }
        });
        Set<TopicPartition> changed = t.partitionStates.electLeaders(offline);
        ControllerRequestBatch batch = new ControllerRequestBatch(ctx);
        Set<Integer> existing = new TreeSet<>(ctx.liveBrokers.keySet());
        existing.removeAll(arrived);
        batch.addUpdateMetadata(arrived, ctx.states.keySet());
        batch.addUpdateMetadata(existing, changed);
        for (int id : arrived) {
            for (TopicPartition tp : ctx.partitionsOnBroker(id)) {
                batch.addLeaderAndIsr(List.of(id), tp, false);
            }
        }
        changed.forEach(tp -> batch.addLeaderAndIsr(ctx.replicas(tp), tp, false));
        batch.send(t.channels, (broker, response) -> { });
        ReassignmentProcessor.onBrokersArrived(t, arrived);
        resumeDeletions(t);
        initializeNewPartitions(t);
    }

    // ---- topics -----------------------------------------------------------------------------

    private void onTopicChange(ControllerTenure t) {
        ControllerContext ctx = t.context;
        Set<String> inZk = new TreeSet<>(zk.topics().getAllTopics());
        ctx.topics.keySet().removeIf(topic -> {
            if (!inZk.contains(topic) && !ctx.topicsToDelete.contains(topic)) {
                log.warn("Controller {}: topic {} vanished from ZooKeeper without a deletion request", brokerId, topic);
                ctx.states.keySet().removeIf(tp -> tp.topic().equals(topic));
                return true;
            }
            return false;
        });
        Map<String, TopicAssignment> assignments = zk.topics().getTopicAssignments(inZk);
        Set<TopicPartition> added = new TreeSet<>();
        assignments.forEach((topic, assignment) -> {
            TopicAssignment known = ctx.topics.get(topic);
            if (known == null) {
                ctx.topics.put(topic, assignment);
                added.addAll(ctx.partitionsOf(topic));
                log.info("Controller {}: new topic {} with {} partitions", brokerId, topic, assignment.partitions().size());
            } else if (!known.equals(assignment) && !ctx.topicsToDelete.contains(topic)) {
                ctx.topics.put(topic, assignment);
                assignment.partitions().keySet().stream()
                        .filter(p -> !known.partitions().containsKey(p))
                        .forEach(p -> added.add(new TopicPartition(topic, p)));
            }
        });
        Set<TopicPartition> renamed = new TreeSet<>(); // known partitions whose topic just got an id
        TopicIdAssigner.assignMissing(t, assignments.keySet()).forEach(topic -> ctx.partitionsOf(topic).stream()
                .filter(tp -> !added.contains(tp) && ctx.states.containsKey(tp)).forEach(renamed::add));
        if (!renamed.isEmpty()) {
            ControllerRequestBatch batch = t.batch();
            renamed.forEach(tp -> batch.addLeaderAndIsr(ctx.replicas(tp), tp, false));
            t.send(batch);
        }
        if (added.isEmpty()) {
            return;
        }
        t.partitionStates.queueForInitialization(added);
        initializeNewPartitions(t);
    }

    /**
     * Gives the next slice of queued new partitions their states (see
     * {@link PartitionStateMachine#initializeNextSlice()}), tells their replicas (LeaderAndIsr) and
     * every broker (UpdateMetadata), and queues itself again while partitions remain: a
     * 10,000-partition topic holds the event thread for one slice at a time, and other events
     * (other topics, broker changes, AlterPartition) run between its slices.
     */
    private void initializeNewPartitions(ControllerTenure t) {
        ControllerContext ctx = t.context;
        Set<TopicPartition> created = t.partitionStates.initializeNextSlice();
        // topics completed by this slice (small ones) are sent first, in their own requests: the
        // brokers apply them before the slice of a huge topic still being created
        Map<Boolean, List<TopicPartition>> byTopicPending = created.stream()
                .collect(Collectors.partitioningBy(tp -> t.partitionStates.initializationPending(tp.topic())));
        for (List<TopicPartition> partitions : List.of(byTopicPending.get(false), byTopicPending.get(true))) {
            if (!partitions.isEmpty()) {
                ControllerRequestBatch batch = new ControllerRequestBatch(ctx);
                partitions.forEach(tp -> batch.addLeaderAndIsr(ctx.replicas(tp), tp, true));
                batch.addUpdateMetadata(ctx.liveBrokers.keySet(), partitions);
                batch.send(t.channels, (broker, response) -> { });
            }
        }
        if (t.partitionStates.initializationPending() && !t.initializationQueued) {
            t.initializationQueued = true;
            long since = System.nanoTime();
            enqueueFor(t, "partition initialization", () -> continueInitialization(t, since));
        }
    }

    /**
     * The next slice goes once the brokers have answered all but the last slice's requests (a
     * channel holds at most {@link #SLICE_REQUESTS_AHEAD} unanswered requests), or after
     * {@link #SLICE_PACING_MAX_WAIT_MS} at most (a broker that stopped answering but is not yet found
     * dead). So a broker applying a huge topic's partitions has one slice queued, not all of them,
     * and another topic's requests reach it after that one slice.
     */
    private void continueInitialization(ControllerTenure t, long sinceNanos) {
        boolean brokersBehind = t.channels.maxQueuedRequests() > SLICE_REQUESTS_AHEAD;
        if (brokersBehind && System.nanoTime() - sinceNanos < TimeUnit.MILLISECONDS.toNanos(SLICE_PACING_MAX_WAIT_MS)) {
            try {
                timer.schedule(() -> enqueueFor(t, "partition initialization", () -> continueInitialization(t, sinceNanos)),
                        SLICE_PACING_CHECK_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException closing) {
                return;
            }
        }
        t.initializationQueued = false;
        initializeNewPartitions(t);
    }

    // ---- deletion ---------------------------------------------------------------------------

    private void onTopicDeletion(ControllerTenure t) {
        ControllerContext ctx = t.context;
        for (String topic : zk.topics().getTopicsMarkedForDeletion()) {
            if (!ctx.topics.containsKey(topic) && !zk.topics().topicExists(topic)) {
                try {
                    t.fence.completeTopicDeletion(topic);
                    log.info("Controller {}: deletion request for unknown topic {} removed", brokerId, topic);
                } catch (ZkOperationException e) {
                    log.error("Controller {}: removing the deletion request of unknown topic {} failed: {}", brokerId,
                            topic, e.getMessage());
                }
                continue;
            }
            if (ctx.topicsToDelete.add(topic)) {
                log.info("Controller {} epoch {}: deleting topic {}", brokerId, ctx.epoch, topic);
            }
        }
        resumeDeletions(t);
    }

    /** Sends StopReplica(delete) for topics being deleted whose replicas are all live and not yet asked. */
    private void resumeDeletions(ControllerTenure t) {
        ControllerContext ctx = t.context;
        ControllerRequestBatch batch = new ControllerRequestBatch(ctx);
        for (String topic : List.copyOf(ctx.topicsToDelete)) {
            if (ctx.pendingStopReplicas.containsKey(topic)) {
                continue;
            }
            Set<Integer> replicaBrokers = new TreeSet<>();
            ctx.partitionsOf(topic).forEach(tp -> replicaBrokers.addAll(ctx.replicas(tp)));
            Set<Integer> deadReplicas = new TreeSet<>(replicaBrokers);
            deadReplicas.removeAll(ctx.liveBrokers.keySet());
            if (!deadReplicas.isEmpty()) {
                log.info("Controller {}: deletion of topic {} waits for replica brokers {}", brokerId, topic, deadReplicas);
                continue;
            }
            if (replicaBrokers.isEmpty()) {
                completeDeletion(t, topic);
                continue;
            }
            ctx.pendingStopReplicas.put(topic, new HashSet<>(replicaBrokers));
            for (TopicPartition tp : ctx.partitionsOf(topic)) {
                ctx.replicas(tp).forEach(b -> batch.addStopReplica(b, tp, true));
            }
        }
        batch.send(t.channels, (broker, response) -> enqueueFor(t, "StopReplica response",
                () -> onStopReplicaResponse(t, broker, response)));
    }

    private void onStopReplicaResponse(ControllerTenure t, int broker, Struct response) {
        ControllerContext ctx = t.context;
        Map<String, Boolean> okByTopic = new TreeMap<>();
        boolean topLevelOk = response.getShort(StopReplicaResponse.ERROR_CODE) == Errors.NONE.code();
        for (Struct partitionError : response.getStructs(StopReplicaResponse.PARTITION_ERRORS)) {
            String topic = partitionError.getString(PartitionErrors.TOPIC_NAME);
            boolean ok = topLevelOk && partitionError.getShort(PartitionErrors.ERROR_CODE) == Errors.NONE.code();
            okByTopic.merge(topic, ok, Boolean::logicalAnd);
        }
        for (String topic : List.copyOf(ctx.pendingStopReplicas.keySet())) {
            Set<Integer> pending = ctx.pendingStopReplicas.get(topic);
            if (!pending.contains(broker)) {
                continue;
            }
            if (topLevelOk && okByTopic.getOrDefault(topic, true)) {
                pending.remove(broker);
                if (pending.isEmpty()) {
                    completeDeletion(t, topic);
                }
            } else {
                log.warn("Controller {}: broker {} failed StopReplica for topic {} ({}); deletion retried on the next change",
                        brokerId, broker, topic, response);
                ctx.pendingStopReplicas.remove(topic);
            }
        }
    }

    private void completeDeletion(ControllerTenure t, String topic) {
        ControllerContext ctx = t.context;
        try {
            t.fence.completeTopicDeletion(topic);
        } catch (ZkOperationException e) {
            // the topic znode and its deletion request are removed last, so the deletion is still
            // pending in ZooKeeper: it starts over at the next deletion event or controller
            log.error("Controller {} epoch {}: finishing the deletion of topic {} failed: {}", brokerId, ctx.epoch,
                    topic, e.getMessage());
            ctx.pendingStopReplicas.remove(topic);
            return;
        }
        List<VersionedPartitionState> lastStates = new ArrayList<>();
        ctx.partitionsOf(topic).forEach(tp -> {
            VersionedPartitionState s = ctx.states.remove(tp);
            if (s != null) {
                lastStates.add(s);
            }
        });
        ControllerRequestBatch batch = new ControllerRequestBatch(ctx);
        batch.addDeletedPartitions(topic, ctx.topicId(topic), lastStates);
        ctx.topics.remove(topic);
        ctx.topicsToDelete.remove(topic);
        ctx.pendingStopReplicas.remove(topic);
        batch.send(t.channels, (broker, response) -> { });
        log.info("Controller {} epoch {}: topic {} deleted", brokerId, ctx.epoch, topic);
    }

    /** Stops acting (if active) and the event thread. Does not leave the election: close that first. */
    @Override
    public void close() {
        enqueue(this::endTenure);
        timer.shutdownNow();
        prober.shutdownNow();
        eventThread.shutdown();
        try {
            if (!eventThread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Controller event thread of broker {} did not stop in time", brokerId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
