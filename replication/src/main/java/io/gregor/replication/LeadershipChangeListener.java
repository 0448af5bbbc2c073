package io.gregor.replication;

import io.gregor.core.log.TopicPartition;

/**
 * Told by the {@link ReplicaManager} after a LeaderAndIsr or StopReplica request changed (or may
 * have changed) this broker's role for a partition: it became leader, follower, or stopped hosting
 * it. The listener reads the new role from {@link ReplicaManager#partition}. Called on the
 * controller-request thread while state changes are serialized: implementations must return
 * quickly and never block (hand work to their own thread).
 */
@FunctionalInterface
public interface LeadershipChangeListener {
    void onLeadershipChange(TopicPartition tp);
}
