package io.gregor.console;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkOperationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's two ways into the cluster: the admin client (as the principal of
 * {@code --command-config}, so the brokers' ACLs decide what it sees) and a ZooKeeper session (the
 * controller, its epoch and the raw cluster state). Every call goes through {@link #admin} or
 * {@link #zookeeper}, which turn the cluster's errors into {@link ConsoleError}s a person can read:
 * refused by ACL 403, unknown topic 404, unreachable or timed out 503. Thread safe (both clients are).
 */
public final class ClusterAccess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterAccess.class);

    /** How long a page waits for the cluster before it says so: short, a person is waiting. */
    static final int API_TIMEOUT_MS = 8_000;

    private final GregorAdmin admin;
    private final GregorZkClient zk;
    private final String zookeeperConnect;
    private final String bootstrapServers;
    private volatile ConnectionState zkState = ConnectionState.CONNECTED; // written by Curator's event thread

    private ClusterAccess(GregorAdmin admin, GregorZkClient zk, String zookeeperConnect, String bootstrapServers) {
        this.admin = admin;
        this.zk = zk;
        this.zookeeperConnect = zookeeperConnect;
        this.bootstrapServers = bootstrapServers;
        zk.curator().getConnectionStateListenable().addListener((client, state) -> {
            zkState = state;
            log.info("ZooKeeper session of the console: {}", state);
        });
    }

    /**
     * Connects to ZooKeeper (waiting up to 10 s: a console without ZooKeeper cannot start) and creates the
     * admin client; the brokers are reached page by page, so the console starts and keeps serving while
     * some or all brokers are down.
     */
    static ClusterAccess open(ConsoleOptions options) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("client.id", "gregor-console");
        props.put("default.api.timeout.ms", API_TIMEOUT_MS);
        props.put("request.timeout.ms", API_TIMEOUT_MS / 2);
        props.putAll(options.clientProperties());
        props.put("bootstrap.servers", options.bootstrapServer());
        GregorZkClient zk = GregorZkClient.connect(options.zookeeper(), 30_000, 10_000);
        try {
            return new ClusterAccess(GregorAdmin.create(props), zk, options.zookeeper(), options.bootstrapServer());
        } catch (RuntimeException e) {
            zk.close();
            throw e;
        }
    }

    public String zookeeperConnect() {
        return zookeeperConnect;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The console's ZooKeeper session state as Curator last reported it (CONNECTED, SUSPENDED, LOST, ...). */
    public String zookeeperState() {
        return zk.curator().getZookeeperClient().isConnected() ? "CONNECTED" : zkState.name();
    }

    /** The session id of the console's ZooKeeper session, in hex as ZooKeeper logs it. */
    public String zookeeperSessionId() {
        try {
            return "0x" + Long.toHexString(zk.sessionId());
        } catch (RuntimeException e) {
            return "none";
        }
    }

    /** Runs {@code call} on the admin client; {@code doing} completes "while ..." in an error message. */
    public <T> T admin(String doing, Function<GregorAdmin, T> call) {
        try {
            return call.apply(admin);
        } catch (GregorApiException e) {
            throw explain(e, doing);
        }
    }

    /** Runs {@code call} on the ZooKeeper client; a lost connection is a 503. */
    public <T> T zookeeper(String doing, Function<GregorZkClient, T> call) {
        try {
            return call.apply(zk);
        } catch (ZkOperationException e) {
            log.warn("ZooKeeper failed while {}: {}", doing, e.toString());
            throw new ConsoleError(503, "ZooKeeper unavailable",
                    "ZooKeeper (" + zookeeperConnect + ") did not answer while " + doing + ": " + e.getMessage(), e);
        }
    }

    /** The {@link ConsoleError} that says what a broker's error means for the person reading the page. */
    public static ConsoleError explain(GregorApiException e, String doing) {
        Errors error = e.error();
        String name = error.name();
        if (name.endsWith("_AUTHORIZATION_FAILED")) {
            return new ConsoleError(403, "Not allowed", "The console's principal is not allowed to see or do this ("
                    + doing + "): the brokers answered " + name + ". Ask for an ACL, or start the console with "
                    + "--command-config for another principal.", e);
        }
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID, GROUP_ID_NOT_FOUND ->
                    new ConsoleError(404, "Not found", "Not found while " + doing + ": " + e.getMessage(), e);
            case TOPIC_ALREADY_EXISTS, NON_EMPTY_GROUP, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS,
                 REASSIGNMENT_IN_PROGRESS ->
                    new ConsoleError(409, "Refused", "The cluster refused while " + doing + ": " + e.getMessage(), e);
            case INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT,
                 INVALID_CONFIG, INVALID_REQUEST, POLICY_VIOLATION, INVALID_GROUP_ID, OFFSET_OUT_OF_RANGE ->
                    new ConsoleError(400, "Invalid", "The cluster refused this as invalid while " + doing + ": "
                            + e.getMessage(), e);
            default -> {
                if (error.isRetriable() || error == Errors.NETWORK_EXCEPTION || error == Errors.REQUEST_TIMED_OUT) {
                    log.warn("Cluster unavailable while {}: {}", doing, e.toString());
                    yield new ConsoleError(503, "Cluster unavailable", "The brokers did not answer while " + doing
                            + " (is the cluster up?): " + e.getMessage(), e);
                }
                log.warn("Broker error while {}", doing, e);
                yield new ConsoleError(502, "Broker error", "The brokers answered an error while " + doing + ": "
                        + e.getMessage(), e);
            }
        };
    }

    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            zk.close();
        }
    }
}
