package io.gregor.coordination.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Typed access to Gregor's metadata in ZooKeeper (the counterpart of Kafka's KafkaZkClient): cluster
 * id, broker registrations, controller znodes, producer id blocks and arbitrary multi-ops. Topic
 * and partition-state operations live in {@link TopicZkStore}, reached through {@link #topics()}.
 *
 * <p><b>Every method blocks</b> the calling thread on ZooKeeper round trips (Curator retries
 * connection loss per its retry policy). Callers must never call it from a Netty event loop or
 * any other thread that must not block; use a dedicated executor. Thread-safe: all state is in
 * ZooKeeper and the thread-safe Curator client.
 */
public final class GregorZkClient implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(GregorZkClient.class);
    private static final byte[] EMPTY = new byte[0];
    /** Bound on waiting for pipelined background reads. */
    static final long BATCH_TIMEOUT_MS = 30_000;

    private final CuratorFramework curator;
    private final ZkPaths paths;
    private final boolean ownsCurator;
    private final ZkRequestLimit requestLimit;
    private final TopicZkStore topics;
    private final ZooKeeperClientMetrics metrics; // null when the caller built the Curator client

    /** Wraps a started Curator client connected to {@code paths.connectHosts()}; the caller keeps ownership. */
    public GregorZkClient(CuratorFramework curator, ZkPaths paths) {
        this(curator, paths, false, ZkRequestLimit.fromSystemProperty(), null);
    }

    /** As {@link #GregorZkClient(CuratorFramework, ZkPaths)}, keeping writes under {@code requestLimit}. */
    public GregorZkClient(CuratorFramework curator, ZkPaths paths, ZkRequestLimit requestLimit) {
        this(curator, paths, false, requestLimit, null);
    }

    private GregorZkClient(CuratorFramework curator, ZkPaths paths, boolean ownsCurator, ZkRequestLimit requestLimit,
                           ZooKeeperClientMetrics metrics) {
        this.curator = curator;
        this.paths = paths;
        this.ownsCurator = ownsCurator;
        this.requestLimit = requestLimit;
        this.topics = new TopicZkStore(this);
        this.metrics = metrics;
    }

    /**
     * Connects to {@code zookeeper.connect} (hosts plus optional chroot), waits up to
     * {@code connectionTimeoutMs} for the session, and creates the chroot if it is missing. Writes
     * are kept under the {@code jute.maxbuffer} system property (else ZooKeeper's default).
     */
    public static GregorZkClient connect(String zookeeperConnect, int sessionTimeoutMs, int connectionTimeoutMs) {
        return connect(zookeeperConnect, sessionTimeoutMs, connectionTimeoutMs, ZkRequestLimit.fromSystemProperty());
    }

    /** As {@link #connect(String, int, int)}, keeping every write under {@code requestLimit}. */
    public static GregorZkClient connect(String zookeeperConnect, int sessionTimeoutMs, int connectionTimeoutMs,
                                         ZkRequestLimit requestLimit) {
        return connect(zookeeperConnect, sessionTimeoutMs, connectionTimeoutMs, requestLimit, ZkClientSecurity.NONE);
    }

    /**
     * As {@link #connect(String, int, int, ZkRequestLimit)}, secured by {@code security}: its
     * ZooKeeper client properties (TLS) on this client's own configuration, and Kafka's secure ACLs
     * on every znode it creates (the chroot included) when {@link ZkClientSecurity#setAcl()}.
     */
    public static GregorZkClient connect(String zookeeperConnect, int sessionTimeoutMs, int connectionTimeoutMs,
                                         ZkRequestLimit requestLimit, ZkClientSecurity security) {
        ZkPaths paths = ZkPaths.fromConnectString(zookeeperConnect);
        ZooKeeperClientMetrics metrics = new ZooKeeperClientMetrics();
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(paths.connectHosts())
                .sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(connectionTimeoutMs)
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 2_000))
                .defaultData(EMPTY)
                .zkClientConfig(security.toClientConfig())
                .aclProvider(new KafkaZnodeAcls(paths.chroot(), security.setAcl()))
                .zookeeperFactory(metrics.zookeeperFactory())
                .build();
        metrics.attachTo(curator);
        curator.start();
        try {
            if (!curator.blockUntilConnected(connectionTimeoutMs, TimeUnit.MILLISECONDS)) {
                curator.close();
                throw new ZkOperationException("Timed out after " + connectionTimeoutMs
                        + " ms connecting to ZooKeeper at " + paths.connectHosts());
            }
        } catch (InterruptedException e) {
            curator.close();
            Thread.currentThread().interrupt();
            throw new ZkOperationException("Interrupted while connecting to " + paths.connectHosts(), e);
        }
        GregorZkClient client = new GregorZkClient(curator, paths, true, requestLimit, metrics);
        if (!paths.chroot().isEmpty()) {
            client.ensurePath(paths.chroot());
        }
        log.info("Connected to ZooKeeper {} (session 0x{})", paths, Long.toHexString(client.sessionId()));
        return client;
    }

    public CuratorFramework curator() {
        return curator;
    }

    public ZkPaths paths() {
        return paths;
    }

    /** The largest request the ZooKeeper servers are assumed to accept; every write stays under it. */
    public ZkRequestLimit requestLimit() {
        return requestLimit;
    }

    /** Topic assignments, topic configs, partition states and topic deletion. */
    public TopicZkStore topics() {
        return topics;
    }

    /**
     * Registers Kafka's ZooKeeper client metrics of this client in {@code registry}: the
     * {@code kafka.server:type=SessionExpireListener} connection-event meters and SessionState, and
     * {@code kafka.server:type=ZooKeeperClientMetrics,name=ZooKeeperRequestLatencyMs} (see
     * {@link ZooKeeperClientMetrics}). Only a client made by {@code connect} records them.
     *
     * @throws IllegalStateException for a client that wraps a Curator client built elsewhere
     */
    public void registerMetrics(com.codahale.metrics.MetricRegistry registry) {
        if (metrics == null) {
            throw new IllegalStateException("ZooKeeper metrics are recorded only by a client made by connect()");
        }
        metrics.registerIn(registry);
    }

    /** The current ZooKeeper session id (changes after a session expiry). */
    public long sessionId() {
        try {
            return curator.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            throw ZkOperationException.wrap("sessionId", paths.connectHosts(), e);
        }
    }

    /** The session timeout negotiated with the server, or the requested one before the first connect. */
    public int sessionTimeoutMs() {
        try {
            int negotiated = curator.getZookeeperClient().getZooKeeper().getSessionTimeout();
            return negotiated > 0 ? negotiated : curator.getZookeeperClient().getLastNegotiatedSessionTimeoutMs();
        } catch (Exception e) {
            throw ZkOperationException.wrap("sessionTimeout", paths.connectHosts(), e);
        }
    }

    /**
     * Waits until the session's server has caught up with the ZooKeeper leader (ZooKeeper's sync),
     * so that a read issued next sees every write committed before this call began, even when this
     * session's server lags. A missing {@code path} is fine.
     *
     * @throws ZkOperationException when the sync fails or takes longer than the batch timeout
     */
    public void sync(String path) {
        CompletableFuture<Void> synced = new CompletableFuture<>();
        try {
            curator.sync().inBackground((client, event) -> {
                KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                if (code == KeeperException.Code.OK || code == KeeperException.Code.NONODE) {
                    synced.complete(null);
                } else {
                    synced.completeExceptionally(KeeperException.create(code, path));
                }
            }).forPath(path);
            synced.get(BATCH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw ZkOperationException.wrap("sync", path, e.getCause());
        } catch (Exception e) {
            throw ZkOperationException.wrap("sync", path, e);
        }
    }

    // ---- paths -------------------------------------------------------------------------------

    /** Creates {@code path} and missing parents with empty data; existing znodes are left as they are. */
    public void ensurePath(String path) {
        try {
            if (curator.checkExists().forPath(path) == null) {
                curator.create().creatingParentsIfNeeded().forPath(path, EMPTY);
            }
        } catch (KeeperException.NodeExistsException raced) {
            // another broker created it between our check and create: the goal is met
        } catch (Exception e) {
            throw ZkOperationException.wrap("create", path, e);
        }
    }

    /** Creates Kafka's persistent paths a broker expects at start (idempotent). */
    public void createPersistentPaths() {
        paths.persistentPaths().forEach(this::ensurePath);
    }

    /** The data and stat of a znode, or empty when it does not exist. */
    Optional<ZkBatch.Read> read(String path) {
        try {
            Stat stat = new Stat();
            byte[] data = curator.getData().storingStatIn(stat).forPath(path);
            return Optional.of(new ZkBatch.Read(path, data, stat));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw ZkOperationException.wrap("getData", path, e);
        }
    }

    Map<String, ZkBatch.Read> readAll(List<String> znodes) {
        return ZkBatch.getData(curator, znodes, BATCH_TIMEOUT_MS);
    }

    /** Children of many znodes with pipelined reads (unsorted); a missing znode maps to null. */
    Map<String, List<String>> childrenOfAll(List<String> znodes) {
        return ZkBatch.getChildren(curator, znodes, BATCH_TIMEOUT_MS);
    }

    /** Sorted children of {@code path}; empty when it does not exist. */
    List<String> children(String path) {
        try {
            List<String> children = new ArrayList<>(curator.getChildren().forPath(path));
            children.sort(Comparator.naturalOrder());
            return children;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw ZkOperationException.wrap("getChildren", path, e);
        }
    }

    boolean exists(String path) {
        try {
            return curator.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw ZkOperationException.wrap("exists", path, e);
        }
    }

    /**
     * Runs {@code ops} as one ZooKeeper multi-op: all apply or none. A failure surfaces as the
     * KeeperException of the failing op, whose {@code getResults()} tells which op failed.
     *
     * @throws ZkWriteTooLargeException (nothing sent) if the ops exceed {@link #requestLimit()}'s budget:
     *         large writes go through {@link ChunkedMulti}
     */
    public List<CuratorTransactionResult> multi(List<CuratorOp> ops) throws KeeperException {
        int bytes = ZkRequestLimit.sizeOf(ops);
        if (bytes > requestLimit.multiBudgetBytes()) {
            throw new ZkWriteTooLargeException(describeBriefly(ops), bytes, requestLimit);
        }
        try {
            return curator.transaction().forOperations(ops);
        } catch (KeeperException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOperationException.wrap("multi", describe(ops), e);
        }
    }

    /** Index of the op that failed in a multi-op, or -1 if the results do not say. */
    public static int failedOpIndex(KeeperException e) {
        List<OpResult> results = e.getResults();
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult error
                    && error.getErr() != KeeperException.Code.OK.intValue()
                    && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return i;
            }
        }
        return -1;
    }

    static String describe(List<CuratorOp> ops) {
        return ops.stream().map(op -> op.get().getType() + " " + op.get().getPath()).toList().toString();
    }

    /** The first op and how many follow, for messages about writes that may hold thousands of ops. */
    static String describeBriefly(List<CuratorOp> ops) {
        if (ops.isEmpty()) {
            return "an empty multi-op";
        }
        String first = ops.get(0).get().getPath();
        return ops.size() == 1 ? "a write of " + first : "a multi-op of " + ops.size() + " ops from " + first;
    }

    /**
     * Writes {@code data} to an existing znode at {@code expectedVersion} (-1: any), refusing (nothing
     * sent) data that would exceed {@link #requestLimit()}.
     */
    Stat setData(String path, byte[] data, int expectedVersion) throws Exception {
        checkFits(path, data);
        return curator.setData().withVersion(expectedVersion).forPath(path, data);
    }

    /** @throws ZkWriteTooLargeException if a write of {@code data} to {@code path} would exceed {@link #requestLimit()} */
    void checkFits(String path, byte[] data) {
        int bytes = ZkRequestLimit.sizeOf(org.apache.zookeeper.Op.setData(path, data, -1));
        if (bytes > requestLimit.multiBudgetBytes()) {
            throw new ZkWriteTooLargeException("a write of " + path, bytes, requestLimit);
        }
    }

    // ---- cluster id --------------------------------------------------------------------------

    public Optional<String> getClusterId() {
        String path = paths.clusterId();
        return read(path).map(r -> ClusterIdZNode.fromJson(path, r.data()).id());
    }

    /**
     * The cluster id, creating {@code /cluster/id} with a new random id if absent. Race-safe: when
     * several brokers start together exactly one create wins and all return its id.
     */
    public String getOrCreateClusterId() {
        Optional<String> existing = getClusterId();
        if (existing.isPresent()) {
            return existing.get();
        }
        String path = paths.clusterId();
        String proposed = KafkaUuid.random().toString();
        try {
            curator.create().creatingParentsIfNeeded().forPath(path, new ClusterIdZNode(proposed).toJson());
            log.info("Created cluster id {} at {}", proposed, path);
            return proposed;
        } catch (KeeperException.NodeExistsException lostRace) {
            return getClusterId().orElseThrow(() -> new ZkOperationException(path + " vanished right after being created"));
        } catch (Exception e) {
            throw ZkOperationException.wrap("create", path, e);
        }
    }

    // ---- brokers -----------------------------------------------------------------------------

    /** Ids of the live brokers (children of {@code /brokers/ids}), ascending. */
    public List<Integer> getBrokerIds() {
        List<Integer> ids = new ArrayList<>();
        for (String child : children(paths.brokerIds())) {
            try {
                ids.add(Integer.parseInt(child));
            } catch (NumberFormatException e) {
                throw new ZnodeParseException(paths.brokerIds() + "/" + child, "broker znode name is not an integer id", null, e);
            }
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    public Optional<BrokerInfo> getBroker(int brokerId) {
        String path = paths.brokerId(brokerId);
        return read(path).map(r -> BrokerInfo.fromJson(path, brokerId, r.data()));
    }

    /** Registrations of all live brokers, read with pipelined requests, ordered by broker id. */
    public List<BrokerInfo> getAllBrokers() {
        List<Integer> ids = getBrokerIds();
        Map<String, ZkBatch.Read> reads = readAll(ids.stream().map(paths::brokerId).toList());
        List<BrokerInfo> brokers = new ArrayList<>();
        for (int id : ids) {
            ZkBatch.Read read = reads.get(paths.brokerId(id));
            if (read.exists()) { // a broker may have gone between listing and reading
                brokers.add(BrokerInfo.fromJson(read.path(), id, read.data()));
            }
        }
        return brokers;
    }

    /**
     * Registrations of all live brokers with their broker epochs (the czxid of each
     * {@code /brokers/ids/<id>} znode, as Kafka uses it), read with pipelined requests, by broker id.
     */
    public List<RegisteredBroker> getAllRegisteredBrokers() {
        List<Integer> ids = getBrokerIds();
        Map<String, ZkBatch.Read> reads = readAll(ids.stream().map(paths::brokerId).toList());
        List<RegisteredBroker> brokers = new ArrayList<>();
        for (int id : ids) {
            ZkBatch.Read read = reads.get(paths.brokerId(id));
            if (read.exists()) {
                brokers.add(new RegisteredBroker(BrokerInfo.fromJson(read.path(), id, read.data()), read.stat().getCzxid()));
            }
        }
        return brokers;
    }

    /** The broker epoch (czxid of {@code /brokers/ids/<id>}) of a live broker, empty if it is not registered. */
    public Optional<Long> getBrokerEpoch(int brokerId) {
        return read(paths.brokerId(brokerId)).map(r -> r.stat().getCzxid());
    }

    // ---- controlled shutdown (Gregor's proof of origin) ---------------------------------------

    /**
     * Announces that this broker itself asks for its controlled shutdown: an ephemeral znode at
     * {@link ZkPaths#controlledShutdown(int)}, owned by this client's session, which is the session
     * that holds the broker's registration. The controller grants a ControlledShutdown only with
     * it ({@link #controlledShutdownAnnounced}): broker epochs are czxids, small and guessable in a
     * young ensemble, but only the broker's own session can create an ephemeral znode it owns. An
     * announcement of this session already there is kept; one left by another session (an earlier
     * incarnation, which would have expired) is replaced.
     */
    public void announceControlledShutdown(int brokerId) {
        String path = paths.controlledShutdown(brokerId);
        try {
            Stat existing = curator.checkExists().forPath(path);
            if (existing != null && existing.getEphemeralOwner() == sessionId()) {
                return;
            }
            if (existing != null) {
                curator.delete().withVersion(existing.getVersion()).forPath(path);
            }
            curator.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, EMPTY);
        } catch (Exception e) {
            throw ZkOperationException.wrap("create", path, e);
        }
    }

    /**
     * True when broker {@code brokerId} is registered with broker epoch {@code brokerEpoch} and has
     * announced its controlled shutdown from the session that holds that registration.
     */
    public boolean controlledShutdownAnnounced(int brokerId, long brokerEpoch) {
        Optional<ZkBatch.Read> registration = read(paths.brokerId(brokerId));
        if (registration.isEmpty() || registration.get().stat().getCzxid() != brokerEpoch) {
            return false;
        }
        Optional<ZkBatch.Read> announcement = read(paths.controlledShutdown(brokerId));
        return announcement.isPresent()
                && announcement.get().stat().getEphemeralOwner() == registration.get().stat().getEphemeralOwner();
    }

    // ---- controller --------------------------------------------------------------------------

    /** The broker id in {@code /controller}, or empty when no controller is registered. */
    public Optional<Integer> getControllerId() {
        String path = paths.controller();
        return read(path).map(r -> ControllerRegistration.fromJson(path, r.data()).brokerId());
    }

    public Optional<ControllerEpoch> getControllerEpoch() {
        String path = paths.controllerEpoch();
        return read(path).map(r -> new ControllerEpoch(ControllerEpochZNode.decode(path, r.data()), r.stat().getVersion()));
    }

    // ---- producer ids ------------------------------------------------------------------------

    /**
     * Claims the next block of {@link ProducerIdBlock#BLOCK_SIZE} producer ids for {@code brokerId}:
     * reads {@code /latest_producer_id_block} and writes the following block conditionally on the
     * read zkVersion, re-reading and retrying when another broker won the race. Blocks never overlap.
     */
    public ProducerIdBlock allocateProducerIdBlock(int brokerId) {
        String path = paths.latestProducerIdBlock();
        while (true) {
            Optional<ZkBatch.Read> current = read(path);
            try {
                if (current.isEmpty()) {
                    ProducerIdBlock first = ProducerIdBlock.first(brokerId);
                    curator.create().creatingParentsIfNeeded().forPath(path, first.toJson());
                    log.info("Broker {} claimed producer id block {}", brokerId, first);
                    return first;
                }
                byte[] data = current.get().data();
                ProducerIdBlock next = data == null || data.length == 0
                        ? ProducerIdBlock.first(brokerId)
                        : ProducerIdBlock.fromJson(path, data).next(brokerId);
                curator.setData().withVersion(current.get().stat().getVersion()).forPath(path, next.toJson());
                log.info("Broker {} claimed producer id block {}", brokerId, next);
                return next;
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                     | KeeperException.NoNodeException raced) {
                log.debug("Producer id block claim by broker {} lost a race ({}); retrying", brokerId, raced.code());
            } catch (Exception e) {
                throw ZkOperationException.wrap("allocateProducerIdBlock", path, e);
            }
        }
    }

    @Override
    public void close() {
        if (ownsCurator) {
            curator.close();
        }
    }
}
