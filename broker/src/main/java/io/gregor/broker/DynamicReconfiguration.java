package io.gregor.broker;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.config.DynamicBrokerConfig;
import io.gregor.broker.network.SocketServer;
import io.gregor.broker.network.SocketServerSettings;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.core.log.LogManager;
import io.gregor.replication.ReplicaManager;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's dynamic configuration at work: reads its dynamic broker configs from ZooKeeper
 * ({@code /config/brokers/<default>} and {@code /config/brokers/<id>}) when they change, and applies
 * what changed to the running components, as Kafka's reconfigurables do: replication throttles, topic
 * defaults, the socket server's connection limits and threads, the scheduler, recovery and fetcher
 * thread pools, and the log cleaner. Reloads of config entities run one at a time, so an older read
 * is never applied after a newer one. Thread-safe.
 */
final class DynamicReconfiguration {
    private static final Logger log = LoggerFactory.getLogger(DynamicReconfiguration.class);

    private final int brokerId;
    private final DynamicBrokerConfig dynamicConfig;
    private final ConfigEntityStore configEntities;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Object reloads = new Object(); // serialises the reloads of config entities

    DynamicReconfiguration(int brokerId, DynamicBrokerConfig dynamicConfig, ConfigEntityStore configEntities,
                           ScheduledThreadPoolExecutor scheduler) {
        this.brokerId = brokerId;
        this.dynamicConfig = dynamicConfig;
        this.configEntities = configEntities;
        this.scheduler = scheduler;
    }

    /**
     * Reads {@code /config/brokers/<default>} and {@code /config/brokers/<id>} and applies them; one
     * reload at a time, so an older read is never applied after a newer one.
     */
    void reloadBrokerConfigs() {
        synchronized (reloads) {
            Map<String, String> defaults = configEntities.get(ConfigEntityStore.brokerEntity(""))
                    .map(EntityConfig::config).orElse(Map.of());
            Map<String, String> own = configEntities.get(ConfigEntityStore.brokerEntity(Integer.toString(brokerId)))
                    .map(EntityConfig::config).orElse(Map.of());
            dynamicConfig.update(defaults, own);
        }
    }

    /** Runs {@code reload} of other config entities (client quotas) one at a time with the broker configs' reloads. */
    void reloadSerially(Runnable reload) {
        synchronized (reloads) {
            reload.run();
        }
    }

    /**
     * A config change notification of an entity other than a topic: this broker's dynamic configs,
     * the cluster default, or with {@code reloadClientQuotas} the client quotas are read again (on the
     * scheduler: this runs on Curator's event thread).
     */
    void onConfigEntityChange(String entityPath, Runnable reloadClientQuotas) {
        if (entityPath.startsWith("users/") || entityPath.startsWith("clients/")) {
            inBackground("client quotas of " + entityPath, reloadClientQuotas);
        } else if (entityPath.equals(ConfigEntityStore.brokerEntity(""))
                || entityPath.equals(ConfigEntityStore.brokerEntity(Integer.toString(brokerId)))) {
            inBackground("dynamic broker configs of " + entityPath, this::reloadBrokerConfigs);
        }
    }

    /**
     * Applies the current replication throttles to {@code replicas} and, from now on, every change of
     * the dynamic configs to the running components. {@code socketServer} is null until it is built.
     */
    void applyTo(ReplicaManager replicas, LogManager logManager, Supplier<SocketServer> socketServer) {
        // leader/follower.replication.throttled.rate: static, under the cluster default, under this broker's own
        BrokerConfig throttlesNow = dynamicConfig.current();
        replicas.throttles().updateRates(throttlesNow.leaderReplicationThrottledRate(),
                throttlesNow.followerReplicationThrottledRate());
        dynamicConfig.addReconfigurable((before, after) -> replicas.throttles().updateRates(
                after.leaderReplicationThrottledRate(), after.followerReplicationThrottledRate()));
        replicas.throttles().updateAlterLogDirsRate(throttlesNow.replicaAlterLogDirsIoMaxBytesPerSecond());
        dynamicConfig.addReconfigurable((b, after) -> replicas.throttles().updateAlterLogDirsRate(
                after.replicaAlterLogDirsIoMaxBytesPerSecond()));
        dynamicConfig.addReconfigurable((before, after) -> {
            if (!before.logConfig().equals(after.logConfig()) || before.minInsyncReplicas() != after.minInsyncReplicas()) {
                applyTopicDefaults(replicas, logManager);
            }
        });
        dynamicConfig.addReconfigurable((before, after) -> reconfigureSocketServer(socketServer.get(), after));
        dynamicConfig.addReconfigurable((before, after) -> reconfigureThreadPoolsAndCleaner(before, after, replicas,
                logManager));
    }

    /** Applies the dynamic configs the socket server owns (connection limits, request threads), once it exists. */
    static void reconfigureSocketServer(SocketServer server, BrokerConfig current) {
        if (server != null) {
            server.reconfigure(SocketServerSettings.from(current).connectionLimits(), current.numIoThreads(),
                    current.numNetworkThreads());
        }
    }

    /** {@code background.threads}: the broker's scheduler and the log manager's both get this many threads. */
    void resizeBackgroundThreads(LogManager logManager, int threads) {
        scheduler.setCorePoolSize(threads);
        logManager.resizeSchedulerPool(threads);
    }

    /**
     * Applies the thread counts and cleaner settings Kafka changes while running (its
     * DynamicThreadPool and LogCleaner reconfigurables): {@code num.replica.fetchers},
     * {@code background.threads}, {@code num.recovery.threads.per.data.dir}, {@code log.cleaner.*}.
     * ({@code num.io.threads} and {@code num.network.threads} go to the socket server.) The fetchers
     * and the cleaner restart on the scheduler, with the newest values when the task runs: they wait
     * for work under way, which must not hold up the AlterConfigs request that may be applying this.
     */
    private void reconfigureThreadPoolsAndCleaner(BrokerConfig before, BrokerConfig after, ReplicaManager replicas,
                                                  LogManager logManager) {
        if (before.backgroundThreads() != after.backgroundThreads()) {
            resizeBackgroundThreads(logManager, after.backgroundThreads());
        }
        logManager.resizeRecoveryThreadPool(after.numRecoveryThreadsPerDataDir());
        if (before.numReplicaFetchers() != after.numReplicaFetchers()) {
            inBackground("num.replica.fetchers",
                    () -> replicas.resizeFetcherThreadPool(dynamicConfig.current().numReplicaFetchers()));
        }
        if (!before.cleanerConfig().equals(after.cleanerConfig())) {
            inBackground("log.cleaner.*", () -> logManager.reconfigureCleaner(dynamicConfig.current().cleanerConfig()));
        }
    }

    /** Re-applies the topic defaults (changed broker log.* keys) to every topic hosted here. */
    private void applyTopicDefaults(ReplicaManager replicas, LogManager logManager) {
        Set<String> topics = new TreeSet<>();
        logManager.allLogs().forEach(l -> topics.add(l.topicPartition().topic()));
        for (String topic : topics) {
            try {
                replicas.updateTopicConfig(topic);
            } catch (RuntimeException e) {
                log.error("Broker {} could not apply the new topic defaults to topic {}", brokerId, topic, e);
            }
        }
        log.info("Broker {} applied the new topic defaults to {} topics", brokerId, topics.size());
    }

    /** Runs {@code task} on the scheduler, logging (not throwing) a failure to apply {@code configs}. */
    private void inBackground(String configs, Runnable task) {
        scheduler.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Broker {} could not apply the changed {}", brokerId, configs, e);
            }
        });
    }
}
