package io.gregor.coordination.controller;

import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Changes under {@code /brokers/topics}: new topics and partitions added to known topics are queued
 * for creation (done a slice per event by {@link PartitionInitializer}); topics without an id get
 * one, and their known partitions' replicas are told it with LeaderAndIsr; a topic that vanished
 * without a deletion request is forgotten (with a warning). Assignment changes of topics being
 * deleted are ignored. Runs on the controller's event thread.
 */
final class TopicChangeProcessor {

    private static final Logger log = LoggerFactory.getLogger(TopicChangeProcessor.class);

    private TopicChangeProcessor() {
    }

    static void onTopicChange(ControllerTenure t) {
        ControllerContext ctx = t.context;
        Set<String> inZk = new TreeSet<>(t.zk.topics().getAllTopics());
        ctx.topics.keySet().removeIf(topic -> {
            if (!inZk.contains(topic) && !ctx.topicsToDelete.contains(topic)) {
                log.warn("Controller {}: topic {} vanished from ZooKeeper without a deletion request", ctx.controllerId, topic);
                ctx.states.keySet().removeIf(tp -> tp.topic().equals(topic));
                return true;
            }
            return false;
        });
        Map<String, TopicAssignment> assignments = t.zk.topics().getTopicAssignments(inZk);
        Set<TopicPartition> added = new TreeSet<>();
        assignments.forEach((topic, assignment) -> {
            TopicAssignment known = ctx.topics.get(topic);
            if (known == null) {
                ctx.topics.put(topic, assignment);
                added.addAll(ctx.partitionsOf(topic));
                log.info("Controller {}: new topic {} with {} partitions", ctx.controllerId, topic, assignment.partitions().size());
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
        PartitionInitializer.initializeNewPartitions(t);
    }
}
