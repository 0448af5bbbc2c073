package io.gregor.broker.it;

import io.gregor.broker.GregorServer;
import io.gregor.broker.config.BrokerConfig;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.GregorZkClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;

/**
 * The shared integration-test fixture: one real ZooKeeper (Curator {@link TestingServer} on
 * 127.0.0.1, ephemeral port; or a {@link ZooKeeperProcess} for server settings a JVM reads once) and brokers that use it under a chroot of their own, either
 * {@linkplain #startInProcessBroker in this JVM} ({@link GregorServer} on {@code PLAINTEXT://127.0.0.1:0})
 * or {@linkplain #startBrokerProcess as a separate JVM} ({@link BrokerProcess}). Every broker gets
 * temp log dirs under {@link #workDir()}. {@link #close()} stops every broker still running, then
 * ZooKeeper, then deletes the temp files.
 *
 * <p>This is the one cluster fixture of the broker module's tests: {@code ThreeBrokers} is a preset
 * of three broker JVMs on it, and {@code e2e.GregorTestCluster} a {@code ClusterUnderTest} view of
 * one in-process broker on it ({@link #startOnSharedZooKeeper()}).
 */
public final class GregorCluster implements AutoCloseable {
    /** Bound on every wait for the cluster to reach a state (startup, leadership, registration). */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger CHROOTS = new AtomicInteger();

    private static TestingServer sharedZooKeeper; // guarded by GregorCluster.class; stopped when the JVM exits

    private final AutoCloseable zookeeper; // a TestingServer, or a ZooKeeperProcess; null on the shared server
    private final String zookeeperHosts;
    private final Path workDir;
    private final String chroot;
    private final List<AutoCloseable> brokers = Collections.synchronizedList(new ArrayList<>());
    private volatile String secureZookeeperHosts; // ZooKeeper's TLS port, when it has one; set once at start

    private GregorCluster(AutoCloseable zookeeper, String zookeeperHosts, Path workDir) {
        this.zookeeper = zookeeper;
        this.zookeeperHosts = zookeeperHosts;
        this.workDir = workDir;
        this.chroot = "/gregor-it-" + CHROOTS.incrementAndGet();
    }

    /** Starts ZooKeeper on 127.0.0.1 with an ephemeral port and a temp working directory. */
    public static GregorCluster start() throws Exception {
        Path workDir = Files.createTempDirectory("gregor-it-");
        TestingServer zookeeper = new TestingServer(new InstanceSpec(workDir.resolve("zookeeper").toFile(), -1, -1, -1,
                true, -1, 500, -1, Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
        return new GregorCluster(zookeeper, zookeeper.getConnectString(), workDir);
    }

    /**
     * A ZooKeeper server for a test that needs no brokers: Curator's {@link TestingServer} on
     * 127.0.0.1 only, ephemeral port, temp data dir, 250 ms tick. The caller closes it.
     */
    public static TestingServer startLoopbackZooKeeper() throws Exception {
        return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 250, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
    }

    /**
     * As {@link #start()}, but on a ZooKeeper server shared by every such cluster of this JVM (under a
     * chroot of its own), which saves starting one per test. {@link #close()} leaves the server running.
     */
    public static GregorCluster startOnSharedZooKeeper() throws Exception {
        return new GregorCluster(null, sharedZooKeeper(), Files.createTempDirectory("gregor-it-"));
    }

    private static synchronized String sharedZooKeeper() throws Exception {
        if (sharedZooKeeper == null) {
            TestingServer started = startLoopbackZooKeeper();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; Curator removes the server's temp dir if it can
                }
            }, "gregor-shared-zookeeper-stop"));
            sharedZooKeeper = started;
        }
        return sharedZooKeeper.getConnectString();
    }

    /**
     * As {@link #start()}, with ZooKeeper in a child JVM started with {@code systemProperties} (e.g.
     * a small {@code jute.maxbuffer}, which a server reads once per JVM): see {@link ZooKeeperProcess}.
     */
    public static GregorCluster startWithZooKeeperProcess(Map<String, String> systemProperties) throws Exception {
        Path workDir = Files.createTempDirectory("gregor-it-");
        ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Files.createDirectories(workDir.resolve("zookeeper")),
                systemProperties);
        return new GregorCluster(zookeeper, zookeeper.connectString(), workDir);
    }

    /**
     * As {@link #startWithZooKeeperProcess(Map)}, with ZooKeeper also listening on a TLS port (see
     * {@link ZooKeeperProcess#start(Path, Map, boolean)}); {@link #zookeeperConnect()} stays the plain port.
     */
    public static GregorCluster startWithSecureZooKeeperProcess(Map<String, String> systemProperties) throws Exception {
        Path workDir = Files.createTempDirectory("gregor-it-");
        ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Files.createDirectories(workDir.resolve("zookeeper")),
                systemProperties, true);
        GregorCluster cluster = new GregorCluster(zookeeper, zookeeper.connectString(), workDir);
        cluster.secureZookeeperHosts = zookeeper.secureConnectString();
        return cluster;
    }

    /** The {@code zookeeper.connect} value through ZooKeeper's TLS port (with the cluster's chroot). */
    public String secureZookeeperConnect() {
        if (secureZookeeperHosts == null) {
            throw new IllegalStateException("this cluster's ZooKeeper has no TLS port");
        }
        return secureZookeeperHosts + chroot;
    }

    /** The {@code zookeeper.connect} value brokers of this cluster use (with the cluster's chroot). */
    public String zookeeperConnect() {
        return zookeeperHosts + chroot;
    }

    public Path workDir() {
        return workDir;
    }

    /** A fresh empty directory under the cluster's working directory. */
    public Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(workDir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir under " + workDir, e);
        }
    }

    /** The configuration every test broker starts from; {@code overrides} win. */
    public Map<String, String> brokerProperties(int brokerId, Path logDir, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("broker.id", Integer.toString(brokerId));
        props.put("listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("log.dirs", logDir.toString());
        props.put("zookeeper.connect", zookeeperConnect());
        props.put("controlled.shutdown.retry.backoff.ms", "200");
        props.put("zookeeper.session.timeout.ms", "6000");
        props.put("zookeeper.connection.timeout.ms", "15000");
        props.put("num.io.threads", "4");
        props.put("num.network.threads", "2");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.putAll(overrides);
        return props;
    }

    /**
     * Starts a broker in this JVM on a fresh log dir and waits until it is the controller, so
     * topics created from now on get a leader.
     */
    public GregorServer startInProcessBroker(int brokerId, Map<String, String> overrides) throws Exception {
        GregorServer server = joinInProcessBroker(brokerId, overrides);
        Awaitility.await("broker " + brokerId + " elected controller").atMost(STARTUP_TIMEOUT)
                .until(() -> server.controllerElection().isActive() && server.metadataCache().controllerId().isPresent());
        return server;
    }

    /**
     * Starts brokers 0 to {@code count - 1} in this JVM, each on a fresh log dir with {@code overrides}:
     * broker 0 first, until it is the controller, then the others joining it.
     */
    public GregorServer[] startInProcessBrokers(int count, Map<String, String> overrides) throws Exception {
        GregorServer[] servers = new GregorServer[count];
        servers[0] = startInProcessBroker(0, overrides);
        for (int id = 1; id < count; id++) {
            servers[id] = joinInProcessBroker(id, overrides);
        }
        return servers;
    }

    /**
     * Starts a broker in this JVM on a fresh log dir and returns once {@link GregorServer#startup()}
     * has (it is registered; it may not have its metadata yet). For brokers that join a cluster
     * whose controller is another one.
     */
    public GregorServer joinInProcessBroker(int brokerId, Map<String, String> overrides) throws Exception {
        return joinInProcessBroker(brokerId, newDir("logs-" + brokerId + "-"), overrides);
    }

    /** As {@link #joinInProcessBroker(int, Map)}, on {@code logDir}. */
    public GregorServer joinInProcessBroker(int brokerId, Path logDir, Map<String, String> overrides) throws Exception {
        GregorServer server = new GregorServer(BrokerConfig.fromMap(brokerProperties(brokerId, logDir, overrides)));
        server.startup();
        brokers.add(server::shutdown);
        return server;
    }

    /**
     * Starts {@code io.gregor.broker.Main} in a separate JVM on {@code logDir} and waits until it has
     * registered in ZooKeeper; see {@link BrokerProcess}.
     */
    public BrokerProcess startBrokerProcess(int brokerId, Path logDir, Map<String, String> overrides) throws Exception {
        return startBrokerProcess(brokerId, logDir, overrides, Map.of());
    }

    /** As {@link #startBrokerProcess(int, Path, Map)}, its JVM with {@code systemProperties} (e.g. the JAAS file). */
    public BrokerProcess startBrokerProcess(int brokerId, Path logDir, Map<String, String> overrides,
                                            Map<String, String> systemProperties) throws Exception {
        BrokerProcess process = BrokerProcess.start(this, brokerId, brokerProperties(brokerId, logDir, overrides),
                systemProperties);
        brokers.add(process::kill);
        return process;
    }

    /** The registration of {@code brokerId} in ZooKeeper, if the broker is registered. */
    public Optional<BrokerInfo> registeredBroker(int brokerId) {
        try (GregorZkClient zk = GregorZkClient.connect(zookeeperConnect(), 6000, 15_000)) {
            return zk.getBroker(brokerId);
        }
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> running;
        synchronized (brokers) {
            running = new ArrayList<>(brokers);
            brokers.clear();
        }
        Collections.reverse(running);
        Exception failure = null;
        for (AutoCloseable broker : running) {
            try {
                broker.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
        deleteRecursively(workDir);
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
