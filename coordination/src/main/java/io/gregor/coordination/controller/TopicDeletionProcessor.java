package io.gregor.coordination.controller;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.StopReplicaResponse;
import io.gregor.clients.protocol.schemas.StopReplicaResponse.PartitionErrors;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.coordination.zk.ZkOperationException;
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
 * Topic deletion, as requested under {@code /admin/delete_topics}: a topic with a partition being
 * reassigned is ineligible for deletion (as in Kafka) and waits until its reassignments complete
 * (see {@link ReassignmentProcessor}, which resumes the deletion); once every replica broker of the
 * topic is live, each gets StopReplica(delete) for its replicas; when all have succeeded, the
 * topic's znodes go through the tenure's fence (the topic znode and its deletion request last, so a
 * deletion cut short is still pending and the next deletion event or controller finishes it) and
 * every live broker gets UpdateMetadata announcing the partitions deleted. A deletion waiting for a
 * broker resumes when it arrives; a failed StopReplica is retried on the next change. A deletion
 * request for an unknown topic is removed. Runs on the controller's event thread (StopReplica
 * answers are queued to it from the channels' sender threads).
 */
final class TopicDeletionProcessor {

    private static final Logger log = LoggerFactory.getLogger(TopicDeletionProcessor.class);

    private TopicDeletionProcessor() {
    }

    /** A change under {@code /admin/delete_topics}: takes up the new deletion requests. */
    static void onDeletionRequest(ControllerTenure t) {
        ControllerContext ctx = t.context;
        for (String topic : t.zk.topics().getTopicsMarkedForDeletion()) {
            if (!ctx.topics.containsKey(topic) && !t.zk.topics().topicExists(topic)) {
                try {
                    t.fence.completeTopicDeletion(topic);
                    log.info("Controller {}: deletion request for unknown topic {} removed", ctx.controllerId, topic);
                } catch (ZkOperationException e) {
                    log.error("Controller {}: removing the deletion request of unknown topic {} failed: {}",
                            ctx.controllerId, topic, e.getMessage());
                }
                continue;
            }
            if (ctx.topicsToDelete.add(topic)) {
                log.info("Controller {} epoch {}: deleting topic {}", ctx.controllerId, ctx.epoch, topic);
            }
        }
        resumeDeletions(t);
    }

    /** Sends StopReplica(delete) for topics being deleted whose replicas are all live and not yet asked. */
    static void resumeDeletions(ControllerTenure t) {
        ControllerContext ctx = t.context;
        ControllerRequestBatch batch = t.batch();
        for (String topic : List.copyOf(ctx.topicsToDelete)) {
            if (ctx.pendingStopReplicas.containsKey(topic)) {
                continue;
            }
            if (ctx.isBeingReassigned(topic)) {
                log.info("Controller {}: deletion of topic {} waits for the reassignment of its partitions {}",
                        ctx.controllerId, topic, ctx.partitionsBeingReassigned().stream()
                                .filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).toList());
                continue;
            }
            Set<Integer> replicaBrokers = new TreeSet<>();
            ctx.partitionsOf(topic).forEach(tp -> replicaBrokers.addAll(ctx.replicas(tp)));
            Set<Integer> deadReplicas = new TreeSet<>(replicaBrokers);
            deadReplicas.removeAll(ctx.liveBrokers.keySet());
            if (!deadReplicas.isEmpty()) {
                log.info("Controller {}: deletion of topic {} waits for replica brokers {}", ctx.controllerId, topic,
                        deadReplicas);
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
        batch.send(t.channels, (broker, response) -> t.enqueue(ControllerState.TOPIC_DELETION, "StopReplica response",
                () -> onStopReplicaResponse(t, broker, response)));
    }

    private static void onStopReplicaResponse(ControllerTenure t, int broker, Struct response) {
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
                        ctx.controllerId, broker, topic, response);
                ctx.pendingStopReplicas.remove(topic);
            }
        }
    }

    private static void completeDeletion(ControllerTenure t, String topic) {
        ControllerContext ctx = t.context;
        try {
            t.fence.completeTopicDeletion(topic);
        } catch (ZkOperationException e) {
            // the topic znode and its deletion request are removed last, so the deletion is still
            // pending in ZooKeeper: it starts over at the next deletion event or controller
            log.error("Controller {} epoch {}: finishing the deletion of topic {} failed: {}", ctx.controllerId, ctx.epoch,
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
        ControllerRequestBatch batch = t.batch();
        batch.addDeletedPartitions(topic, ctx.topicId(topic), lastStates);
        ctx.topics.remove(topic);
        ctx.topicsToDelete.remove(topic);
        ctx.pendingStopReplicas.remove(topic);
        t.send(batch);
        log.info("Controller {} epoch {}: topic {} deleted", ctx.controllerId, ctx.epoch, topic);
    }
}
