package io.gregor.broker.handlers.data;

import io.gregor.broker.metadata.LiveBroker;
import io.gregor.broker.metadata.MetadataCache;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.replication.ReplicaFetcherControl;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.ReplicationConfig;
import io.gregor.replication.TopicConfigs;
import io.gregor.replication.isr.ControllerNode;
import io.gregor.replication.producer.ProducerIdManager;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The broker's data plane assembled from the server's pieces: topic configs read from ZooKeeper
 * over the broker defaults, the {@link ReplicaManager}, producer ids from ZooKeeper blocks, and
 * the handlers. The server creates it after the LogManager has started and calls
 * {@link #registerHandlers(ApiHandlerRegistry)} before it accepts connections. A replicated data
 * plane ({@link #createReplicated}) also runs replica fetchers and the ISR check: {@link #startup()}
 * starts the ISR check, {@link #close()} stops fetchers and the AlterPartition sender.
 */
public final class DataPlane implements AutoCloseable {
    private final TopicConfigs topicConfigs;
    private final ReplicaManager replicaManager;
    private final ProducerIdManager producerIds;
    private final Function<UUID, Optional<String>> topicNames;
    private final DownConversionSwitch downConversion;
    private volatile TransactionVerification transactionVerification = TransactionVerification.ALLOW_ALL; // set once at startup
    private volatile TxnMarkerListener txnMarkerListener = TxnMarkerListener.NONE; // set once at startup

    private DataPlane(TopicConfigs topicConfigs, ReplicaManager replicaManager, ProducerIdManager producerIds,
                      Function<UUID, Optional<String>> topicNames, DownConversionSwitch downConversion) {
        this.topicConfigs = topicConfigs;
        this.replicaManager = replicaManager;
        this.producerIds = producerIds;
        this.topicNames = topicNames;
        this.downConversion = downConversion;
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
                configs::minInsyncReplicas, scheduler, ReplicaFetcherControl.NONE, System::currentTimeMillis);
        DownConversionSwitch downConversion = new DownConversionSwitch();
        configs.identifyTopicsBy(replicaManager::topicId);
        configs.onOverridesRead(downConversion::updateTopic);
        ProducerIdManager producerIds = new ProducerIdManager(brokerId, zk::allocateProducerIdBlock);
        return new DataPlane(configs, replicaManager, producerIds, topicNames, downConversion);
    }

    /**
     * A data plane of a replicated cluster: follower partitions are copied from their leaders by
     * {@code num.replica.fetchers} threads per leader over the inter-broker listener, ISR changes
     * go to the active controller as AlterPartition.
     *
     * @param replication     the replication settings (see {@link ReplicationConfig})
     * @param metadataCache   where live brokers' endpoints are found
     * @param interBrokerListener the listener name followers and the AlterPartition sender connect to
     * @param activeControllerId the active controller's broker id, if any (e.g. from the ControllerTracker)
     * @param brokerEpoch     this broker's broker epoch as its registration holds it, -1 before it
     *                        registered: its follower fetches (as their replica epoch) and ISR changes
     *                        carry it, so it must be cheap to read (e.g. {@code BrokerRegistration::brokerEpoch})
     */
    public static DataPlane createReplicated(int brokerId, LogConfig brokerDefaults, int defaultMinInsyncReplicas,
                                             LogManager logManager, GregorZkClient zk,
                                             ScheduledExecutorService scheduler,
                                             Function<UUID, Optional<String>> topicNames,
                                             ReplicationConfig replication, MetadataCache metadataCache,
                                             String interBrokerListener, Supplier<OptionalInt> activeControllerId,
                                             LongSupplier brokerEpoch) {
        return createReplicated(brokerId, () -> brokerDefaults, () -> defaultMinInsyncReplicas, logManager, zk, scheduler,
                topicNames, replication, metadataCache, interBrokerListener, activeControllerId, brokerEpoch);
    }

    /** As above, with broker defaults read at each use (they change with dynamic broker configs). */
    public static DataPlane createReplicated(int brokerId, Supplier<LogConfig> brokerDefaults,
                                             java.util.function.IntSupplier defaultMinInsyncReplicas,
                                             LogManager logManager, GregorZkClient zk,
                                             ScheduledExecutorService scheduler,
                                             Function<UUID, Optional<String>> topicNames,
                                             ReplicationConfig replication, MetadataCache metadataCache,
                                             String interBrokerListener, Supplier<OptionalInt> activeControllerId,
                                             LongSupplier brokerEpoch) {
        TopicConfigs configs = new TopicConfigs(zk.topics(), brokerDefaults, defaultMinInsyncReplicas);
        Function<Integer, Optional<InetSocketAddress>> endpoints = brokerEndpoints(metadataCache, interBrokerListener);
        Supplier<Optional<ControllerNode>> controller = () -> {
            OptionalInt id = activeControllerId.get();
            return id.isEmpty() ? Optional.empty()
                    : endpoints.apply(id.getAsInt()).map(address -> new ControllerNode(id.getAsInt(), address));
        };
        ReplicaManager replicaManager = new ReplicaManager(brokerId, logManager, configs::logConfig,
                configs::minInsyncReplicas, scheduler, replication, endpoints, controller, brokerEpoch,
                System::currentTimeMillis);
        DownConversionSwitch downConversion = new DownConversionSwitch();
        configs.identifyTopicsBy(replicaManager::topicId);
        configs.onOverridesRead((topic, overrides) -> {
            replicaManager.throttles().updateTopic(topic, overrides);
            downConversion.updateTopic(topic, overrides);
        });
        ProducerIdManager producerIds = new ProducerIdManager(brokerId, zk::allocateProducerIdBlock);
        return new DataPlane(configs, replicaManager, producerIds, topicNames, downConversion);
    }

    /** A live broker's endpoint on {@code listenerName}, as the metadata cache (UpdateMetadata) knows it. */
    public static Function<Integer, Optional<InetSocketAddress>> brokerEndpoints(MetadataCache metadataCache,
                                                                                 String listenerName) {
        return brokerId -> metadataCache.aliveBroker(brokerId)
                .flatMap((LiveBroker broker) -> broker.endpoint(listenerName))
                .map((EndPoint e) -> new InetSocketAddress(e.host(), e.port()));
    }

    /** Starts the periodic ISR shrink check (replicated data planes only; a no-op otherwise). */
    public void startup() {
        replicaManager.startup();
    }

    /** Stops replica fetchers and the AlterPartition sender. Call before the LogManager shuts down. */
    @Override
    public void close() {
        replicaManager.shutdown();
    }

    /** Registers Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, InitProducerId, LeaderAndIsr and StopReplica. */
    public void registerHandlers(ApiHandlerRegistry registry) {
        DataPlaneHandlers.register(registry, replicaManager, producerIds, topicNames, FetchHandler.DEFAULT_MAX_WAIT_MS,
                downConversion::enabled);
    }

    /** As {@link #registerHandlers(ApiHandlerRegistry)}, with Fetch waits capped at {@code fetchMaxWaitMs}. */
    public void registerHandlers(ApiHandlerRegistry registry, int fetchMaxWaitMs) {
        registerHandlers(registry, fetchMaxWaitMs, DataPlaneHandlers.DEFAULT_REQUEST_TIMEOUT_MS);
    }

    /** As above; WriteTxnMarkers waits for the ISR at most {@code requestTimeoutMs} ({@code request.timeout.ms}). */
    public void registerHandlers(ApiHandlerRegistry registry, int fetchMaxWaitMs, int requestTimeoutMs) {
        registerHandlers(registry, fetchMaxWaitMs, requestTimeoutMs,
                new FetchSessionCache(FetchSessionCache.DEFAULT_SLOTS, System::currentTimeMillis));
    }

    /** As above, the incremental fetch sessions kept in {@code fetchSessions}. */
    public void registerHandlers(ApiHandlerRegistry registry, int fetchMaxWaitMs, int requestTimeoutMs,
                                 FetchSessionCache fetchSessions) {
        DataPlaneHandlers.register(registry, replicaManager, producerIds, topicNames, fetchMaxWaitMs,
                downConversion::enabled, new DataPlaneHandlers.TransactionHooks(requestTimeoutMs,
                        () -> transactionVerification, () -> txnMarkerListener), fetchSessions);
    }

    /**
     * The KIP-890 check transactional produces pass before they open a transaction in a partition
     * (the transaction coordinator's); {@link TransactionVerification#ALLOW_ALL} until set.
     */
    public void verifyTransactionsWith(TransactionVerification verification) {
        this.transactionVerification = verification;
    }

    /** Who hears of transaction markers written to {@code __consumer_offsets} (the group coordinator). */
    public void onTxnMarkersWritten(TxnMarkerListener listener) {
        this.txnMarkerListener = listener;
    }

    /** Old consumers' fetches (v0-3) follow {@code message.downconversion.enable}, with this broker default. */
    public DownConversionSwitch downConversion() {
        return downConversion;
    }

    public ReplicaManager replicaManager() {
        return replicaManager;
    }

    /** The broker's producer ids (blocks claimed in ZooKeeper), shared with the transaction coordinator. */
    public ProducerIdManager producerIds() {
        return producerIds;
    }

    /**
     * The config of {@code topic} changed in ZooKeeper (its change notification came): what was read of
     * it is dropped and its hosted logs and partitions take the new settings.
     */
    public void topicConfigChanged(String topic) {
        topicConfigs.invalidate(topic);
        replicaManager.updateTopicConfig(topic);
    }

    /** Topic settings from ZooKeeper; {@code topicConfigs()::logConfig} is also what the LogManager should load logs with. */
    public TopicConfigs topicConfigs() {
        return topicConfigs;
    }
}
