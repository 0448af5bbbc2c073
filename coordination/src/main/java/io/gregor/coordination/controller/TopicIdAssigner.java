package io.gregor.coordination.controller;

import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.VersionedTopicAssignment;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives a topic id to topics whose {@code /brokers/topics/<topic>} has none (written by tools of
 * Kafka before 2.8), as Kafka's ZooKeeper-mode controller does when it loads topics or sees new
 * ones: the id is written into the topic znode (version 3), conditional on the znode's version and
 * behind the controller's epoch fence, before any LeaderAndIsr names the topic. Followers fetch by
 * topic id (Fetch v13+), so a topic without one could not be replicated.
 *
 * <p>A write that loses a race (the znode changed meanwhile) is left to the topic watch, which
 * brings the topic back here; a deposed controller's write fails on its fence. Runs on the
 * controller's event thread.
 */
final class TopicIdAssigner {
    private static final Logger log = LoggerFactory.getLogger(TopicIdAssigner.class);

    private TopicIdAssigner() {
    }

    /**
     * Writes an id for each of {@code topics} the context knows without one, and records it in the
     * context. Returns the topics that got one.
     */
    static Set<String> assignMissing(ControllerTenure t, Collection<String> topics) {
        ControllerContext ctx = t.context;
        Set<String> assigned = new TreeSet<>();
        for (String topic : topics) {
            TopicAssignment known = ctx.topics.get(topic);
            if (known == null || known.topicId() != null) {
                continue;
            }
            Optional<VersionedTopicAssignment> current = t.zk.topics().getVersionedTopicAssignment(topic);
            if (current.isEmpty()) {
                continue; // deleted meanwhile
            }
            TopicAssignment read = current.get().assignment();
            if (read.topicId() != null) {
                ctx.topics.put(topic, read);
                continue;
            }
            TopicAssignment withId = new TopicAssignment(topic, TopicAssignment.CURRENT_VERSION, KafkaUuid.random(),
                    read.partitions());
            try {
                t.fence.commit(List.of(t.zk.topics().updateTopicAssignmentOp(withId, current.get().zkVersion())));
                ctx.topics.put(topic, withId);
                assigned.add(topic);
                log.info("Controller {} epoch {}: topic {} had no topic id; it is now {}", ctx.controllerId, ctx.epoch,
                        topic, withId.topicId());
            } catch (KeeperException e) {
                log.warn("Controller {} epoch {}: could not give topic {} a topic id ({}); the topic watch brings it back",
                        ctx.controllerId, ctx.epoch, topic, e.code());
            }
        }
        return assigned;
    }
}
