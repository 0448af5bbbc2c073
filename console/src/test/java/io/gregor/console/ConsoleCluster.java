package io.gregor.console;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.GregorCluster;
import io.gregor.clients.admin.GregorAdmin;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The console's browser-test fixture: a real cluster (ZooKeeper on loopback and three in-process brokers,
 * from the broker module's {@link GregorCluster}), a console on an ephemeral port against it, an admin
 * client for the tests' own checks. {@link #startConsole} starts more consoles (e.g. read-only) on the
 * same cluster. Closed in reverse order.
 */
final class ConsoleCluster implements AutoCloseable {
    static final int BROKERS = 3;

    final GregorCluster cluster;
    final GregorServer[] brokers;
    final String bootstrap;
    final GregorAdmin admin;
    final ConsoleServer console;

    private ConsoleCluster(GregorCluster cluster, GregorServer[] brokers, String bootstrap, GregorAdmin admin,
                           ConsoleServer console) {
        this.cluster = cluster;
        this.brokers = brokers;
        this.bootstrap = bootstrap;
        this.admin = admin;
        this.console = console;
    }

    static ConsoleCluster start() throws Exception {
        GregorCluster cluster = GregorCluster.start();
        GregorAdmin admin = null;
        try {
            GregorServer[] brokers = cluster.startInProcessBrokers(BROKERS, Map.of(
                    "offsets.topic.replication.factor", "3", "offsets.topic.num.partitions", "3",
                    "replica.lag.time.max.ms", "3000", "group.initial.rebalance.delay.ms", "0"));
            StringBuilder bootstrap = new StringBuilder();
            for (GregorServer b : brokers) {
                bootstrap.append(bootstrap.isEmpty() ? "" : ",").append("127.0.0.1:").append(b.boundPort("PLAINTEXT"));
            }
            admin = GregorAdmin.create(Map.of("bootstrap.servers", bootstrap.toString()));
            GregorAdmin client = admin;
            Awaitility.await(BROKERS + " brokers in metadata").atMost(GregorCluster.STARTUP_TIMEOUT)
                    .until(() -> client.describeCluster().nodes().size() == BROKERS);
            ConsoleServer console = startConsole(cluster, bootstrap.toString(), false);
            return new ConsoleCluster(cluster, brokers, bootstrap.toString(), admin, console);
        } catch (Exception | Error e) {
            if (admin != null) {
                admin.close();
            }
            cluster.close();
            throw e;
        }
    }

    private static ConsoleServer startConsole(GregorCluster cluster, String bootstrap, boolean readOnly) throws Exception {
        return ConsoleServer.start(new ConsoleOptions(bootstrap, cluster.zookeeperConnect(), "127.0.0.1", 0, readOnly,
                Map.of(), Map.of()));
    }

    /** A console with this cluster's ZooKeeper but the given brokers and client properties (the caller closes it). */
    ConsoleServer startConsole(String bootstrapServers, Map<String, String> clientProperties) throws Exception {
        return ConsoleServer.start(new ConsoleOptions(bootstrapServers, cluster.zookeeperConnect(), "127.0.0.1", 0, false,
                clientProperties, Map.of()));
    }

    /** Another console on this cluster (the caller closes it). */
    ConsoleServer startConsole(boolean readOnly) throws Exception {
        return startConsole(cluster, bootstrap, readOnly);
    }

    /** The address of {@code path} on the fixture's console. */
    String url(String path) {
        return url(console, path);
    }

    static String url(ConsoleServer console, String path) {
        return "http://127.0.0.1:" + console.port() + path;
    }

    static Duration patience() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void close() throws Exception {
        try {
            console.close();
        } finally {
            try {
                admin.close();
            } finally {
                cluster.close();
            }
        }
    }
}
