package io.gregor.broker.group;

import io.gregor.broker.metadata.MetadataCache;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicaManager;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The server's one entry point into the group coordinator: builds it over the data plane and
 * registers FindCoordinator, OffsetCommit, OffsetFetch, JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup, ListGroups, DescribeGroups and DeleteGroups.
 */
public final class GroupHandlers {
    /** Kafka's {@code offset.metadata.max.bytes} default. */
    public static final int OFFSET_METADATA_MAX_BYTES = 4096;
    /** How long an acks=all commit append may wait for the ISR (Kafka's {@code offsets.commit.timeout.ms} default). */
    public static final long OFFSETS_COMMIT_TIMEOUT_MS = 5000;

    /** How often members' session timeouts are checked. */
    public static final long EXPIRY_CHECK_INTERVAL_MS = 200;

    private GroupHandlers() {
    }

    /**
     * @param offsetsTopicPartitions        {@code offsets.topic.num.partitions}
     * @param offsetsTopicReplicationFactor {@code offsets.topic.replication.factor} (capped at the live brokers)
     * @param offsetsTopicSegmentBytes      {@code offsets.topic.segment.bytes}
     * @param scheduler                     runs rebalance timeouts and the session-timeout check
     * @param initialRebalanceDelayMs       {@code group.initial.rebalance.delay.ms}
     * @return the coordinator, for tests and later wiring
     */
    public static GroupCoordinator register(ApiHandlerRegistry registry, TopicAdmin topicAdmin,
                                            ReplicaManager replicaManager, MetadataCache metadataCache,
                                            int offsetsTopicPartitions, short offsetsTopicReplicationFactor,
                                            int offsetsTopicSegmentBytes,
                                            ScheduledExecutorService scheduler, int initialRebalanceDelayMs) {
        OffsetsTopic topic = new OffsetsTopic(topicAdmin, offsetsTopicPartitions, offsetsTopicReplicationFactor,
                offsetsTopicSegmentBytes);
        GroupCoordinator coordinator = new GroupCoordinator(
                new ReplicaOffsetsLog(replicaManager, OFFSETS_COMMIT_TIMEOUT_MS), offsetsTopicPartitions,
                System::currentTimeMillis);
        registry.register(ApiKey.FIND_COORDINATOR, new FindCoordinatorHandler(topic, metadataCache));
        ClassicGroups groups = new ClassicGroups(scheduler, System::currentTimeMillis, initialRebalanceDelayMs,
                EXPIRY_CHECK_INTERVAL_MS);
        registry.register(ApiKey.OFFSET_COMMIT, new OffsetCommitHandler(coordinator, groups,
                (TopicPartition tp) -> metadataCache.partition(tp.topic(), tp.partition()).isPresent(),
                OFFSET_METADATA_MAX_BYTES, System::currentTimeMillis));
        registry.register(ApiKey.OFFSET_FETCH, new OffsetFetchHandler(coordinator));
        new MembershipHandlers(coordinator, groups).register(registry);
        return coordinator;
    }
}
