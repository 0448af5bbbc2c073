package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionReassignmentsRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionReassignmentsResponse;
import io.gregor.clients.protocol.schemas.AlterPartitionReassignmentsResponse.Responses;
import io.gregor.clients.protocol.schemas.ListPartitionReassignmentsRequest;
import io.gregor.clients.protocol.schemas.ListPartitionReassignmentsResponse;
import io.gregor.coordination.zk.ReplicaAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The controller's partition reassignment, Kafka's ZooKeeper-mode state machine. With RS the
 * replica set, ORS the original and TRS the target replicas, AR = TRS - ORS and RR = ORS - TRS:
 *
 * <ol>
 *   <li>U: {@code /brokers/topics/<t>} gets RS = TRS + ORS with {@code adding_replicas} AR and
 *       {@code removing_replicas} RR (written before memory, so a new controller can resume);
 *       replicas of a replaced reassignment that are no longer in RS are stopped and deleted.</li>
 *   <li>A (TRS not yet in the ISR): the leader epoch is bumped and every replica of RS gets
 *       LeaderAndIsr, which starts the new replicas as followers; the leader adds them to the ISR
 *       once caught up (AlterPartition, which calls {@link #onIsrChange}).</li>
 *   <li>B (TRS in the ISR): leadership moves to a live TRS member if the leader is not one
 *       ({@link PartitionLeaderElection#reassigned}), the ISR loses RR, the leader epoch is bumped;
 *       then RS = TRS is written (the last write, as only it forgets ORS), the removed replicas get
 *       StopReplica(delete), the partition leaves {@code /admin/reassign_partitions}, every broker
 *       gets UpdateMetadata.</li>
 * </ol>
 * A cancellation is a reassignment back to ORS. While a partition of a topic is being reassigned,
 * the topic's deletion waits; the last of its reassignments to complete resumes the deletion. A
 * topic queued for deletion refuses new reassignments and cancellations (UNKNOWN_TOPIC_OR_PARTITION,
 * as Kafka does) but completes those under way. Resumed at controller start (from the assignments
 * in ZooKeeper), on ISR changes and when replica brokers return. Requests come from
 * AlterPartitionReassignments and the legacy {@code /admin/reassign_partitions} znode (see
 * {@link LegacyReassignmentRequest}); the newest request for a partition wins. Runs on the
 * controller's event thread.
 */
final class ReassignmentProcessor {

    private static final Logger log = LoggerFactory.getLogger(ReassignmentProcessor.class);

    /** A refusal of one partition's reassignment request. */
    record Refusal(Errors error, String message) {
    }

    private ReassignmentProcessor() {
    }

    // ---- AlterPartitionReassignments and ListPartitionReassignments ------------------------

    static Struct alter(ControllerTenure t, Struct request) {
        ControllerContext ctx = t.context;
        Struct response = ApiMessages.response(ApiKey.ALTER_PARTITION_REASSIGNMENTS).newStruct()
                .set(AlterPartitionReassignmentsResponse.ERROR_CODE, Errors.NONE.code());
        Map<TopicPartition, ReplicaAssignment> accepted = new LinkedHashMap<>();
        Map<TopicPartition, Refusal> outcomes = new LinkedHashMap<>();
        for (Struct topic : request.getStructs(AlterPartitionReassignmentsRequest.TOPICS)) {
            String name = topic.getString(AlterPartitionReassignmentsRequest.Topics.NAME);
            for (Struct p : topic.getStructs(AlterPartitionReassignmentsRequest.Topics.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(name,
                        p.getInt(AlterPartitionReassignmentsRequest.Topics.Partitions.PARTITION_INDEX));
                List<Integer> target = p.get(AlterPartitionReassignmentsRequest.Topics.Partitions.REPLICAS);
                Refusal refusal = target == null ? checkCancellation(ctx, tp) : validate(ctx, tp, target);
                if (refusal != null) {
                    outcomes.put(tp, refusal);
                    continue;
                }
                ReplicaAssignment current = ctx.assignment(tp);
                accepted.put(tp, current.reassignTo(target == null ? current.originReplicas() : target));
                outcomes.put(tp, null);
            }
        }
        // the newest request wins: an API reassignment replaces one asked through the znode
        LegacyReassignmentRequest.remove(t, accepted.keySet());
        accepted.forEach((tp, next) -> outcomes.put(tp, reassignOrRefuse(t, tp, next)));

        Map<String, Struct> topics = new LinkedHashMap<>();
        outcomes.forEach((tp, refusal) -> topics.computeIfAbsent(tp.topic(), name -> response
                        .addElement(AlterPartitionReassignmentsResponse.RESPONSES).set(Responses.NAME, name))
                .addElement(Responses.PARTITIONS)
                .set(Responses.Partitions.PARTITION_INDEX, tp.partition())
                .set(Responses.Partitions.ERROR_CODE, refusal == null ? Errors.NONE.code() : refusal.error().code())
                .set(Responses.Partitions.ERROR_MESSAGE, refusal == null ? null : refusal.message()));
        return response;
    }

    static Struct list(ControllerTenure t, Struct request) {
        ControllerContext ctx = t.context;
        Struct response = ApiMessages.response(ApiKey.LIST_PARTITION_REASSIGNMENTS).newStruct()
                .set(ListPartitionReassignmentsResponse.ERROR_CODE, Errors.NONE.code());
        List<Struct> requested = request.get(ListPartitionReassignmentsRequest.TOPICS);
        Set<TopicPartition> partitions = new TreeSet<>();
        if (requested == null) {
            partitions.addAll(ctx.partitionsBeingReassigned());
        } else {
            for (Struct topic : requested) {
                String name = topic.getString(ListPartitionReassignmentsRequest.Topics.NAME);
                for (int p : topic.<Integer>getArray(ListPartitionReassignmentsRequest.Topics.PARTITION_INDEXES)) {
                    partitions.add(new TopicPartition(name, p));
                }
            }
        }
        Map<String, Struct> topics = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            ReplicaAssignment assignment = ctx.assignment(tp);
            if (assignment == null || !assignment.isBeingReassigned()) {
                continue;
            }
            topics.computeIfAbsent(tp.topic(), name -> response.addElement(ListPartitionReassignmentsResponse.TOPICS)
                            .set(ListPartitionReassignmentsResponse.Topics.NAME, name))
                    .addElement(ListPartitionReassignmentsResponse.Topics.PARTITIONS)
                    .set(ListPartitionReassignmentsResponse.Topics.Partitions.PARTITION_INDEX, tp.partition())
                    .set(ListPartitionReassignmentsResponse.Topics.Partitions.REPLICAS, assignment.replicas())
                    .set(ListPartitionReassignmentsResponse.Topics.Partitions.ADDING_REPLICAS, assignment.addingReplicas())
                    .set(ListPartitionReassignmentsResponse.Topics.Partitions.REMOVING_REPLICAS, assignment.removingReplicas());
        }
        return response;
    }

    // ---- validation ---------------------------------------------------------------------------

    /** Kafka's checks of a target replica list, or null when it may be applied. */
    static Refusal validate(ControllerContext ctx, TopicPartition tp, List<Integer> target) {
        Refusal unknown = checkPartition(ctx, tp);
        if (unknown != null) {
            return unknown;
        }
        if (target.isEmpty()) {
            return new Refusal(Errors.INVALID_REPLICA_ASSIGNMENT, "Empty replica list specified in partition reassignment.");
        }
        if (new TreeSet<>(target).size() != target.size()) {
            return new Refusal(Errors.INVALID_REPLICA_ASSIGNMENT,
                    "Duplicate replica ids in partition reassignment replica list: " + target);
        }
        if (target.stream().anyMatch(r -> r < 0)) {
            return new Refusal(Errors.INVALID_REPLICA_ASSIGNMENT, "Invalid broker id in replica list: " + target);
        }
        List<Integer> adding = ctx.assignment(tp).reassignTo(target).addingReplicas();
        if (!ctx.liveBrokers.keySet().containsAll(adding)) {
            return new Refusal(Errors.INVALID_REPLICA_ASSIGNMENT, "Replica assignment has brokers that are not alive. "
                    + "Replica list: " + adding + ", live broker list: " + ctx.liveBrokers.keySet());
        }
        return null;
    }

    private static Refusal checkCancellation(ControllerContext ctx, TopicPartition tp) {
        Refusal unknown = checkPartition(ctx, tp);
        if (unknown != null) {
            return unknown;
        }
        return ctx.assignment(tp).isBeingReassigned() ? null
                : new Refusal(Errors.NO_REASSIGNMENT_IN_PROGRESS, "No reassignment in progress for " + tp + ".");
    }

    private static Refusal checkPartition(ControllerContext ctx, TopicPartition tp) {
        if (ctx.assignment(tp) == null || ctx.topicsToDelete.contains(tp.topic())) {
            return new Refusal(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The partition does not exist.");
        }
        return null;
    }

    // ---- the state machine --------------------------------------------------------------------

    /** {@link #reassign}, with an unexpected failure answered as UNKNOWN_SERVER_ERROR (the controller's moves rethrown). */
    static Refusal reassignOrRefuse(ControllerTenure t, TopicPartition tp, ReplicaAssignment next) {
        try {
            reassign(t, tp, next);
            return null;
        } catch (ControllerMovedException moved) {
            throw moved;
        } catch (RuntimeException e) {
            log.error("Controller {}: reassignment of {} to {} failed", t.context.controllerId, tp, next, e);
            return new Refusal(Errors.UNKNOWN_SERVER_ERROR, e.getMessage());
        }
    }

    /** Moves {@code tp} towards {@code next} (Kafka's onPartitionReassignment): phases U, then A or B. */
    static void reassign(ControllerTenure t, TopicPartition tp, ReplicaAssignment next) {
        ControllerContext ctx = t.context;
        ReplicaAssignment current = ctx.assignment(tp);
        List<Integer> unneeded = List.of();
        if (!current.equals(next)) {
            AssignmentWriter.write(t, tp, next);
            unneeded = current.replicas().stream().filter(r -> !next.replicas().contains(r)).toList();
            log.info("Controller {} epoch {}: reassigning {} from {} to {} (adding {}, removing {})", ctx.controllerId,
                    ctx.epoch, tp, current.replicas(), next.targetReplicas(), next.addingReplicas(), next.removingReplicas());
        }
        if (isComplete(ctx, tp, next)) {
            complete(t, tp, next, unneeded);
            return;
        }
        t.partitionStates.updateStates(List.of(tp), (p, state) -> PartitionLeaderElection.reassigned(state,
                next.replicas(), ctx.liveBrokers.keySet(), ctx.shuttingDownBrokers, ctx.epoch));
        ControllerRequestBatch batch = t.batch();
        batch.addLeaderAndIsr(next.replicas(), tp, false);
        unneeded.forEach(r -> batch.addStopReplica(r, tp, true));
        batch.addUpdateMetadata(ctx.liveBrokers.keySet(), List.of(tp));
        t.send(batch);
    }

    private static boolean isComplete(ControllerContext ctx, TopicPartition tp, ReplicaAssignment assignment) {
        VersionedPartitionState state = ctx.states.get(tp);
        return !assignment.isBeingReassigned()
                || state != null && state.state().isr().containsAll(assignment.targetReplicas());
    }

    /** Phase B: leader and ISR within TRS, then RS = TRS, removed replicas deleted. */
    private static void complete(ControllerTenure t, TopicPartition tp, ReplicaAssignment assignment, List<Integer> unneeded) {
        ControllerContext ctx = t.context;
        List<Integer> target = assignment.targetReplicas();
        Set<TopicPartition> changed = t.partitionStates.updateStates(List.of(tp), (p, state) ->
                PartitionLeaderElection.reassigned(state, target, ctx.liveBrokers.keySet(), ctx.shuttingDownBrokers, ctx.epoch));
        if (changed.isEmpty()) {
            log.warn("Controller {} epoch {}: reassignment of {} waits: no replica of {} can lead", ctx.controllerId,
                    ctx.epoch, tp, target);
            return;
        }
        AssignmentWriter.write(t, tp, ReplicaAssignment.of(target));
        LegacyReassignmentRequest.remove(t, Set.of(tp));
        ControllerRequestBatch batch = t.batch();
        batch.addLeaderAndIsr(target, tp, false);
        Set<Integer> removed = new TreeSet<>(assignment.removingReplicas());
        removed.addAll(unneeded);
        removed.removeAll(target);
        removed.forEach(r -> batch.addStopReplica(r, tp, true));
        batch.addUpdateMetadata(ctx.liveBrokers.keySet(), List.of(tp));
        t.send(batch);
        log.info("Controller {} epoch {}: reassignment of {} completed: replicas {}, leader {}, removed {}",
                ctx.controllerId, ctx.epoch, tp, target, ctx.states.get(tp).state().leader(), removed);
        if (ctx.topicsToDelete.contains(tp.topic()) && !ctx.isBeingReassigned(tp.topic())) {
            TopicDeletionProcessor.resumeDeletions(t);
        }
    }

    // ---- resumption ---------------------------------------------------------------------------

    /** Resumes the given partitions' reassignments from their current assignments (controller start). */
    static void resume(ControllerTenure t, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            ReplicaAssignment assignment = t.context.assignment(tp);
            // a topic queued for deletion still completes its reassignments (its deletion waits for them)
            if (assignment != null && assignment.isBeingReassigned()) {
                log.info("Controller {} epoch {}: resuming the reassignment of {} ({})", t.context.controllerId,
                        t.context.epoch, tp, assignment);
                reassignOrRefuse(t, tp, assignment);
            }
        }
    }

    /** Completes the reassignments whose target replicas just joined the ISR. */
    static void onIsrChange(ControllerTenure t, Collection<TopicPartition> changed) {
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition tp : changed) {
            ReplicaAssignment assignment = t.context.assignment(tp);
            if (assignment != null && assignment.isBeingReassigned() && isComplete(t.context, tp, assignment)) {
                done.add(tp);
            }
        }
        resume(t, done);
    }

    /** Resumes the reassignments with a replica on one of the returning brokers. */
    static void onBrokersArrived(ControllerTenure t, Set<Integer> arrived) {
        resume(t, t.context.partitionsBeingReassigned().stream()
                .filter(tp -> t.context.assignment(tp).replicas().stream().anyMatch(arrived::contains)).toList());
    }
}
