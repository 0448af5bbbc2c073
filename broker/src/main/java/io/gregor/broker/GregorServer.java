package io.gregor.broker;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.config.DynamicBrokerConfig;
import io.gregor.broker.metadata.AutoTopicCreator;
import io.gregor.broker.metadata.DescribeClusterHandler;
import io.gregor.broker.metadata.LiveBroker;
import io.gregor.broker.metadata.MetadataCache;
import io.gregor.broker.metadata.MetadataHandler;
import io.gregor.broker.handlers.admin.AdminHandlers;
import io.gregor.broker.handlers.data.DataPlane;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.ReplicationConfig;
import io.gregor.broker.group.GroupHandlers;
import io.gregor.broker.txn.TransactionHandlers;
import io.gregor.coordination.admin.AutoTopicCreation;
import io.gregor.coordination.admin.BrokerRack;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.config.ConfigChangeWatcher;
import io.gregor.coordination.controller.ControllerConfig;
import io.gregor.coordination.controller.ControlledShutdownClient;
import io.gregor.broker.handlers.controller.ClusterActionGate;
import io.gregor.broker.handlers.controller.ControllerHandlers;
import io.gregor.broker.handlers.controller.FollowerFetchGate;
import io.gregor.coordination.controller.KafkaController;
import io.gregor.broker.metadata.UpdateMetadataHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.quota.ClientQuotaConfigs;
import io.gregor.broker.quota.ClientQuotaHandlers;
import io.gregor.broker.security.SaslApiHandlers;
import io.gregor.broker.security.SaslServerSide;
import io.gregor.broker.security.ScramCredentialCache;
import io.gregor.broker.security.ScramCredentialHandlers;
import io.gregor.broker.quota.QuotaGate;
import io.gregor.broker.security.AclAuthorizer;
import io.gregor.broker.security.AclHandlers;
import io.gregor.broker.security.AuthorizationGate;
import io.gregor.broker.network.ProtocolWarmUp;
import io.gregor.broker.network.ReadinessGate;
import io.gregor.broker.network.SocketServer;
import io.gregor.broker.network.SocketServerSettings;
import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.coordination.controller.ControllerElection;
import io.gregor.coordination.controller.ControllerEpochFence;
import io.gregor.coordination.controller.ControllerListener;
import io.gregor.coordination.controller.ControllerFailureDetector;
import io.gregor.coordination.controller.ControllerRequestVerifier;
import io.gregor.coordination.controller.ControllerTracker;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.registry.LiveBrokerEpochs;
import io.gregor.coordination.registry.ReplicaEpochVerifier;
import io.gregor.coordination.registry.HeldEndpoints;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker process: wires configuration, ZooKeeper, the logs, the metadata cache, the socket
 * server, the broker registration and the controller election, and takes them down in reverse.
 *
 * <p>Startup order: ZooKeeper connect (persistent paths, cluster id) -> LogManager (meta.properties
 * checked/written with the cluster id, logs recovered) -> MetadataCache -> handlers registered
 * ({@link #registerHandlers}), the cluster-action ones put behind the {@link ClusterActionGate} and
 * follower fetches behind the {@link FollowerFetchGate} (with the {@link LiveBrokerEpochs} it checks)
 * -> SocketServer bound, client APIs behind the {@link ReadinessGate} (the first-request path warmed
 * up beside what follows, {@link ProtocolWarmUp}) -> BrokerRegistration with the bound ports (which
 * prove a stale registration of ours dead) -> the gate opens at the controller's UpdateMetadata for
 * that registration -> ControllerElection (a dead session's latch node removed first). Shutdown:
 * election, registration, readiness gate, socket server (in-flight requests
 * finish), extra components ({@link #addShutdownStep}), LogManager (clean-shutdown markers),
 * scheduler, ZooKeeper. Lifecycle ({@link Lifecycle}): {@link #startup()} runs once; a second
 * startup, or one after {@link #shutdown()} (also a shutdown before any startup), is refused with
 * {@link IllegalStateException}; shutdown runs once, later calls return at once. Thread-safe.
 */
public final class GregorServer {
    private static final Logger log = LoggerFactory.getLogger(GregorServer.class);
    /**
     * How long a client request may wait for the starting broker to be ready (registered, with its
     * first metadata) before its connection is closed; below the request timeouts of the Apache
     * Java client and kafka-python (30 s) and librdkafka (60 s), so the broker, not the client,
     * ends the wait, and clients retry.
     */
    static final long STARTUP_HOLD_MS = 10_000;

    /** The configuration in effect at startup (static under dynamic, read from ZooKeeper at startup); see {@link #dynamicConfig}. */
    private volatile BrokerConfig config;
    private volatile DynamicBrokerConfig dynamicConfig;
    private volatile ConfigEntityStore configEntities;
    private volatile DynamicReconfiguration reconfiguration;
    private volatile QuotaGate quotaGate;
    /** The SCRAM credentials of /config/users, reloaded with the client quotas on each users/ change. */
    private final ScramCredentialCache scramCredentials = new ScramCredentialCache();
    private volatile SaslServerSide sasl = SaslServerSide.NONE;
    private final ApiHandlerRegistry handlers = new ApiHandlerRegistry();
    private final List<ControllerListener> controllerListeners = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> shutdownSteps = new CopyOnWriteArrayList<>();
    private final CountDownLatch shutdownComplete = new CountDownLatch(1);
    private volatile AutoTopicCreator autoTopicCreator;
    private volatile GregorZkClient zk;
    private volatile String clusterId;
    private volatile LogManager logManager;
    private volatile MetadataCache metadataCache;
    private volatile SocketServer socketServer;
    private volatile BrokerRegistration registration;
    private volatile ControllerElection controllerElection;
    private volatile ControllerTracker controllerTracker;
    private volatile LiveBrokerEpochs brokerEpochs;
    private volatile ScheduledExecutorService scheduler;
    private volatile ReplicaManager replicaManager;
    private volatile io.gregor.broker.metrics.BrokerMetrics metrics; // set first in startup
    private volatile ReadinessGate readiness;
    private volatile List<EndPoint> advertisedEndpoints = List.of();
    private final Lifecycle lifecycle;
    /**
     * What happens when the last log dir fails: the broker process halts ({@link Main} sets it, as
     * Kafka's does); a broker embedded in another program (tests) shuts itself down instead, so it
     * never ends its host's JVM.
     */
    private volatile Runnable lastLogDirFailed = () -> new Thread(this::shutdown, "gregor-no-log-dir-shutdown").start();

    public GregorServer(BrokerConfig config) {
        this.config = config;
        this.lifecycle = new Lifecycle("Broker " + config.brokerId());
    }

    /** Starts every component in order; on failure, what was started is shut down and the cause rethrown. */
    public synchronized void startup() throws Exception {
        lifecycle.start();
        try {
            int brokerId = config.brokerId();
            metrics = io.gregor.broker.metrics.BrokerMetrics.start(config.metricsHttpListener());
            java.util.concurrent.atomic.AtomicInteger activeController = new java.util.concurrent.atomic.AtomicInteger();
            metrics.registry().register("kafka.controller:type=KafkaController,name=ActiveControllerCount",
                    (com.codahale.metrics.Gauge<Integer>) activeController::get);
            addControllerListener(new ControllerListener() {
                @Override
                public void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence) {
                    activeController.set(1);
                }

                @Override
                public void onControllerResigned() {
                    activeController.set(0);
                }
            });
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, daemonThreads("gregor-scheduler"));
            // a purgatory's answered operations cancel their expiry; drop it now, not when it would have run
            timers.setRemoveOnCancelPolicy(true);
            scheduler = timers;
            zk = GregorZkClient.connect(config.zookeeperConnect(), config.zookeeperSessionTimeoutMs(),
                    config.zookeeperConnectionTimeoutMs(), config.zookeeperRequestLimit(), config.zookeeperSecurity());
            zk.registerMetrics(metrics.registry());
            zk.createPersistentPaths();
            clusterId = zk.getOrCreateClusterId();
            configEntities = new ConfigEntityStore(zk);
            dynamicConfig = new DynamicBrokerConfig(config);
            reconfiguration = new DynamicReconfiguration(brokerId, dynamicConfig, configEntities, timers);
            reconfiguration.reloadBrokerConfigs();
            config = dynamicConfig.current();
            logManager = new LogManager(config.logManagerConfig(clusterId), this::topicLogConfig, System::currentTimeMillis);
            reconfiguration.resizeBackgroundThreads(logManager, config.backgroundThreads());
            io.gregor.broker.metrics.BrokerTopicMetrics topicMetrics =
                    new io.gregor.broker.metrics.BrokerTopicMetrics(metrics.registry());
            logManager.addLogListener(new io.gregor.broker.metrics.LogMetrics(metrics.registry(), logManager::getLog,
                    topicMetrics));
            logManager.startup();
            metadataCache = new MetadataCache(brokerId, clusterId);
            controllerTracker = new ControllerTracker(zk);
            controllerTracker.start();
            ControllerTracker tracker = controllerTracker;
            metadataCache.useControllerIdBeforeFirstUpdate(() -> tracker.activeControllerId().orElse(-1));
            metadataCache.useZooKeeperController(() -> tracker.activeController()
                    .map(c -> new MetadataCache.ZkController(c.brokerId(), c.epoch())));
            readiness = new ReadinessGate(brokerId, STARTUP_HOLD_MS, scheduler, scheduler);
            registerHandlers(handlers);
            new io.gregor.broker.metrics.BrokerTopicMetricsGate(topicMetrics, this::topicNameById).install(handlers);
            new ClusterActionGate(new ControllerRequestVerifier(zk, brokerId, tracker,
                    this::registeredBrokerEpoch)).install(handlers);
            brokerEpochs = new LiveBrokerEpochs(zk);
            brokerEpochs.start();
            new FollowerFetchGate(new ReplicaEpochVerifier(brokerEpochs)).install(handlers);
            installAuthorizer();
            quotaGate = new QuotaGate(config.quotaWindowNum(), config.quotaWindowSizeSeconds() * 1000L,
                    System::currentTimeMillis);
            reloadClientQuotas();
            quotaGate.install(handlers);
            sasl = new SaslServerSide(config.saslListeners(), scramCredentials, config.saslServerMaxReceiveSize());
            io.gregor.broker.metrics.RequestMetrics requestMetrics = new io.gregor.broker.metrics.RequestMetrics(metrics.registry());
            socketServer = new SocketServer(SocketServerSettings.from(config), readiness.gate(handlers),
                    config.listenerSecurity(), sasl, requestMetrics);
            requestMetrics.watch(socketServer);
            socketServer.startup();
            // a change that came while it was being built
            DynamicReconfiguration.reconfigureSocketServer(socketServer, dynamicConfig.current());
            warmUpInBackground();
            advertisedEndpoints = resolveAdvertised();
            metadataCache.initLocalBroker(new LiveBroker(brokerId, advertisedEndpoints, config.rack()));
            registration = new BrokerRegistration(zk,
                    BrokerInfo.of(brokerId, advertisedEndpoints, config.rack(), -1, Map.of(), System.currentTimeMillis()),
                    HeldEndpoints.of(advertisedEndpoints, this::boundAddressOrNull), this::onRegistrationLost);
            registration.start();
            readiness.awaitMetadataFor(registration.brokerEpoch());
            controllerElection = new ControllerElection(zk, brokerId, new ControllerListener() {
                @Override
                public void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence) {
                    log.info("Broker {} is the controller (epoch {})", brokerId, epoch);
                    controllerListeners.forEach(l -> l.onControllerElected(epoch, fence));
                }

                @Override
                public void onControllerResigned() {
                    log.info("Broker {} is no longer the controller", brokerId);
                    controllerListeners.forEach(ControllerListener::onControllerResigned);
                }
            });
            controllerElection.removeNodesOfDeadSession(registration.replacedSessionId());
            controllerElection.start();
            if (config.controllerBrokerProbeIntervalMs() > 0) {
                ControllerFailureDetector detector = new ControllerFailureDetector(zk, brokerId, tracker::activeControllerId);
                detector.start(config.controllerBrokerProbeIntervalMs());
                addShutdownStep(detector);
            }
            log.info("Gregor broker {} started (cluster {}, listeners {})", brokerId, clusterId,
                    advertisedEndpoints.stream().map(EndPoint::connectionString).toList());
        } catch (Exception | Error e) {
            shutdown();
            throw e;
        }
    }

    /** With {@code authorizer.class.name} set: the ACL authorizer, its ACL APIs, and its checks in front of every API. */
    private void installAuthorizer() {
        if (!config.authorizer().enabled()) {
            return;
        }
        AclAuthorizer acls = new AclAuthorizer(zk, config.authorizer(), scheduler);
        addShutdownStep(acls);
        acls.start();
        AclHandlers.install(handlers, acls);
        new AuthorizationGate(acls, this::topicNameById, metadataCache::contains).install(handlers);
    }

    /**
     * ===== WIRING HOOK for the lead =====
     * Registers every API handler. Runs during startup after ZooKeeper, the LogManager and the
     * MetadataCache exist and before the socket server accepts connections, so the getters of this
     * class ({@link #zkClient()}, {@link #logManager()}, {@link #metadataCache()}, {@link #scheduler()},
     * {@link #config()}) may be used here. Add the data-plane and controller helpers' handlers below,
     * and their controller callbacks via {@link #addControllerListener}, their auto topic creator via
     * {@link #setAutoTopicCreator}, and their close via {@link #addShutdownStep}.
     */
    private void registerHandlers(ApiHandlerRegistry registry) {
        registry.register(ApiKey.METADATA, new MetadataHandler(metadataCache, config::autoCreateTopicsEnable,
                () -> autoTopicCreator));
        registry.register(ApiKey.DESCRIBE_CLUSTER, new DescribeClusterHandler(metadataCache));
        registry.register(ApiKey.UPDATE_METADATA, new UpdateMetadataHandler(metadataCache, brokerEpoch -> {
            readiness.metadataApplied(brokerEpoch);
            // after a full LeaderAndIsr: delete the logs of partitions the metadata assigns elsewhere
            ReplicaManager replicas = replicaManager; // set below, before any request is served
            if (replicas != null) {
                replicas.deleteStrayLogs(tp -> metadataCache.partition(tp.topic(), tp.partition())
                        .map(p -> !p.replicas().contains(config.brokerId())).orElse(false));
            }
        }));

        ReplicationConfig replication = new ReplicationConfig(config.numReplicaFetchers(), config.replicaFetchMaxBytes(),
                config.replicaFetchResponseMaxBytes(), config.replicaFetchMinBytes(), config.replicaFetchWaitMaxMs(),
                config.replicaFetchBackoffMs(), config.replicaLagTimeMaxMs(), config.controllerSocketTimeoutMs(),
                config.replicaSocketTimeoutMs(), config.interBrokerClientSecurity());
        DynamicBrokerConfig dynamic = dynamicConfig;
        DataPlane dataPlane = DataPlane.createReplicated(config.brokerId(), () -> dynamic.current().logConfig(),
                () -> dynamic.current().minInsyncReplicas(), logManager, zk, scheduler, this::topicNameById,
                replication, metadataCache, config.interBrokerListenerName(), metadataCache::controllerId,
                this::registeredBrokerEpoch);
        dataPlane.downConversion().useBrokerDefault(() -> dynamic.current().logMessageDownConversionEnable());
        io.gregor.broker.handlers.data.FetchSessionCache fetchSessions = new io.gregor.broker.handlers.data.FetchSessionCache(
                config.maxIncrementalFetchSessionCacheSlots(), System::currentTimeMillis);
        dataPlane.registerHandlers(registry, config.fetchMaxWaitMs(), config.requestTimeoutMs(), fetchSessions);
        fetchSessions.registerMetrics(metrics.registry());
        dataPlane.startup();
        addShutdownStep(dataPlane);
        replicaManager = dataPlane.replicaManager();
        ReplicaManager replicas = replicaManager;
        replicas.addLogDirFailureListener(this::onLogDirFailure);
        replicas.registerMetrics(metrics.registry());
        // producer.id.expiration.ms: idle producers leave the partitions' producer state, as in Kafka
        int expiryCheckMs = config.producerIdExpirationCheckIntervalMs();
        java.util.concurrent.ScheduledFuture<?> producerExpiry = scheduler.scheduleWithFixedDelay(
                () -> replicas.removeExpiredProducers(System.currentTimeMillis(), config.producerIdExpirationMs()),
                expiryCheckMs, expiryCheckMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        addShutdownStep(() -> producerExpiry.cancel(false));
        reconfiguration.applyTo(replicas, logManager, () -> socketServer);
        ConfigChangeWatcher configChanges = new ConfigChangeWatcher(zk, topic -> scheduler.execute(() -> {
            try {
                dataPlane.topicConfigChanged(topic);
                log.info("Broker {} applied the changed config of topic {}", config.brokerId(), topic);
            } catch (RuntimeException e) {
                log.error("Broker {} could not apply the changed config of topic {}", config.brokerId(), topic, e);
            }
        }), entityPath -> reconfiguration.onConfigEntityChange(entityPath, this::reloadClientQuotas));
        configChanges.start();
        addShutdownStep(configChanges);

        // New replicas go to the brokers the controller last named live, as in Kafka's ZkAdminManager: a
        // broker the controller has found dead keeps its registration until its session expires.
        TopicAdmin topicAdmin = new TopicAdmin(zk, config.numPartitions(), config.defaultReplicationFactor(),
                () -> metadataCache.aliveBrokers().stream().map(b -> new BrokerRack(b.id(), b.rack())).toList())
                .withPartitionLimits(config.partitionLimits());
        AutoTopicCreation autoCreation = new AutoTopicCreation(topicAdmin);
        setAutoTopicCreator(autoCreation::createForMetadata);
        AdminHandlers.register(registry, topicAdmin, dynamicConfig, configEntities, reconfiguration::reloadBrokerConfigs,
                this::topicHasLeaders, metadataCache::contains, scheduler);
        GroupHandlers.Registration groupCoordinator = GroupHandlers.register(registry, topicAdmin,
                dataPlane.replicaManager(), metadataCache, config.groupConfig(), scheduler, System::currentTimeMillis);
        addShutdownStep(groupCoordinator);
        groupCoordinator.registerMetrics(metrics.registry(), config.interBrokerListenerName(),
                config.interBrokerClientSecurity(), config.requestTimeoutMs());
        TransactionHandlers.Registration transactionCoordinator = TransactionHandlers.register(registry, topicAdmin,
                dataPlane.replicaManager(), metadataCache, config.transactionConfig(), config.offsetsTopicNumPartitions(),
                dataPlane.producerIds()::generateProducerId, config.interBrokerListenerName(),
                config.interBrokerClientSecurity(), config.requestTimeoutMs(), scheduler, System::currentTimeMillis);
        addShutdownStep(transactionCoordinator);
        // markers WriteTxnMarkers writes to __consumer_offsets commit or drop the producer's TxnOffsetCommits
        dataPlane.onTxnMarkersWritten(groupCoordinator::onTransactionCompleted);
        if (config.transactionPartitionVerificationEnable()) {
            dataPlane.verifyTransactionsWith(transactionCoordinator::verify);
        }

        KafkaController controller = new KafkaController(zk, config.brokerId(), new ControllerConfig(
                config.uncleanLeaderElectionEnable(), config.zookeeperConnectionTimeoutMs(), 100,
                config.autoLeaderRebalanceEnable(),
                TimeUnit.SECONDS.toMillis(config.leaderImbalanceCheckIntervalSeconds()),
                config.leaderImbalancePerBrokerPercentage(), config.controllerBrokerProbeIntervalMs(),
                ControllerConfig.DEFAULT_SHUTDOWN_GRANT_EXPIRY_MS)
                .withBrokerChannel(config.controlPlaneListenerName(), config.controlPlaneClientSecurity()));
        controller.registerMetrics(metrics.registry());
        addControllerListener(controller);
        addShutdownStep(controller);
        metrics.registry().register("kafka.controller:type=KafkaController,name=OfflinePartitionsCount",
                (com.codahale.metrics.Gauge<Integer>) controller::offlinePartitionsCount);
        metrics.registry().register("kafka.controller:type=KafkaController,name=GlobalPartitionCount",
                (com.codahale.metrics.Gauge<Integer>) controller::globalPartitionCount);
        ControllerHandlers.register(registry, controller);
        ClientQuotaHandlers.register(registry, configEntities);
        SaslApiHandlers.register(registry);
        ScramCredentialHandlers.register(registry, configEntities);
    }

    /**
     * Reads every client quota entity of {@code /config/users} and {@code /config/clients} and applies
     * them: the quotas, and the users' SCRAM credentials.
     */
    private void reloadClientQuotas() {
        reconfiguration.reloadSerially(() -> {
            Map<String, EntityConfig> entities = configEntities.quotaEntities();
            quotaGate.updateConfigs(new ClientQuotaConfigs(entities));
            scramCredentials.update(ScramCredentialHandlers.usersOf(entities));
        });
    }

    /**
     * A log dir went offline: tell the controller (Kafka's /log_dir_event_notification), which moves
     * leadership of its partitions away. With no log dir left the broker process halts, as Kafka's
     * does ({@link #onLastLogDirFailure}).
     */
    private void onLogDirFailure(java.nio.file.Path dir) {
        if (!lifecycle.isStarted()) {
            log.warn("Broker {}: log dir {} failed while the broker is stopping; ignored", config.brokerId(), dir);
            return;
        }
        if (logManager.liveLogDirs().isEmpty()) {
            log.error("Broker {}: every log dir of {} is offline; stopping", config.brokerId(), logManager.logDirs());
            lastLogDirFailed.run();
            return;
        }
        io.gregor.coordination.zk.LogDirEventNotification.propagate(zk, config.brokerId());
        log.warn("Broker {} told the controller that log dir {} failed", config.brokerId(), dir);
    }

    /** Sets what happens when the last log dir fails (the process's entry point halts the JVM). */
    public void onLastLogDirFailure(Runnable action) {
        this.lastLogDirFailed = action;
    }

    /** This broker's broker epoch as its registration last created or confirmed it, -1 before. */
    private long registeredBrokerEpoch() {
        BrokerRegistration current = registration;
        return current == null ? -1L : current.brokerEpoch();
    }

    private Optional<String> topicNameById(UUID topicId) {
        // the snapshot's index: this runs per topic of every fetch (metrics, authorization)
        return Optional.ofNullable(metadataCache.snapshot().topicNamesById().get(topicId));
    }

    /** True once this broker's metadata knows a leader for every partition of {@code topic}. */
    private boolean topicHasLeaders(String topic) {
        return metadataCache.topic(topic)
                .map(t -> !t.partitions().isEmpty() && t.partitions().values().stream().allMatch(p -> p.leader() >= 0))
                .orElse(false);
    }

    private LogConfig topicLogConfig(String topic) {
        Map<String, String> overrides = new HashMap<>();
        zk.topics().getTopicConfig(topic).ifPresent(c -> c.config().forEach((k, v) -> {
            if (LogConfig.KEYS.contains(k)) {
                overrides.put(k, v);
            }
        }));
        return dynamicConfig.current().logConfig().with(overrides);
    }

    /**
     * Runs the first-request path once ({@link ProtocolWarmUp}) beside the registration, so that a
     * client probing the broker the moment its port opens does not wait for that start-up work alone.
     */
    private void warmUpInBackground() {
        // the probe speaks plaintext: a broker whose listeners all use TLS is warmed up without it
        InetSocketAddress listener = config.listeners().stream()
                .filter(l -> !io.gregor.clients.security.ClientSecurity.usesTls(l.securityProtocol())).findFirst()
                .map(l -> socketServer.boundAddress(l.listenerName())).orElse(null);
        scheduler.execute(() -> {
            ProtocolWarmUp.run(handlers);
            if (listener != null) {
                long ms = ProtocolWarmUp.probe(listener, 2_000);
                log.info("Broker {}: first request over its own listener answered in {} ms", config.brokerId(), ms);
            }
        });
    }

    private InetSocketAddress boundAddressOrNull(String listenerName) {
        try {
            return socketServer.boundAddress(listenerName);
        } catch (IllegalArgumentException notBound) {
            return null;
        }
    }

    /** Advertised listeners with port 0 replaced by the bound port and a missing host by this machine's name. */
    private List<EndPoint> resolveAdvertised() throws UnknownHostException {
        List<EndPoint> resolved = new ArrayList<>();
        for (EndPoint e : config.advertisedListeners()) {
            int port = e.port() == 0 ? socketServer.boundPort(e.listenerName()) : e.port();
            String host = e.host() != null ? e.host() : InetAddress.getLocalHost().getCanonicalHostName();
            resolved.add(new EndPoint(e.listenerName(), host, port, e.securityProtocol()));
        }
        return List.copyOf(resolved);
    }

    private void onRegistrationLost(Throwable cause) {
        log.error("Broker {} lost its ZooKeeper registration and could not restore it: {}; shutting down",
                config.brokerId(), cause.toString());
        Thread t = new Thread(this::shutdown, "gregor-shutdown-after-registration-loss");
        t.setDaemon(true);
        t.start();
    }

    /** Stops every component in reverse order; safe to call more than once and from any thread. */
    public void shutdown() {
        if (lifecycle.close() == Lifecycle.State.CLOSED) {
            return;
        }
        log.info("Shutting down broker {}", config.brokerId());
        if (config.controlledShutdownEnable() && registration != null && socketServer != null) {
            // The controller may be this broker, so the socket server and ZooKeeper session are still up here.
            try {
                boolean done = new ControlledShutdownClient(zk, config.brokerId(), config.controlledShutdownMaxRetries(),
                        config.controlledShutdownRetryBackoffMs(), config.controllerSocketTimeoutMs(),
                        config.interBrokerListenerName(), config.interBrokerClientSecurity()).shutdown();
                if (!done) {
                    log.warn("Broker {}: controlled shutdown did not complete; shutting down anyway", config.brokerId());
                }
            } catch (Exception e) {
                log.warn("Broker {}: controlled shutdown failed; shutting down anyway", config.brokerId(), e);
            }
        }
        closeQuietly("controller election", controllerElection);
        closeQuietly("broker registration", registration);
        closeQuietly("readiness gate", readiness);
        if (socketServer != null) {
            closeQuietly("socket server", socketServer::shutdown);
        }
        List<AutoCloseable> steps = new ArrayList<>(shutdownSteps);
        Collections.reverse(steps);
        for (AutoCloseable step : steps) {
            closeQuietly("component " + step, step);
        }
        closeQuietly("controller tracker", controllerTracker);
        closeQuietly("broker epochs", brokerEpochs);
        if (logManager != null) {
            closeQuietly("log manager", logManager::shutdown);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        closeQuietly("ZooKeeper client", zk);
        closeQuietly("metrics", metrics);
        log.info("Broker {} shut down", config.brokerId());
        shutdownComplete.countDown();
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Error while closing the {}: {}", what, e.toString());
        }
    }

    /** Blocks until {@link #shutdown()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        shutdownComplete.await();
    }

    /** Told when this broker becomes or stops being the controller (add before {@link #startup()}). */
    public void addControllerListener(ControllerListener listener) {
        controllerListeners.add(listener);
    }

    /** Used by the Metadata handler for {@code auto.create.topics.enable}; may be set any time. */
    public void setAutoTopicCreator(AutoTopicCreator creator) {
        this.autoTopicCreator = creator;
    }

    /** Closed during shutdown after the socket server stops and before the logs close (reverse order of adding). */
    public void addShutdownStep(AutoCloseable step) {
        shutdownSteps.add(step);
    }

    public BrokerConfig config() { return config; }
    /** The configuration in effect now, with the dynamic broker configs. */
    public DynamicBrokerConfig dynamicConfig() { return dynamicConfig; }
    public ApiHandlerRegistry handlers() { return handlers; }
    public GregorZkClient zkClient() { return zk; }
    public String clusterId() { return clusterId; }
    public LogManager logManager() { return logManager; }
    public MetadataCache metadataCache() { return metadataCache; }
    public ScheduledExecutorService scheduler() { return scheduler; }
    public ControllerElection controllerElection() { return controllerElection; }

    /** The partitions this broker hosts (leader and follower state, appends, fetches). */
    public ReplicaManager replicaManager() { return replicaManager; }
    public SocketServer socketServer() { return socketServer; }
    /** The broker's metrics (registry, JMX, Prometheus endpoint), null before startup. */
    public io.gregor.broker.metrics.BrokerMetrics metrics() { return metrics; }
    /** The SASL server of the SASL listeners (its counts of failed and successful authentications), {@link SaslServerSide#NONE} before startup. */
    public SaslServerSide sasl() { return sasl; }
    /** The registered endpoints (real ports), empty before startup. */
    public List<EndPoint> advertisedEndpoints() { return advertisedEndpoints; }

    /** The bound port of {@code listenerName}. */
    public int boundPort(String listenerName) {
        return socketServer.boundPort(listenerName);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
