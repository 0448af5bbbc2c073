package io.gregor.coordination.controller;

import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brokers leaving and arriving: compares {@code /brokers/ids} with the live brokers the tenure
 * knows, by broker id and broker epoch (the czxid of the registration, so a bounce is a loss
 * followed by an arrival), and also handles brokers the early failure detector found refusing
 * connections before their ZooKeeper sessions expired.
 * <ul>
 *   <li>A lost broker's channel and controlled-shutdown mark go, its pending StopReplicas are
 *       dropped (those deletions start over when it returns); the partitions it led get new leaders
 *       (LeaderAndIsr to their replicas, UpdateMetadata to all), then, in a second round of
 *       requests, it leaves the ISRs of the partitions it only followed.</li>
 *   <li>An arrived broker gets a channel, UpdateMetadata for every partition and a full LeaderAndIsr
 *       for its replicas (it deletes the logs of any other partition it still holds); offline partitions are elected; partitions without a state, stalled
 *       deletions and reassignments waiting for it resume.</li>
 * </ul>
 * Runs on the controller's event thread.
 */
final class BrokerChangeProcessor {

    private static final Logger log = LoggerFactory.getLogger(BrokerChangeProcessor.class);

    private BrokerChangeProcessor() {
    }

    /** A change under {@code /brokers/ids}: re-reads the registrations and handles who left and who arrived. */
    static void onBrokerChange(ControllerTenure t) {
        long startNanos = System.nanoTime();
        ControllerContext ctx = t.context;
        Map<Integer, RegisteredBroker> current = new TreeMap<>();
        Set<Long> registeredEpochs = new HashSet<>();
        t.zk.getAllRegisteredBrokers().forEach(b -> {
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
        log.info("Controller {} epoch {}: brokers left {}, arrived {}", ctx.controllerId, ctx.epoch, dead, arrived);
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
        t.stats.brokerChangeHandled(System.nanoTime() - startNanos);
    }

    /**
     * The early failure detector found broker {@code id} (at {@code epoch}) refusing connections:
     * it is handled as failed now, as its session's expiry would be handled later; its registration
     * is ignored until it disappears (a restarted broker registers anew, with a new epoch).
     */
    static void onBrokerRefusing(ControllerTenure t, int id, long epoch) {
        long startNanos = System.nanoTime();
        ControllerContext ctx = t.context;
        RegisteredBroker known = ctx.liveBrokers.get(id);
        if (known == null || known.brokerEpoch() != epoch) {
            return;
        }
        log.warn("Controller {} epoch {}: broker {} (epoch {}) refuses connections; handling it as failed without "
                + "waiting for its ZooKeeper session to expire", ctx.controllerId, ctx.epoch, id, epoch);
        ctx.failedBrokerEpochs.add(epoch);
        onBrokersLost(t, Set.of(id));
        t.publishProbeTargets();
        t.stats.brokerChangeHandled(System.nanoTime() - startNanos);
    }

    private static void onBrokersLost(ControllerTenure t, Set<Integer> dead) {
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
        List<TopicPartition> leaderless = new ArrayList<>();
        List<TopicPartition> isrOnly = new ArrayList<>();
        ctx.states.forEach((tp, s) -> {
            if (dead.contains(s.state().leader())) {
                leaderless.add(tp);
            } else if (s.state().isr().stream().anyMatch(dead::contains)) {
                isrOnly.add(tp);
            }
        });
        // As Kafka's onBrokerFailure: the partitions that lost their leader are elected, told and
        // announced first; only then do the dead replicas leave the ISRs of the other partitions, in
        // requests queued behind those, so clients find the new leaders without waiting for brokers to
        // apply every ISR change (at 10,000 partitions, two thirds of the work).
        t.announce(t.partitionStates.electLeaders(leaderless));
        t.announce(t.partitionStates.electLeaders(isrOnly));
    }

    private static void onBrokersArrived(ControllerTenure t, Set<Integer> arrived) {
        ControllerContext ctx = t.context;
        // partitions left without state (no live replica when created) get theirs in slices, after this event
        t.partitionStates.queueForInitialization(ctx.partitionsWithoutState());
        Set<TopicPartition> changed = t.partitionStates.electLeaders(ctx.partitionsWithoutLiveLeader());
        ControllerRequestBatch batch = t.batch();
        Set<Integer> existing = new TreeSet<>(ctx.liveBrokers.keySet());
        existing.removeAll(arrived);
        batch.addUpdateMetadata(arrived, ctx.states.keySet());
        batch.addUpdateMetadata(existing, changed);
        arrived.forEach(batch::addFullLeaderAndIsr);
        changed.forEach(tp -> batch.addLeaderAndIsr(ctx.replicas(tp), tp, false));
        t.send(batch);
        ReassignmentProcessor.onBrokersArrived(t, arrived);
        TopicDeletionProcessor.resumeDeletions(t);
        PartitionInitializer.initializeNewPartitions(t);
    }
}
