package io.gregor.replication;

import io.gregor.core.log.TopicPartition;

/**
 * Where the {@link ReplicaManager} starts and stops copying a partition from its leader. The
 * replica fetchers that implement it come with multi-broker replication; until then brokers run
 * with {@link #NONE}, which leaves follower logs as they are (a one-broker cluster never follows).
 * Implementations must be thread safe and must not block for long: they are called while the
 * broker applies a LeaderAndIsr request.
 */
public interface ReplicaFetcherControl {
    /** Starts (or moves) fetching of {@code tp} from {@code leaderId} at {@code fetchOffset}, for {@code leaderEpoch}. */
    void startFetching(TopicPartition tp, int leaderId, int leaderEpoch, long fetchOffset);

    /** Stops fetching {@code tp} (it became leader, or was stopped or deleted). */
    void stopFetching(TopicPartition tp);

    /** No fetchers: followers keep their logs unchanged. */
    ReplicaFetcherControl NONE = new ReplicaFetcherControl() {
        @Override
        public void startFetching(TopicPartition tp, int leaderId, int leaderEpoch, long fetchOffset) {
        }

        @Override
        public void stopFetching(TopicPartition tp) {
        }
    };
}
