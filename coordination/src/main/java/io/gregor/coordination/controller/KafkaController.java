package io.gregor.coordination.controller;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.GregorZkClient;

import java.io.Closeable;
import java.util.concurrent.CompletableFuture;

/**
 * The controller, Kafka's ZooKeeper-mode controller: started by {@link ControllerElection} through
 * {@link ControllerListener}, it turns elections, ZooKeeper changes and requests into events on one
 * event thread ({@link ControllerEventQueue}) and hands each to the class that does that work:
 * <ul>
 *   <li>start of a tenure (load, watches, first LeaderAndIsr / UpdateMetadata):
 *       {@link TenureStartup};</li>
 *   <li>brokers leaving and arriving ({@code /brokers/ids}, early failure detector):
 *       {@link BrokerChangeProcessor};</li>
 *   <li>new topics and partitions ({@code /brokers/topics}): {@link TopicChangeProcessor}, their
 *       creation a slice per event: {@link PartitionInitializer};</li>
 *   <li>topic deletions ({@code /admin/delete_topics}): {@link TopicDeletionProcessor};</li>
 *   <li>preferred-leader elections ({@code /admin/preferred_replica_election}, auto rebalance):
 *       {@link PreferredLeaderElector}; legacy reassignments ({@code /admin/reassign_partitions}):
 *       {@link LegacyReassignmentRequest};</li>
 *   <li>requests: AlterPartition ({@link AlterPartitionProcessor}), ControlledShutdown
 *       ({@link ControlledShutdownProcessor}), ElectLeaders ({@link ElectLeadersProcessor}),
 *       AlterPartitionReassignments and ListPartitionReassignments
 *       ({@link ReassignmentProcessor}).</li>
 * </ul>
 * The brokers are told with batched LeaderAndIsr, UpdateMetadata and StopReplica requests
 * ({@link ControllerRequestBatch}).
 *
 * <p>All work runs on the event thread, one event at a time; ZooKeeper writes go through the
 * tenure's {@link ControllerEpochFence}, so a deposed controller cannot write. Events of an ended
 * tenure are dropped. Thread-safe: every public method may be called from any thread.
 */
public final class KafkaController implements ControllerListener, Closeable {

    private final GregorZkClient zk;
    private final int brokerId;
    private final ControllerConfig config;
    private final ControllerEventQueue events;
    private volatile ControllerStats stats = ControllerStats.unregistered(); // set before the first tenure

    public KafkaController(GregorZkClient zk, int brokerId, ControllerConfig config) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.config = config;
        this.events = new ControllerEventQueue(brokerId);
    }

    public KafkaController(GregorZkClient zk, int brokerId, boolean uncleanLeaderElectionEnable) {
        this(zk, brokerId, new ControllerConfig(uncleanLeaderElectionEnable, 30_000, 100));
    }

    /** True while this broker acts as controller. */
    public boolean isActive() {
        return events.tenure() != null;
    }

    /** The epoch of the current tenure, or -1. */
    public int activeEpoch() {
        ControllerTenure current = events.tenure();
        return current == null ? -1 : current.context.epoch;
    }

    /**
     * Kafka's {@code GlobalPartitionCount}: the partitions with a leader state, as this controller
     * last saw them after an event; 0 when it is not the controller.
     */
    public int globalPartitionCount() {
        return events.counts().globalPartitions();
    }

    /**
     * Kafka's {@code OfflinePartitionsCount}: the partitions (of topics not being deleted) whose
     * leader is none or not a live broker, after the last event; 0 when not the controller.
     */
    public int offlinePartitionsCount() {
        return events.counts().offlinePartitions();
    }

    /**
     * Kafka's {@code PreferredReplicaImbalanceCount}: the partitions (of topics not being deleted)
     * not led by their first assigned replica, after the last event; 0 when not the controller.
     */
    public int preferredReplicaImbalanceCount() {
        return events.counts().preferredReplicaImbalance();
    }

    /**
     * Kafka's {@code ControllerState}: what the controller's event thread is doing now, by Kafka's
     * numbers (0 idle, 1 controller change, 2 broker change, 3 topic change, 4 topic deletion,
     * 5 reassignment, 6 auto leader balance, 7 manual leader balance, 8 controlled shutdown, 9 ISR
     * change, 10 LeaderAndIsr response, 11 log dir change, 12 controller shutdown, 15 listing
     * reassignments).
     */
    public int controllerState() {
        return events.state().value;
    }

    /**
     * Records this controller's metrics in {@code registry}: {@code kafka.controller:type=ControllerStats}
     * {@code LeaderElectionRateAndTimeMs} and {@code UncleanLeaderElectionsPerSec} ({@link ControllerStats})
     * and {@code type=KafkaController,name=} {@code PreferredReplicaImbalanceCount} and {@code ControllerState}. Call before this broker
     * can be elected.
     */
    public void registerMetrics(MetricRegistry registry) {
        stats = ControllerStats.registeredIn(registry);
        registry.register("kafka.controller:type=KafkaController,name=PreferredReplicaImbalanceCount",
                (Gauge<Integer>) this::preferredReplicaImbalanceCount);
        registry.register("kafka.controller:type=KafkaController,name=ControllerState",
                (Gauge<Integer>) this::controllerState);
    }

    /**
     * Serves an AlterPartition request (v0-3) on the event thread: see {@link AlterPartitionProcessor}.
     * Completes with the response body, NOT_CONTROLLER when this broker is not (or stops being) the
     * controller before the request is processed.
     */
    public CompletableFuture<Struct> alterPartition(short version, Struct request) {
        return events.serve(ApiKey.ALTER_PARTITION, "AlterPartition",
                t -> AlterPartitionProcessor.process(t, version, request));
    }

    /**
     * Serves a ControlledShutdown request (v0-3) on the event thread: see
     * {@link ControlledShutdownProcessor}. NOT_CONTROLLER as for {@link #alterPartition}.
     */
    public CompletableFuture<Struct> controlledShutdown(short version, Struct request) {
        long expiryMs = config.shutdownGrantExpiryMs();
        return events.serve(ApiKey.CONTROLLED_SHUTDOWN, "ControlledShutdown",
                t -> ControlledShutdownProcessor.process(t, version, request, (id, epoch) -> t.schedule(ControllerState.CONTROLLED_SHUTDOWN,
                        "controlled shutdown expiry", expiryMs,
                        () -> ControlledShutdownProcessor.expireGrant(t, id, epoch, expiryMs))));
    }

    /** AlterPartitionReassignments (v0) and ListPartitionReassignments (v0): see {@link ReassignmentProcessor}. */
    public CompletableFuture<Struct> alterPartitionReassignments(Struct request) {
        return events.serve(ApiKey.ALTER_PARTITION_REASSIGNMENTS, "AlterPartitionReassignments",
                t -> ReassignmentProcessor.alter(t, request));
    }

    public CompletableFuture<Struct> listPartitionReassignments(Struct request) {
        return events.serve(ApiKey.LIST_PARTITION_REASSIGNMENTS, "ListPartitionReassignments",
                t -> ReassignmentProcessor.list(t, request));
    }

    /** ElectLeaders (v0-2), preferred or unclean: see {@link ElectLeadersProcessor}. */
    public CompletableFuture<Struct> electLeaders(short version, Struct request) {
        return events.serve(ApiKey.ELECT_LEADERS, "ElectLeaders", t -> ElectLeadersProcessor.process(t, version, request));
    }

    @Override
    public void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence) {
        ControllerStats tenureStats = stats;
        events.startTenure(() -> new ControllerTenure(zk, brokerId, config, epoch, fence, events, tenureStats),
                TenureStartup::run);
    }

    @Override
    public void onControllerResigned() {
        events.endTenureLater();
    }

    /** Stops acting (if active) and the event thread. Does not leave the election: close that first. */
    @Override
    public void close() {
        events.close();
    }
}
