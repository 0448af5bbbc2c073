package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse.RemainingPartitions;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The controller's side of ControlledShutdown (v0-3): the stopping broker is marked as shutting
 * down (it may no longer lead or rejoin an ISR); every partition with more than one replica that it
 * leads gets a new leader from the rest of its ISR, and every such partition it follows drops it from
 * the ISR (partitions of a topic waiting for its deletion are left alone and never counted, as in Kafka); the replicas of the changed partitions get LeaderAndIsr, the stopping broker gets
 * StopReplica (without deletion) for the partitions it follows, all live brokers get UpdateMetadata.
 * The answer lists the partitions it still leads (none when it may stop); the broker asks again
 * until that list is empty.
 *
 * <p>Refusals: a broker that is not live is BROKER_NOT_AVAILABLE; a broker epoch other than the
 * live one is STALE_BROKER_EPOCH, and so are -1 and versions 0-1, which carry none (Kafka lets
 * those through and would move the leaderships of any broker id a client names). Refusals change
 * nothing; the broker's {@code ClusterActionGate} logs them with the connection they came from.
 * Runs on the controller's event thread.
 */
final class ControlledShutdownProcessor {

    private static final Logger log = LoggerFactory.getLogger(ControlledShutdownProcessor.class);

    private ControlledShutdownProcessor() {
    }

    /** Told of each granted request, with the broker's id and epoch, to check the grant later ({@link #expireGrant}). */
    interface GrantListener {
        void granted(int brokerId, long brokerEpoch);
    }

    static Struct process(ControllerTenure t, short version, Struct request, GrantListener grants) {
        ControllerContext ctx = t.context;
        Struct response = ApiMessages.response(ApiKey.CONTROLLED_SHUTDOWN).newStruct();
        int brokerId = request.getInt(ControlledShutdownRequest.BROKER_ID);
        long brokerEpoch = version >= 2 ? request.getLong(ControlledShutdownRequest.BROKER_EPOCH) : -1;
        RegisteredBroker broker = ctx.liveBrokers.get(brokerId);
        if (broker == null) {
            log.debug("Controller {}: ControlledShutdown of broker {}, which is not live", ctx.controllerId, brokerId);
            return response.set(ControlledShutdownResponse.ERROR_CODE, Errors.BROKER_NOT_AVAILABLE.code());
        }
        if (brokerEpoch != broker.brokerEpoch()) {
            log.debug("Controller {}: ControlledShutdown of broker {} with broker epoch {} refused (live epoch {})",
                    ctx.controllerId, brokerId, brokerEpoch, broker.brokerEpoch());
            return response.set(ControlledShutdownResponse.ERROR_CODE, Errors.STALE_BROKER_EPOCH.code());
        }
        if (!announcedByTheBroker(t, brokerId, brokerEpoch)) {
            log.warn("Controller {}: ControlledShutdown of broker {} (epoch {}) refused: the broker did not announce it "
                    + "from its own ZooKeeper session; the request did not come from it", ctx.controllerId, brokerId,
                    brokerEpoch);
            return response.set(ControlledShutdownResponse.ERROR_CODE, Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        }
        if (ctx.shuttingDownBrokers.add(brokerId)) {
            log.info("Controller {} epoch {}: broker {} is shutting down", ctx.controllerId, ctx.epoch, brokerId);
        }
        Set<TopicPartition> movable = new TreeSet<>();
        for (TopicPartition tp : ctx.partitionsOnBroker(brokerId)) {
            // As Kafka: single-replica partitions and topics waiting for their deletion are left alone
            // and do not hold the broker back (a deleting topic's states are frozen).
            if (ctx.replicas(tp).size() > 1 && ctx.states.containsKey(tp) && !ctx.isFrozenForDeletion(tp.topic())) {
                movable.add(tp);
            }
        }
        Set<TopicPartition> ledBefore = new TreeSet<>();
        movable.stream().filter(tp -> ctx.states.get(tp).state().leader() == brokerId).forEach(ledBefore::add);
        Set<TopicPartition> changed = t.partitionStates.updateStates(movable, (tp, current) ->
                PartitionLeaderElection.controlledShutdown(current, ctx.replicas(tp), ctx.liveBrokers.keySet(),
                        ctx.shuttingDownBrokers, ctx.epoch));
        ControllerRequestBatch batch = t.batch();
        for (TopicPartition tp : changed) {
            batch.addLeaderAndIsr(ctx.replicas(tp).stream().filter(r -> r != brokerId).toList(), tp, false);
            if (ledBefore.contains(tp)) {
                // It hands the leadership away and becomes a follower until it stops.
                batch.addLeaderAndIsr(List.of(brokerId), tp, false);
            }
        }
        for (TopicPartition tp : movable) {
            VersionedPartitionState state = ctx.states.get(tp);
            if (state != null && !ledBefore.contains(tp) && state.state().leader() != brokerId) {
                batch.addStopReplica(brokerId, tp, false);
            }
        }
        batch.addUpdateMetadata(ctx.liveBrokers.keySet(), changed);
        t.send(batch);
        for (TopicPartition tp : movable) {
            VersionedPartitionState state = ctx.states.get(tp);
            if (state != null && state.state().leader() == brokerId) {
                response.addElement(ControlledShutdownResponse.REMAINING_PARTITIONS)
                        .set(RemainingPartitions.TOPIC_NAME, tp.topic())
                        .set(RemainingPartitions.PARTITION_INDEX, tp.partition());
            }
        }
        log.info("Controller {} epoch {}: controlled shutdown of broker {}: {} partitions changed, {} still led by it",
                ctx.controllerId, ctx.epoch, brokerId, changed.size(),
                        response.getStructs(ControlledShutdownResponse.REMAINING_PARTITIONS).size());
        ctx.shutdownGrantedAtNanos.put(brokerId, System.nanoTime());
        grants.granted(brokerId, brokerEpoch);
        return response.set(ControlledShutdownResponse.ERROR_CODE, Errors.NONE.code());
    }

    /**
     * Whether the broker itself asked: a Gregor broker announces its controlled shutdown in
     * ZooKeeper from the session that holds its registration before it sends the request
     * ({@link GregorZkClient#announceControlledShutdown}). A request with a guessed broker epoch (a
     * small czxid) from anyone else is refused with CLUSTER_AUTHORIZATION_FAILED, which the
     * ClusterAction permission will answer too once authentication exists. A ZooKeeper error counts
     * as no announcement (the broker retries). Two reads, on the controller's event thread, only for
     * requests whose broker epoch already matched.
     */
    private static boolean announcedByTheBroker(ControllerTenure t, int brokerId, long brokerEpoch) {
        try {
            return t.zk.controlledShutdownAnnounced(brokerId, brokerEpoch);
        } catch (RuntimeException e) {
            log.warn("Controller {}: cannot read the controlled shutdown announcement of broker {}: {}",
                    t.context.controllerId, brokerId, e.toString());
            return false;
        }
    }

    /**
     * Takes a broker that was granted a controlled shutdown but still holds the same registration
     * {@code expiryMs} after its last grant as not shutting down after all (a Gregor broker gives its
     * registration up right after its shutdown is granted). Broker epochs are not secret (small
     * czxids of a young ZooKeeper ensemble): until authentication with the ClusterAction permission
     * exists, a client that guesses one can ask for that broker's controlled shutdown, as in Kafka;
     * this bounds what it does to moving the leaderships once, instead of keeping the broker out of
     * every ISR for as long as it lives. Runs on the controller's event thread.
     */
    static void expireGrant(ControllerTenure t, int brokerId, long brokerEpoch, long expiryMs) {
        ControllerContext ctx = t.context;
        Long grantedAt = ctx.shutdownGrantedAtNanos.get(brokerId);
        RegisteredBroker live = ctx.liveBrokers.get(brokerId);
        if (grantedAt == null || live == null || live.brokerEpoch() != brokerEpoch
                || !ctx.shuttingDownBrokers.contains(brokerId)
                || System.nanoTime() - grantedAt < TimeUnit.MILLISECONDS.toNanos(expiryMs)) {
            return;
        }
        ctx.shuttingDownBrokers.remove(brokerId);
        ctx.shutdownGrantedAtNanos.remove(brokerId);
        log.warn("Controller {} epoch {}: broker {} (epoch {}) was granted a controlled shutdown {} ms ago and is still "
                + "registered; it may lead and rejoin ISRs again (the request may not have come from it)",
                ctx.controllerId, ctx.epoch, brokerId, brokerEpoch, expiryMs);
    }
}
