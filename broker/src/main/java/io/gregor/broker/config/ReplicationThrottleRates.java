package io.gregor.broker.config;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZnodeParseException;
import io.gregor.replication.quota.ReplicationThrottles;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source of this broker's replication throttle rates ({@code leader.replication.throttled.rate},
 * {@code follower.replication.throttled.rate}): the dynamic value in {@code /config/brokers/<id>},
 * else the cluster default in {@code /config/brokers/<default>}, else the static config, as Kafka
 * resolves a dynamic broker config. It watches those two znodes itself (Curator caches) and applies
 * every change to {@link ReplicationThrottles#updateRates}; when the dynamic broker config work
 * owns these znodes, this class is the one place to rewire. The cache callbacks only hand the work
 * to {@code executor}. Lifecycle: {@link #start()} once, {@link #close()}.
 */
public final class ReplicationThrottleRates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicationThrottleRates.class);
    private static final String DEFAULT_ENTITY = "<default>";

    private final GregorZkClient zk;
    private final String brokerId;
    private final BrokerConfig config;
    private final ReplicationThrottles throttles;
    private final Executor executor;
    private final CuratorCache brokerCache;
    private final CuratorCache defaultCache;
    private final Lifecycle lifecycle = new Lifecycle("Replication throttle rates");

    public ReplicationThrottleRates(GregorZkClient zk, BrokerConfig config, ReplicationThrottles throttles, Executor executor) {
        this.zk = zk;
        this.brokerId = Integer.toString(config.brokerId());
        this.config = config;
        this.throttles = throttles;
        this.executor = executor;
        this.brokerCache = CuratorCache.build(zk.curator(), zk.paths().brokerConfig(brokerId));
        this.defaultCache = CuratorCache.build(zk.curator(), zk.paths().brokerConfig(DEFAULT_ENTITY));
        CuratorCacheListener listener = CuratorCacheListener.builder().forAll((type, before, after) -> refreshLater())
                .forInitialized(this::refreshLater).build();
        brokerCache.listenable().addListener(listener);
        defaultCache.listenable().addListener(listener);
    }

    public void start() {
        lifecycle.start();
        refresh();
        brokerCache.start();
        defaultCache.start();
    }

    private void refreshLater() {
        executor.execute(this::refresh);
    }

    private void refresh() {
        try {
            Map<String, String> own = read(brokerId);
            Map<String, String> cluster = read(DEFAULT_ENTITY);
            throttles.updateRates(
                    rate(ReplicationThrottles.LEADER_RATE, own, cluster, config.leaderReplicationThrottledRate()),
                    rate(ReplicationThrottles.FOLLOWER_RATE, own, cluster, config.followerReplicationThrottledRate()));
        } catch (RuntimeException e) {
            log.error("Broker {} could not read its replication throttle rates; keeping the current ones", brokerId, e);
        }
    }

    private Map<String, String> read(String entity) {
        try {
            return zk.topics().getBrokerConfig(entity).map(EntityConfig::config).orElse(Map.of());
        } catch (ZnodeParseException e) {
            log.warn("Ignoring the unreadable config of broker {}: {}", entity, e.getMessage());
            return Map.of();
        }
    }

    private long rate(String key, Map<String, String> own, Map<String, String> cluster, long staticValue) {
        String value = Optional.ofNullable(own.get(key)).orElse(cluster.get(key));
        if (value == null) {
            return staticValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed > 0 ? parsed : staticValue;
        } catch (NumberFormatException e) {
            log.warn("Ignoring the invalid value '{}' of {} for broker {}", value, key, brokerId);
            return staticValue;
        }
    }

    @Override
    public void close() {
        if (lifecycle.close() == Lifecycle.State.CLOSED) {
            return;
        }
        brokerCache.close();
        defaultCache.close();
    }
}
