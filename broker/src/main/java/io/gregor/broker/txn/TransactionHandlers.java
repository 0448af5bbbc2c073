package io.gregor.broker.txn;

import io.gregor.broker.group.FindCoordinatorHandler;
import io.gregor.broker.group.OffsetsTopic;
import io.gregor.broker.group.ReplicaOffsetsLog;
import io.gregor.broker.metadata.MetadataCache;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicaManager;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server's one entry point into the transaction coordinator: builds it over the data plane
 * ({@code __transaction_state} through the replica manager, loaded and unloaded on its own loader
 * thread as leadership moves), starts the marker sender and the two periodic checks (timed-out
 * transactions, expired transactional ids), registers AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
 * DescribeTransactions and ListTransactions, and extends the registered FindCoordinator (key type
 * TRANSACTION) and InitProducerId (with a transactional id) handlers. Call after the group and
 * data-plane handlers are registered.
 */
public final class TransactionHandlers {
    public static final String TOPIC = "__transaction_state";
    /** Kafka's {@code request.timeout.ms} default, which it uses for transaction-log appends. */
    static final long APPEND_TIMEOUT_MS = 30_000;
    static final long MARKER_RETRY_BACKOFF_MS = 100;

    private TransactionHandlers() {
    }

    /**
     * @param producerIds            the broker's producer id source (ZooKeeper blocks)
     * @param offsetsTopicPartitions {@code offsets.topic.num.partitions}, to place AddOffsetsToTxn's group
     * @param interBrokerListener    the listener markers are sent to, with {@code security}
     * @return closes what the coordinator started on shutdown, and verifies transactional produces
     *         (KIP-890) for the data plane
     */
    public static Registration register(ApiHandlerRegistry registry, TopicAdmin topicAdmin,
                                         ReplicaManager replicaManager, MetadataCache metadataCache,
                                         TransactionConfig config, int offsetsTopicPartitions,
                                         TransactionCoordinator.ProducerIds producerIds, String interBrokerListener,
                                         ClientSecurity security, int requestTimeoutMs,
                                         ScheduledExecutorService scheduler, LongSupplier clock) {
        OffsetsTopic topic = OffsetsTopic.internal(topicAdmin, TOPIC, config.stateLogNumPartitions(),
                config.stateLogReplicationFactor(), config.stateLogSegmentBytes(), Map.of(
                        "min.insync.replicas", Integer.toString(config.stateLogMinIsr()),
                        "unclean.leader.election.enable", "false",
                        "compression.type", "uncompressed"));
        ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "txn-coordinator-loader-" + replicaManager.brokerId());
            t.setDaemon(true);
            return t;
        });
        TransactionStateCache cache = new TransactionStateCache(new ReplicaOffsetsLog(replicaManager, TOPIC,
                APPEND_TIMEOUT_MS), config.stateLogNumPartitions(), clock, loader);
        InterBrokerMarkerSender markers = new InterBrokerMarkerSender(replicaManager.brokerId(), metadataCache,
                interBrokerListener, security, requestTimeoutMs, MARKER_RETRY_BACKOFF_MS,
                (id, epoch) -> cache.isCurrent(cache.partitionFor(id), epoch));
        TransactionCoordinator coordinator = new TransactionCoordinator(cache, producerIds, config, markers, clock,
                scheduler);
        replicaManager.addLeadershipChangeListener(tp -> {
            if (tp.topic().equals(TOPIC)) {
                cache.onLeadershipChange(tp.partition());
            }
        });
        ScheduledFuture<?> timeouts = scheduler.scheduleWithFixedDelay(coordinator::abortTimedOutTransactions,
                config.abortTimedOutIntervalMs(), config.abortTimedOutIntervalMs(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> expiry = scheduler.scheduleWithFixedDelay(coordinator::removeExpiredTransactionalIds,
                config.removeExpiredIntervalMs(), config.removeExpiredIntervalMs(), TimeUnit.MILLISECONDS);

        registry.wrap(ApiKey.FIND_COORDINATOR, h -> ((FindCoordinatorHandler) h).withTransactionTopic(topic));
        registry.wrap(ApiKey.INIT_PRODUCER_ID, h -> new InitProducerIdTxnHandler(coordinator, h));
        registry.register(ApiKey.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnHandler(coordinator,
                (TopicPartition tp) -> metadataCache.partition(tp.topic(), tp.partition()).isPresent()));
        registry.register(ApiKey.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(coordinator, offsetsTopicPartitions));
        registry.register(ApiKey.END_TXN, new EndTxnHandler(coordinator));
        registry.register(ApiKey.DESCRIBE_TRANSACTIONS, new DescribeTransactionsHandler(coordinator));
        registry.register(ApiKey.LIST_TRANSACTIONS, new ListTransactionsHandler(coordinator));
        PartitionVerifier verifier = new PartitionVerifier(replicaManager.brokerId(), coordinator, metadataCache,
                interBrokerListener, security, requestTimeoutMs);
        return new Registration(verifier, () -> {
            timeouts.cancel(false);
            expiry.cancel(false);
            markers.close();
            verifier.close();
            loader.shutdownNow();
        });
    }

    /**
     * The registered coordinator: closes what it started, and is the KIP-890 check of the produce
     * path ({@link #verify}, the shape of the data plane's TransactionVerification).
     */
    public static final class Registration implements AutoCloseable {
        private final PartitionVerifier verifier;
        private final Runnable close;

        private Registration(PartitionVerifier verifier, Runnable close) {
            this.verifier = verifier;
            this.close = close;
        }

        /** See {@link PartitionVerifier#verify}. */
        public java.util.concurrent.CompletableFuture<Map<TopicPartition, io.gregor.clients.protocol.Errors>> verify(
                String transactionalId, long producerId, short producerEpoch, java.util.Set<TopicPartition> partitions) {
            return verifier.verify(transactionalId, producerId, producerEpoch, partitions);
        }

        @Override
        public void close() {
            close.run();
        }
    }
}
