package io.gregor.replication;

import io.gregor.core.log.TopicPartition;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LeadershipChangeListener}s of a {@link ReplicaManager}, each told about every
 * partition a LeaderAndIsr or StopReplica request named; a listener that throws is logged and the
 * others are still told. Thread safety: listeners may be added from any thread.
 */
final class LeadershipListeners {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class); // the category operators grep

    private final int brokerId;
    private final List<LeadershipChangeListener> listeners = new CopyOnWriteArrayList<>();

    LeadershipListeners(int brokerId) {
        this.brokerId = brokerId;
    }

    void add(LeadershipChangeListener listener) {
        listeners.add(listener);
    }

    void notify(TopicPartition tp) {
        for (LeadershipChangeListener listener : listeners) {
            try {
                listener.onLeadershipChange(tp);
            } catch (RuntimeException e) {
                log.error("Leadership change listener {} failed for {} on broker {}", listener, tp, brokerId, e);
            }
        }
    }
}
