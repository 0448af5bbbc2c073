package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.producer.ProducerIdManager;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place the data-path handlers are wired: Produce, Fetch, ListOffsets, DeleteRecords,
 * DescribeLogDirs, AlterReplicaLogDirs, OffsetForLeaderEpoch, InitProducerId, LeaderAndIsr, StopReplica,
 * WriteTxnMarkers and DescribeProducers.
 */
public final class DataPlaneHandlers {
    private DataPlaneHandlers() {
    }

    /**
     * Registers every data-path handler.
     *
     * @param topicNames topic id -> name for Fetch v13+, tried when the ids this broker learned from
     *                   LeaderAndIsr ({@link ReplicaManager#topicName}, a map lookup: every follower
     *                   fetch names its topics by id) do not hold it
     */
    public static void register(ApiHandlerRegistry registry, ReplicaManager replicaManager,
                                ProducerIdManager producerIds, Function<UUID, Optional<String>> topicNames) {
        register(registry, replicaManager, producerIds, topicNames, FetchHandler.DEFAULT_MAX_WAIT_MS, topic -> true);
    }

    /**
     * As {@link #register(ApiHandlerRegistry, ReplicaManager, ProducerIdManager, Function)}, Fetch waits capped at
     * {@code fetchMaxWaitMs}, old consumers' fetches answered as {@code downConversionEnabled} says per topic.
     */
    public static void register(ApiHandlerRegistry registry, ReplicaManager replicaManager,
                                ProducerIdManager producerIds, Function<UUID, Optional<String>> topicNames,
                                int fetchMaxWaitMs, java.util.function.Predicate<String> downConversionEnabled) {
        register(registry, replicaManager, producerIds, topicNames, fetchMaxWaitMs, downConversionEnabled,
                new TransactionHooks(DEFAULT_REQUEST_TIMEOUT_MS, () -> TransactionVerification.ALLOW_ALL,
                        () -> TxnMarkerListener.NONE));
    }

    /** Kafka's default {@code request.timeout.ms}: how long WriteTxnMarkers waits for the ISR unless told otherwise. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

    /**
     * What the transactional part of the data path needs from the rest of the broker.
     *
     * @param requestTimeoutMs how long WriteTxnMarkers waits for the ISR ({@code request.timeout.ms})
     * @param verification     the KIP-890 check of transactional produces, read per request
     * @param markerListener   told of markers written to {@code __consumer_offsets}, read per request
     */
    public record TransactionHooks(int requestTimeoutMs, Supplier<TransactionVerification> verification,
                                   Supplier<TxnMarkerListener> markerListener) {
    }

    /** As above, with the transaction coordinator's hooks. */
    public static void register(ApiHandlerRegistry registry, ReplicaManager replicaManager,
                                ProducerIdManager producerIds, Function<UUID, Optional<String>> topicNames,
                                int fetchMaxWaitMs, java.util.function.Predicate<String> downConversionEnabled,
                                TransactionHooks txn) {
        register(registry, replicaManager, producerIds, topicNames, fetchMaxWaitMs, downConversionEnabled, txn,
                new FetchSessionCache(FetchSessionCache.DEFAULT_SLOTS, System::currentTimeMillis));
    }

    /** As above, with the incremental fetch sessions kept in {@code fetchSessions}. */
    public static void register(ApiHandlerRegistry registry, ReplicaManager replicaManager,
                                ProducerIdManager producerIds, Function<UUID, Optional<String>> topicNames,
                                int fetchMaxWaitMs, java.util.function.Predicate<String> downConversionEnabled,
                                TransactionHooks txn, FetchSessionCache fetchSessions) {
        Function<UUID, Optional<String>> names = id -> replicaManager.topicName(id).or(() -> topicNames.apply(id));
        registry.register(ApiKey.PRODUCE, new ProduceHandler(replicaManager, txn.verification()));
        registry.register(ApiKey.WRITE_TXN_MARKERS, new WriteTxnMarkersHandler(replicaManager, txn.requestTimeoutMs(),
                txn.markerListener()));
        registry.register(ApiKey.DESCRIBE_PRODUCERS, new DescribeProducersHandler(replicaManager));
        registry.register(ApiKey.FETCH, new FetchHandler(replicaManager, names, fetchMaxWaitMs, downConversionEnabled,
                fetchSessions));
        registry.fetchSessionSizes(fetchSessions::sessionPartitions);
        registry.register(ApiKey.LIST_OFFSETS, new ListOffsetsHandler(replicaManager));
        registry.register(ApiKey.DELETE_RECORDS, new DeleteRecordsHandler(replicaManager));
        registry.register(ApiKey.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(replicaManager));
        registry.register(ApiKey.ALTER_REPLICA_LOG_DIRS, new AlterReplicaLogDirsHandler(replicaManager));
        registry.register(ApiKey.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(replicaManager));
        registry.register(ApiKey.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds));
        registry.register(ApiKey.LEADER_AND_ISR, new LeaderAndIsrHandler(replicaManager));
        registry.register(ApiKey.STOP_REPLICA, new StopReplicaHandler(replicaManager));
    }
}
