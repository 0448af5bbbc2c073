package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.replication.ReplicaFetcherControl;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.TopicConfigs;
import io.gregor.replication.producer.ProducerIdManager;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The broker's data plane assembled from the server's pieces: topic configs read from ZooKeeper
 * over the broker defaults, the {@link ReplicaManager}, producer ids from ZooKeeper blocks, and
 * the handlers. The server creates it after the LogManager has started and calls
 * {@link #registerHandlers(ApiHandlerRegistry)} before it accepts connections.
 */
public final class DataPlane {
    private final TopicConfigs topicConfigs;
    private final ReplicaManager replicaManager;
    private final ProducerIdManager producerIds;
    private final Function<UUID, Optional<String>> topicNames;

    private DataPlane(TopicConfigs topicConfigs, ReplicaManager replicaManager, ProducerIdManager producerIds,
                      Function<UUID, Optional<String>> topicNames) {
        this.topicConfigs = topicConfigs;
        this.replicaManager = replicaManager;
        this.producerIds = producerIds;
        this.topicNames = topicNames;
    }

    /**
     * @param brokerDefaults           the broker's log settings (log.segment.bytes, message.max.bytes, ...), the
     *                                 same as the LogManager's default; topic overrides apply on top
     * @param defaultMinInsyncReplicas the broker's {@code min.insync.replicas}
     * @param scheduler                runs delayed produce/fetch timeouts
     * @param topicNames               topic id -> name for Fetch v13+ (e.g. from the metadata cache)
     */
    public static DataPlane create(int brokerId, LogConfig brokerDefaults, int defaultMinInsyncReplicas,
                                   LogManager logManager, GregorZkClient zk, ScheduledExecutorService scheduler,
                                   Function<UUID, Optional<String>> topicNames) {
        TopicConfigs configs = new TopicConfigs(zk.topics(), brokerDefaults, defaultMinInsyncReplicas);
        ReplicaManager replicaManager = new ReplicaManager(brokerId, logManager, configs::logConfig,
                configs::minInsyncReplicas, scheduler, ReplicaFetcherControl.NONE);
        ProducerIdManager producerIds = new ProducerIdManager(brokerId, zk::allocateProducerIdBlock);
        return new DataPlane(configs, replicaManager, producerIds, topicNames);
    }

    /** Registers Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, InitProducerId, LeaderAndIsr and StopReplica. */
    public void registerHandlers(ApiHandlerRegistry registry) {
        DataPlaneHandlers.register(registry, replicaManager, producerIds, topicNames);
    }

    public ReplicaManager replicaManager() {
        return replicaManager;
    }

    /** Topic settings from ZooKeeper; {@code topicConfigs()::logConfig} is also what the LogManager should load logs with. */
    public TopicConfigs topicConfigs() {
        return topicConfigs;
    }
}
