package io.gregor.coordination.controller;

import io.gregor.coordination.zk.ReplicaAssignment;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedTopicAssignment;
import io.gregor.coordination.zk.ZkOperationException;
import org.apache.zookeeper.KeeperException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one partition's replica assignment (with its adding and removing replicas) into
 * {@code /brokers/topics/<t>} through the tenure's fence, conditional on the znode's version
 * (re-read and retried when another writer got there first), then into the controller context.
 * Only that partition's entry changes, in ZooKeeper and in the context, so partitions added
 * meanwhile are still found new by the topic watch. Runs on the controller's event thread.
 */
final class AssignmentWriter {

    private static final int ATTEMPTS = 5;

    private AssignmentWriter() {
    }

    static void write(ControllerTenure t, TopicPartition tp, ReplicaAssignment assignment) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            VersionedTopicAssignment stored = t.zk.topics().getVersionedTopicAssignment(tp.topic())
                    .orElseThrow(() -> new ZkOperationException("Topic " + tp.topic() + " is gone; cannot reassign " + tp));
            TopicAssignment updated = withPartition(stored.assignment(), tp.partition(), assignment);
            try {
                t.fence.commit(List.of(t.zk.topics().updateTopicAssignmentOp(updated, stored.zkVersion())));
            } catch (KeeperException.BadVersionException raced) {
                continue;
            } catch (KeeperException e) {
                throw new ZkOperationException("Writing the assignment of " + tp + " failed", e);
            }
            TopicAssignment known = t.context.topics.get(tp.topic());
            t.context.topics.put(tp.topic(), withPartition(known == null ? updated : known, tp.partition(), assignment));
            return;
        }
        throw new ZkOperationException("Writing the assignment of " + tp + " kept conflicting with other writers");
    }

    private static TopicAssignment withPartition(TopicAssignment topic, int partition, ReplicaAssignment assignment) {
        Map<Integer, ReplicaAssignment> partitions = new TreeMap<>(topic.partitions());
        partitions.put(partition, assignment);
        return new TopicAssignment(topic.topic(), Math.max(2, topic.version()), topic.topicId(), partitions);
    }
}
