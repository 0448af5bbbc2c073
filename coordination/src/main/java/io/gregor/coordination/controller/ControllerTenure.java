package io.gregor.coordination.controller;

import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One controller tenure (one controller epoch): its fence, context, channels to the brokers,
 * partition state writer, ZooKeeper watches and the controller's event queue (to queue its own
 * later work). Confined to the controller's event thread except the coalescing flags, which watches
 * set from Curator's threads, and the fields marked volatile.
 */
final class ControllerTenure {

    final GregorZkClient zk;
    final ControllerConfig config;
    final ControllerEpochFence fence;
    final ControllerContext context;
    final ControllerChannelManager channels;
    final PartitionStateMachine partitionStates;
    final ControllerStats stats;
    /** The controller's threads; work queued through {@link #enqueue} and {@link #schedule} runs for this tenure only. */
    final ControllerEventQueue events;
    final List<ZkChangeWatch> watches = new ArrayList<>();
    final AtomicBoolean brokerChangeQueued = new AtomicBoolean();
    final AtomicBoolean topicChangeQueued = new AtomicBoolean();
    final AtomicBoolean deletionChangeQueued = new AtomicBoolean();
    final AtomicBoolean preferredElectionQueued = new AtomicBoolean();
    final AtomicBoolean logDirEventQueued = new AtomicBoolean();
    /** True while a partition-initialization event is queued (read and written on the event thread only). */
    boolean initializationQueued;
    /** The periodic leader-imbalance check, or null. */
    volatile ScheduledFuture<?> imbalanceCheck;
    /** The early failure detector's rounds, or null. */
    volatile ScheduledFuture<?> livenessProbe;
    /** The live brokers as the early failure detector probes them; republished by the event thread. */
    volatile List<BrokerLivenessProbe.Target> probeTargets = List.of();

    ControllerTenure(GregorZkClient zk, int brokerId, ControllerConfig config, ControllerEpoch epoch,
                     ControllerEpochFence fence, ControllerEventQueue events, ControllerStats stats) {
        this.zk = zk;
        this.stats = stats;
        this.events = events;
        this.config = config;
        this.fence = fence;
        this.context = new ControllerContext(brokerId, epoch.epoch());
        this.channels = new ControllerChannelManager(brokerId, config.connectTimeoutMs(), config.retryBackoffMs(),
                config.brokerListenerName(), config.brokerSecurity());
        this.partitionStates = new PartitionStateMachine(zk, fence, context, config.uncleanLeaderElectionEnable(), stats);
    }

    /** Publishes the live brokers' inter-broker endpoints for the early failure detector (event thread). */
    void publishProbeTargets() {
        probeTargets = context.liveBrokers.values().stream().map(BrokerLivenessProbe.Target::of)
                .flatMap(Optional::stream).toList();
    }

    /** Queues {@code work} on the event thread; dropped if this tenure has ended by then. */
    void enqueue(ControllerState as, String name, Runnable work) {
        events.enqueueFor(this, as, name, work);
    }

    /**
     * Queues {@code work} on the event thread after {@code delayMs}; dropped if this tenure has
     * ended by then.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the controller is closed
     */
    ScheduledFuture<?> schedule(ControllerState as, String name, long delayMs, Runnable work) {
        return events.scheduleFor(this, as, name, delayMs, work);
    }

    /** A new request batch on this tenure's context. */
    ControllerRequestBatch batch() {
        return new ControllerRequestBatch(context);
    }

    /** Sends {@code batch}, ignoring the brokers' answers. */
    void send(ControllerRequestBatch batch) {
        batch.send(channels, (broker, response) -> { });
    }

    /**
     * Tells the replicas of {@code changed} their new states (LeaderAndIsr), then every live broker
     * (UpdateMetadata, which waits for the new leaders' answers): sends nothing when none changed.
     */
    void announce(Collection<TopicPartition> changed) {
        ControllerRequestBatch batch = batch();
        changed.forEach(tp -> batch.addLeaderAndIsr(context.replicas(tp), tp, false));
        batch.addUpdateMetadata(context.liveBrokers.keySet(), changed);
        send(batch);
    }

    /** Stops the watches, the periodic check and the channels. */
    void close() {
        for (ScheduledFuture<?> periodic : new ScheduledFuture<?>[] {imbalanceCheck, livenessProbe}) {
            if (periodic != null) {
                periodic.cancel(false);
            }
        }
        watches.forEach(ZkChangeWatch::close);
        channels.shutdown();
    }
}
