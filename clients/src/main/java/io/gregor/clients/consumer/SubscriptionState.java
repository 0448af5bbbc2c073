package io.gregor.clients.consumer;

import io.gregor.clients.network.TopicPartition;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the consumer reads: either partitions the application assigned, or the topics it subscribed
 * to plus the partitions the group gave it. Per assigned partition: position (null until known), a
 * pending reset, and records fetched but not returned yet. Owned by the polling thread only.
 */
final class SubscriptionState {
    enum Mode { NONE, USER_ASSIGNED, SUBSCRIBED }

    /** Per-partition consumer state. */
    static final class PartitionState {
        Long position;
        OffsetResetStrategy pendingReset;
        final Deque<FetchedRecords.Entry> buffered = new ArrayDeque<>();
        long nextFetchOffset = -1;

        void clearFetched() {
            buffered.clear();
            nextFetchOffset = -1;
        }
    }

    private Mode mode = Mode.NONE;
    private final Set<String> topics = new TreeSet<>();
    private ConsumerRebalanceListener listener = NO_LISTENER;
    private final Map<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();

    static final ConsumerRebalanceListener NO_LISTENER = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    };

    Mode mode() {
        return mode;
    }

    void assignFromUser(Collection<TopicPartition> partitions) {
        if (mode == Mode.SUBSCRIBED) {
            throw new IllegalStateException("assign() after subscribe(): call unsubscribe() first");
        }
        mode = partitions.isEmpty() ? Mode.NONE : Mode.USER_ASSIGNED;
        replaceAssignment(partitions);
    }

    void subscribe(Collection<String> newTopics, ConsumerRebalanceListener newListener) {
        if (mode == Mode.USER_ASSIGNED) {
            throw new IllegalStateException("subscribe() after assign(): call unsubscribe() first");
        }
        for (String t : newTopics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("subscribe() to a null or empty topic name: " + newTopics);
            }
        }
        topics.clear();
        topics.addAll(newTopics);
        listener = newListener == null ? NO_LISTENER : newListener;
        mode = topics.isEmpty() ? Mode.NONE : Mode.SUBSCRIBED;
    }

    void unsubscribe() {
        topics.clear();
        assignment.clear();
        listener = NO_LISTENER;
        mode = Mode.NONE;
    }

    Set<String> subscription() {
        return Set.copyOf(topics);
    }

    ConsumerRebalanceListener listener() {
        return listener;
    }

    /** Replaces the assigned partitions; partitions kept keep their position and buffered records. */
    void replaceAssignment(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            next.put(tp, assignment.getOrDefault(tp, new PartitionState()));
        }
        assignment.clear();
        assignment.putAll(next);
    }

    Set<TopicPartition> assigned() {
        return Set.copyOf(assignment.keySet());
    }

    /** Assigned partitions sorted by topic then partition, for listeners and subscriptions. */
    List<TopicPartition> assignedSorted() {
        return assignment.keySet().stream().sorted(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition)).toList();
    }

    Map<TopicPartition, PartitionState> partitions() {
        return assignment;
    }

    boolean isAssigned(TopicPartition tp) {
        return assignment.containsKey(tp);
    }

    PartitionState state(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        if (s == null) {
            throw new IllegalStateException("partition " + tp + " is not assigned to this consumer");
        }
        return s;
    }

    /** The positions of every partition that has one: what auto-commit and commitSync() commit. */
    Map<TopicPartition, OffsetAndMetadata> allConsumed() {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        assignment.forEach((tp, s) -> {
            if (s.position != null) {
                out.put(tp, new OffsetAndMetadata(s.position));
            }
        });
        return out;
    }
}
