package io.gregor.coordination.controller;

import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The start of a controller tenure: starts the watches on {@code /brokers/ids},
 * {@code /brokers/topics}, {@code /admin/delete_topics} and {@code /admin} (preferred-replica
 * elections and legacy reassignments) and the periodic work (leader-imbalance check, early failure
 * detector); loads the live brokers, topics, partition states and pending deletions; elects and
 * announces leaders for the partitions without a live one. Then, as an event of its own
 * ({@link #sendFullRequests}): the other elections (ISR removals), a full LeaderAndIsr to every live
 * broker for its replicas (so it deletes the logs of replicas removed while it was away) and
 * UpdateMetadata for all partitions (so a new controller brings everyone up to date with its higher
 * epoch); resumes reassignments in progress. The partitions without a state start their creation
 * in the first event, before the full requests. Runs on the controller's event thread.
 */
final class TenureStartup {

    private static final Logger log = LoggerFactory.getLogger(TenureStartup.class);

    private TenureStartup() {
    }

    static void run(ControllerTenure t) {
        GregorZkClient zk = t.zk;
        ControllerContext ctx = t.context;
        log.info("Controller {} starting for epoch {}", ctx.controllerId, ctx.epoch);
        // Watches first: their (coalesced) events queue behind this startup and re-read what changed
        // meanwhile, and they keep the controller reacting even if loading below fails part way.
        watch(t, zk.paths().brokerIds(), t.brokerChangeQueued, ControllerState.BROKER_CHANGE, "broker change", () -> BrokerChangeProcessor.onBrokerChange(t));
        watch(t, zk.paths().topics(), t.topicChangeQueued, ControllerState.TOPIC_CHANGE, "topic change", () -> TopicChangeProcessor.onTopicChange(t));
        watch(t, zk.paths().deleteTopics(), t.deletionChangeQueued, ControllerState.TOPIC_DELETION, "topic deletion",
                () -> TopicDeletionProcessor.onDeletionRequest(t));
        watch(t, zk.paths().admin(), t.preferredElectionQueued, ControllerState.MANUAL_LEADER_BALANCE, "admin request", () -> {
            PreferredLeaderElector.onElectionRequest(t);
            LegacyReassignmentRequest.onChange(t);
        });
        watch(t, zk.paths().logDirEventNotification(), t.logDirEventQueued, ControllerState.LOG_DIR_CHANGE, "log dir event",
                () -> LogDirFailureProcessor.onLogDirEvent(t));
        if (t.config.autoLeaderRebalanceEnable()) {
            t.imbalanceCheck = t.events.scheduleEveryFor(t, ControllerState.AUTO_LEADER_BALANCE, "leader imbalance check",
                    t.config.leaderImbalanceCheckIntervalMs(), () -> PreferredLeaderElector.checkImbalance(t));
        }
        long started = System.nanoTime();
        for (RegisteredBroker broker : zk.getAllRegisteredBrokers()) {
            ctx.liveBrokers.put(broker.id(), broker);
            t.channels.addBroker(broker.info());
        }
        t.publishProbeTargets();
        if (t.config.brokerProbeIntervalMs() > 0) {
            startLivenessProbe(t, t.config.brokerProbeIntervalMs());
        }
        long brokersLoaded = System.nanoTime();
        List<String> topicNames = zk.topics().getAllTopics();
        ctx.topics.putAll(zk.topics().getTopicAssignments(topicNames));
        TopicIdAssigner.assignMissing(t, topicNames);
        long topicsLoaded = System.nanoTime();
        ctx.states.putAll(zk.topics().getPartitionStates(ctx.allPartitions()));
        ctx.topicsToDelete.addAll(zk.topics().getTopicsMarkedForDeletion());
        long statesLoaded = System.nanoTime();

        t.partitionStates.queueForInitialization(ctx.partitionsWithoutState());
        // As after a broker's death (BrokerChangeProcessor.onBrokersLost): the partitions without a
        // live leader (those of the controller that just died, typically) are elected and told
        // first, with an UpdateMetadata for all partitions. The rest (the dead replicas' ISR
        // removals, the full LeaderAndIsr and UpdateMetadata) is an event of its own, queued behind
        // what came in meanwhile: a topic created while this controller started gets its leader
        // before the brokers apply the full requests (seconds at 10,000 partitions), as do partitions
        // that wait for their creation, and clients find the new leaders without waiting for every
        // partition's change.
        List<TopicPartition> leaderless = ctx.partitionsWithoutLiveLeader();
        Set<TopicPartition> elected = t.partitionStates.electLeaders(leaderless);
        long electedAt = System.nanoTime();
        // UpdateMetadata for every partition already (it costs a broker little to apply): a broker's
        // first UpdateMetadata from a new controller is complete, so a restarted broker that serves
        // once it has metadata (ReadinessGate) never serves a partial view
        ControllerRequestBatch first = t.batch();
        elected.forEach(tp -> first.addLeaderAndIsr(ctx.replicas(tp), tp, false));
        first.addUpdateMetadata(ctx.liveBrokers.keySet(), ctx.states.keySet());
        t.send(first);
        log.info("Controller {} epoch {} loaded {} brokers {}, {} topics, {} partitions in {} ms (brokers {} ms, "
                        + "topics {} ms, partition states {} ms, leader elections of {} partitions without a live "
                        + "leader {} ms)",
                ctx.controllerId, ctx.epoch, ctx.liveBrokers.size(), ctx.liveBrokers.keySet(), ctx.topics.size(),
                ctx.states.size(), ms(electedAt - started), ms(brokersLoaded - started), ms(topicsLoaded - brokersLoaded),
                ms(statesLoaded - topicsLoaded), leaderless.size(), ms(electedAt - statesLoaded));
        PartitionInitializer.initializeNewPartitions(t);
        t.enqueue(ControllerState.CONTROLLER_CHANGE, "controller startup: full requests", () -> sendFullRequests(t));
    }

    /**
     * The second step of the startup: elects where needed (the ISR removals of dead replicas),
     * sends every live broker a full LeaderAndIsr and UpdateMetadata for all partitions and resumes
     * reassignments.
     */
    private static void sendFullRequests(ControllerTenure t) {
        ControllerContext ctx = t.context;
        long started = System.nanoTime();
        t.partitionStates.electLeaders(new ArrayList<>(ctx.states.keySet()));
        long elected = System.nanoTime();
        ControllerRequestBatch batch = t.batch();
        ctx.liveBrokers.keySet().forEach(batch::addFullLeaderAndIsr);
        batch.addUpdateMetadata(ctx.liveBrokers.keySet(), ctx.states.keySet());
        t.send(batch);
        log.info("Controller {} epoch {} sent its full requests for {} partitions to brokers {} in {} ms (leader "
                        + "elections {} ms, requests {} ms)", ctx.controllerId, ctx.epoch, ctx.states.size(),
                ctx.liveBrokers.keySet(), ms(System.nanoTime() - started), ms(elected - started),
                ms(System.nanoTime() - elected));
        ReassignmentProcessor.resume(t, ctx.partitionsBeingReassigned());
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Starts a watch whose changes queue {@code handler} once at a time (coalesced). */
    private static void watch(ControllerTenure t, String path, AtomicBoolean queued, ControllerState as, String name,
                              Runnable handler) {
        t.zk.ensurePath(path);
        ZkChangeWatch watch = new ZkChangeWatch(t.zk.curator(), path, () -> {
            if (queued.compareAndSet(false, true)) {
                t.enqueue(as, name, () -> {
                    queued.set(false);
                    handler.run();
                });
            }
        });
        t.watches.add(watch);
        watch.start();
    }

    /** Probes the live brokers every {@code intervalMs} on the prober thread; refusals queue a broker-failed event. */
    private static void startLivenessProbe(ControllerTenure t, long intervalMs) {
        BrokerLivenessProbe probe = BrokerLivenessProbe.everyInterval(intervalMs, () -> t.probeTargets,
                (id, epoch) -> t.enqueue(ControllerState.BROKER_CHANGE, "broker " + id + " refusing connections",
                        () -> BrokerChangeProcessor.onBrokerRefusing(t, id, epoch)));
        t.livenessProbe = t.events.probeEvery(intervalMs, () -> {
            try {
                probe.probeOnce();
            } catch (RuntimeException e) {
                log.warn("Controller {}: broker liveness probe failed", t.context.controllerId, e);
            }
        });
    }
}
