package io.gregor.coordination.zk;

import com.codahale.metrics.ExponentiallyDecayingReservoir;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.drivers.AdvancedTracerDriver;
import org.apache.curator.drivers.EventTrace;
import org.apache.curator.drivers.OperationTrace;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorEventType;
import org.apache.curator.utils.DefaultZookeeperFactory;
import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * Kafka's ZooKeeper client metrics of one Curator client: the
 * {@code kafka.server:type=SessionExpireListener} meters, marked on the connection events ZooKeeper
 * delivers (Disconnected, SyncConnected, AuthFailed, ConnectedReadOnly, SaslAuthenticated, Expired, as
 * Kafka's ZooKeeperClient marks them), its {@code SessionState} gauge (the current session handle's
 * state: CONNECTED, CONNECTING, CLOSED, ...), and the
 * {@code kafka.server:type=ZooKeeperClientMetrics,name=ZooKeeperRequestLatencyMs} histogram of every
 * ZooKeeper operation's latency in milliseconds, from Curator's operation traces (foreground and
 * background, retries included), so no call site is wrapped.
 *
 * <p>Built before the Curator client starts ({@link #attachTo}), so the first connection counts.
 * Thread-safe: the meters and histogram are; the handle is an atomic reference.
 */
public final class ZooKeeperClientMetrics {
    static final String SESSION_PREFIX = "kafka.server:type=SessionExpireListener,name=";
    static final String SESSION_STATE = SESSION_PREFIX + "SessionState";
    static final String REQUEST_LATENCY = "kafka.server:type=ZooKeeperClientMetrics,name=ZooKeeperRequestLatencyMs";
    /** Curator's traces that time something other than a ZooKeeper request (listener calls, waits). */
    private static final Set<String> NOT_REQUESTS = Set.of("EventListener", "blockUntilConnectedOrTimedOut",
            "connection-state-parent-process");

    private final Map<KeeperState, Meter> connectionEvents; // read-only after construction
    private final Histogram requestLatency = new Histogram(new ExponentiallyDecayingReservoir());
    private final AtomicReference<ZooKeeper> handle = new AtomicReference<>(); // the latest one Curator made

    ZooKeeperClientMetrics() {
        Map<KeeperState, Meter> meters = new EnumMap<>(KeeperState.class);
        for (KeeperState state : new KeeperState[] {KeeperState.Disconnected, KeeperState.SyncConnected,
                KeeperState.AuthFailed, KeeperState.ConnectedReadOnly, KeeperState.SaslAuthenticated,
                KeeperState.Expired}) {
            meters.put(state, new Meter());
        }
        this.connectionEvents = Collections.unmodifiableMap(meters);
    }

    /** Kafka's meter name for a connection event: {@code ZooKeeperExpiresPerSec}, ... */
    static String meterName(KeeperState state) {
        return SESSION_PREFIX + "ZooKeeper" + switch (state) {
            case Disconnected -> "Disconnects";
            case SyncConnected -> "SyncConnects";
            case AuthFailed -> "AuthFailures";
            case ConnectedReadOnly -> "ReadOnlyConnects";
            case SaslAuthenticated -> "SaslAuthentications";
            case Expired -> "Expires";
            default -> throw new IllegalArgumentException("no meter for " + state);
        } + "PerSec";
    }

    /** Curator's default handle factory, remembering each handle it makes (a new one after every expiry). */
    ZookeeperFactory zookeeperFactory() {
        DefaultZookeeperFactory delegate = new DefaultZookeeperFactory();
        return new ZookeeperFactory() {
            @Override
            public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher,
                                          boolean canBeReadOnly) throws Exception {
                return remember(delegate.newZooKeeper(connectString, sessionTimeout, watcher, canBeReadOnly));
            }

            @Override
            public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher,
                                          boolean canBeReadOnly, ZKClientConfig config) throws Exception {
                return remember(delegate.newZooKeeper(connectString, sessionTimeout, watcher, canBeReadOnly, config));
            }
        };
    }

    private ZooKeeper remember(ZooKeeper zk) {
        handle.set(zk);
        return zk;
    }

    /** Hooks the connection events and operation traces of {@code curator}; call before it starts. */
    void attachTo(CuratorFramework curator) {
        curator.getCuratorListenable().addListener((client, event) -> onEvent(event));
        curator.getZookeeperClient().setTracerDriver(new AdvancedTracerDriver() {
            @Override
            public void addTrace(OperationTrace trace) {
                if (!NOT_REQUESTS.contains(trace.getName())) {
                    requestLatency.update(trace.getLatencyMs());
                }
            }

            @Override
            public void addEvent(EventTrace trace) {
                // connection events are counted from the watched events themselves
            }
        });
    }

    private void onEvent(CuratorEvent event) {
        WatchedEvent watched = event.getWatchedEvent();
        if (event.getType() == CuratorEventType.WATCHED && watched != null
                && watched.getType() == Watcher.Event.EventType.None) {
            Meter meter = connectionEvents.get(watched.getState());
            if (meter != null) {
                meter.mark();
            }
        }
    }

    /** The current session handle's state as Kafka's SessionState gauge shows it (NOT_CONNECTED before the first). */
    public String sessionState() {
        ZooKeeper zk = handle.get();
        return zk == null ? ZooKeeper.States.NOT_CONNECTED.name() : zk.getState().name();
    }

    /** Registers the meters, the SessionState gauge and the latency histogram in {@code registry} under Kafka's names. */
    void registerIn(MetricRegistry registry) {
        connectionEvents.forEach((state, meter) -> registry.register(meterName(state), meter));
        registry.register(SESSION_STATE, (Gauge<String>) this::sessionState);
        registry.register(REQUEST_LATENCY, requestLatency);
    }
}
