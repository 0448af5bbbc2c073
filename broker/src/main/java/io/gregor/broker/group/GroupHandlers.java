package io.gregor.broker.group;

import io.gregor.broker.metadata.MetadataCache;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicaManager;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server's one entry point into the group coordinator: builds it over the data plane, hooks it
 * to the replica manager's leadership changes (loading and unloading {@code __consumer_offsets}
 * partitions on its own loader thread), schedules the offsets retention check and registers
 * FindCoordinator, OffsetCommit, OffsetFetch, JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
 * ListGroups, DescribeGroups, DeleteGroups, OffsetDelete and TxnOffsetCommit.
 */
public final class GroupHandlers {
    /** Kafka's {@code offset.metadata.max.bytes} default. */
    public static final int OFFSET_METADATA_MAX_BYTES = 4096;
    /** How long an acks=all commit append may wait for the ISR (Kafka's {@code offsets.commit.timeout.ms} default). */
    public static final long OFFSETS_COMMIT_TIMEOUT_MS = 5000;

    /**
     * The longest time between two session-timeout checks; each check also runs at the earliest
     * member deadline, so a session expires on time, not up to this interval late.
     */
    public static final long EXPIRY_CHECK_INTERVAL_MS = 200;

    private GroupHandlers() {
    }

    /**
     * @param scheduler runs rebalance timeouts, the session-timeout check, group metadata writes and
     *                  the offsets retention check
     * @param clock     the time in milliseconds (session expiry, rebalance and retention timestamps,
     *                  commit timestamps): {@code System::currentTimeMillis} but in tests
     * @return closes what the coordinator started (loader thread, periodic checks) on shutdown, and
     *         takes transaction markers for TxnOffsetCommit
     */
    public static Registration register(ApiHandlerRegistry registry, TopicAdmin topicAdmin,
                                         ReplicaManager replicaManager, MetadataCache metadataCache,
                                         GroupConfig config, ScheduledExecutorService scheduler,
                                         LongSupplier clock) {
        OffsetsTopic topic = new OffsetsTopic(topicAdmin, config.offsetsTopicPartitions(),
                config.offsetsTopicReplicationFactor(), config.offsetsTopicSegmentBytes());
        ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "group-coordinator-loader-" + replicaManager.brokerId());
            t.setDaemon(true);
            return t;
        });
        GroupCoordinator coordinator = new GroupCoordinator(
                new ReplicaOffsetsLog(replicaManager, OFFSETS_COMMIT_TIMEOUT_MS), config.offsetsTopicPartitions(),
                clock, loader);
        ClassicGroups groups = new ClassicGroups(scheduler, clock, config,
                EXPIRY_CHECK_INTERVAL_MS, coordinator);
        coordinator.attach(groups);
        replicaManager.addLeadershipChangeListener(tp -> {
            if (tp.topic().equals(OffsetsTopic.NAME)) {
                coordinator.onLeadershipChange(tp.partition());
            }
        });
        OffsetRetention retention = new OffsetRetention(coordinator, groups, config.offsetsRetentionMs(),
                clock);
        ScheduledFuture<?> retentionTask = scheduler.scheduleWithFixedDelay(retention::run,
                config.offsetsRetentionCheckIntervalMs(), config.offsetsRetentionCheckIntervalMs(), TimeUnit.MILLISECONDS);

        registry.register(ApiKey.FIND_COORDINATOR, new FindCoordinatorHandler(topic, metadataCache));
        OffsetCommitPartitions.Checks commitChecks = new OffsetCommitPartitions.Checks(
                (TopicPartition tp) -> metadataCache.partition(tp.topic(), tp.partition()).isPresent(),
                OFFSET_METADATA_MAX_BYTES, clock);
        registry.register(ApiKey.OFFSET_COMMIT, new OffsetCommitHandler(coordinator, groups, commitChecks));
        registry.register(ApiKey.OFFSET_FETCH, new OffsetFetchHandler(coordinator));
        registry.register(ApiKey.TXN_OFFSET_COMMIT, new TxnOffsetCommitHandler(coordinator, groups, commitChecks));
        registry.register(ApiKey.OFFSET_DELETE, new OffsetDeleteHandler(coordinator, groups,
                (TopicPartition tp) -> metadataCache.partition(tp.topic(), tp.partition()).isPresent()));
        new MembershipHandlers(coordinator, groups).register(registry);
        return new Registration(coordinator, groups, replicaManager, metadataCache, () -> {
            retentionTask.cancel(false);
            groups.close();
            loader.shutdownNow();
        });
    }

    /**
     * The registered coordinator: closes what it started, and hears of transaction markers written
     * to {@code __consumer_offsets} (wire it to the WriteTxnMarkers handler's listener).
     */
    public static final class Registration implements AutoCloseable {
        private final GroupCoordinator coordinator;
        private final ClassicGroups groups;
        private final ReplicaManager replicaManager;
        private final MetadataCache metadataCache;
        private final Runnable close;
        private volatile ConsumerLagMetrics lag; // set by registerMetrics

        private Registration(GroupCoordinator coordinator, ClassicGroups groups, ReplicaManager replicaManager,
                             MetadataCache metadataCache, Runnable close) {
            this.coordinator = coordinator;
            this.groups = groups;
            this.replicaManager = replicaManager;
            this.metadataCache = metadataCache;
            this.close = close;
        }

        /**
         * Registers the coordinator's metrics in {@code registry}: Kafka's
         * {@code kafka.coordinator.group:type=GroupMetadataManager} group and offset counts, and
         * Gregor's consumer lag per group and partition ({@link ConsumerLagMetrics}), whose high
         * watermarks of partitions led elsewhere are asked of their leaders on
         * {@code interBrokerListener} with {@code security}; call once.
         */
        public void registerMetrics(com.codahale.metrics.MetricRegistry registry, String interBrokerListener,
                                    io.gregor.clients.security.ClientSecurity security, int requestTimeoutMs) {
            GroupMetadataManagerMetrics.register(registry, groups, coordinator);
            int brokerId = replicaManager.brokerId();
            ConsumerLagMetrics metrics = new ConsumerLagMetrics(registry, coordinator, brokerId,
                    tp -> replicaManager.partition(tp).filter(io.gregor.replication.Partition::isLeader)
                            .map(p -> java.util.OptionalLong.of(p.highWatermark())).orElse(java.util.OptionalLong.empty()),
                    tp -> metadataCache.partition(tp.topic(), tp.partition())
                            .map(p -> java.util.OptionalInt.of(p.leader())).orElse(java.util.OptionalInt.empty()),
                    new LeaderHighWatermarks(brokerId, metadataCache, interBrokerListener, security, requestTimeoutMs));
            lag = metrics;
            metrics.start(ConsumerLagMetrics.REFRESH_INTERVAL_MS);
        }

        /** Kafka's onTransactionCompleted: the producer's transactional offsets in those partitions commit or drop. */
        public void onTransactionCompleted(long producerId, boolean committed, java.util.List<TopicPartition> partitions) {
            coordinator.onTransactionCompleted(producerId, committed, partitions.stream()
                    .filter(tp -> tp.topic().equals(OffsetsTopic.NAME)).map(TopicPartition::partition).toList());
        }

        @Override
        public void close() {
            ConsumerLagMetrics metrics = lag;
            if (metrics != null) {
                metrics.close();
            }
            close.run();
        }
    }
}
