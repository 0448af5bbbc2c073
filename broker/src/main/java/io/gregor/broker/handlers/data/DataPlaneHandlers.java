package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.producer.ProducerIdManager;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one place the data-path handlers are wired: Produce, Fetch, ListOffsets, DeleteRecords,
 * DescribeLogDirs, AlterReplicaLogDirs, OffsetForLeaderEpoch, InitProducerId, LeaderAndIsr and StopReplica.
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
        Function<UUID, Optional<String>> names = id -> replicaManager.topicName(id).or(() -> topicNames.apply(id));
        registry.register(ApiKey.PRODUCE, new ProduceHandler(replicaManager));
        registry.register(ApiKey.FETCH, new FetchHandler(replicaManager, names, fetchMaxWaitMs, downConversionEnabled));
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
