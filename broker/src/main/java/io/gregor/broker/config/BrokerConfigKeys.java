package io.gregor.broker.config;

import io.gregor.broker.config.ConfigDef.Type;
import io.gregor.clients.security.SslSettings;
import io.gregor.coordination.admin.MessageFormatVersion;
import io.gregor.coordination.admin.PartitionLimits;
import io.gregor.coordination.zk.ZkRequestLimit;

/**
 * The definitions of the broker's keys, {@link BrokerConfig}'s {@link ConfigDef}: Kafka's names,
 * types, defaults and ranges (Gregor's own keys and changed defaults are marked where they are
 * defined), in groups. The order of definition is kept: it is the order keys are parsed and listed.
 */
final class BrokerConfigKeys {
    static final ConfigDef DEF = define(new ConfigDef());

    private BrokerConfigKeys() {
    }

    private static ConfigDef define(ConfigDef def) {
        listenersAndSecurity(def);
        logDirsAndZooKeeper(def);
        topicsAndController(def);
        requestsAndConnections(def);
        logDefaults(def);
        internalTopicsAndTransactions(def);
        replication(def);
        groups(def);
        fetchAndSockets(def);
        throttlesQuotasAndAuthorizer(def);
        SslSettings.DEFAULTS.forEach((key, value) -> def.define(key, Type.STRING, value));
        ZooKeeperClientSettings.define(def); // zookeeper.set.acl, zookeeper.ssl.*, zookeeper.clientCnxnSocket
        return def;
    }

    /** The listeners, the inter-broker and control-plane listeners, and SASL. */
    private static void listenersAndSecurity(ConfigDef def) {
        def
            .define("broker.id", Type.INT, "-1")
            .define("broker.rack", Type.STRING, null)
            .define("metrics.http.listener", Type.STRING, null) // Gregor's Prometheus endpoint; off by default
            .define("listeners", Type.LIST, "PLAINTEXT://:9092")
            .define("advertised.listeners", Type.LIST, null)
            .define("listener.security.protocol.map", Type.LIST, "PLAINTEXT:PLAINTEXT")
            .define("inter.broker.listener.name", Type.STRING, null)
            // SASL (see SaslConfigs): Kafka's keys and defaults; GSSAPI on a SASL listener stops startup
            .define("sasl.enabled.mechanisms", Type.LIST, "GSSAPI")
            .define("sasl.mechanism.inter.broker.protocol", Type.STRING, "GSSAPI")
            .define("connections.max.reauth.ms", Type.LONG, "0")
            .define("sasl.server.max.receive.size", Type.INT, "524288", 1, Integer.MAX_VALUE)
            .defineEnum("security.inter.broker.protocol", null, "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
            .define("control.plane.listener.name", Type.STRING, null);
    }

    /** The log directories and the ZooKeeper connection. */
    private static void logDirsAndZooKeeper(ConfigDef def) {
        def
            .define("log.dirs", Type.LIST, null)
            .define("log.dir", Type.LIST, "/tmp/gregor-logs")
            .define("zookeeper.connect", Type.STRING, null)
            .define("zookeeper.session.timeout.ms", Type.INT, "18000", 1, Integer.MAX_VALUE)
            .define("zookeeper.connection.timeout.ms", Type.INT, null, 1, Integer.MAX_VALUE)
            // Gregor's: the servers' jute.maxbuffer every ZooKeeper write is kept under (default: this JVM's
            // jute.maxbuffer system property, else ZooKeeper's 0xfffff); see README, deliberate differences
            .define("zookeeper.jute.maxbuffer", Type.INT,
                    Integer.toString(ZkRequestLimit.systemPropertyValue()), ZkRequestLimit.MINIMUM, Integer.MAX_VALUE);
    }

    /** Topic creation defaults, partition bounds, leader election and controlled shutdown. */
    private static void topicsAndController(ConfigDef def) {
        def
            .define("num.partitions", Type.INT, "1", 1, Integer.MAX_VALUE)
            // Gregor's: bounds checked before any work (Kafka's KRaft controller hard-codes 10,000 records per request)
            .define("max.partitions.per.request", Type.INT, Integer.toString(PartitionLimits.DEFAULT_PER_REQUEST), 1, Integer.MAX_VALUE)
            .define("max.partitions.per.topic", Type.INT, Integer.toString(PartitionLimits.DEFAULT_PER_TOPIC), 1, Integer.MAX_VALUE)
            .define("default.replication.factor", Type.SHORT, "1", 1, Short.MAX_VALUE)
            .define("min.insync.replicas", Type.INT, "1", 1, Integer.MAX_VALUE)
            .define("auto.create.topics.enable", Type.BOOLEAN, "true")
            .define("unclean.leader.election.enable", Type.BOOLEAN, "false")
            .define("delete.topic.enable", Type.BOOLEAN, "true")
            .define("controlled.shutdown.enable", Type.BOOLEAN, "true")
            .define("auto.leader.rebalance.enable", Type.BOOLEAN, "true")
            .define("leader.imbalance.check.interval.seconds", Type.LONG, "300", 1, Long.MAX_VALUE)
            .define("leader.imbalance.per.broker.percentage", Type.INT, "10", 0, 100)
            .define("controlled.shutdown.max.retries", Type.INT, "3", 1, Integer.MAX_VALUE)
            .define("controlled.shutdown.retry.backoff.ms", Type.LONG, "5000", 0, Long.MAX_VALUE);
    }

    /** Request sizes, request and network threads, connection limits. */
    private static void requestsAndConnections(ConfigDef def) {
        def
            .define("message.max.bytes", Type.INT, "1048588", 0, Integer.MAX_VALUE)
            .define("socket.request.max.bytes", Type.INT, "104857600", 1, Integer.MAX_VALUE)
            .define("num.io.threads", Type.INT, "8", 1, Integer.MAX_VALUE)
            .define("num.network.threads", Type.INT, "3", 1, Integer.MAX_VALUE)
            .define("background.threads", Type.INT, "10", 1, Integer.MAX_VALUE)
            .define("connections.max.idle.ms", Type.LONG, "600000")
            // Kafka's default is -1 (unbounded); Gregor's, when unset, is a quarter of the heap (at least
            // socket.request.max.bytes), see queuedMaxRequestBytes() and the README's deliberate differences
            .define("queued.max.request.bytes", Type.LONG, null)
            .define("max.connections", Type.INT, Integer.toString(Integer.MAX_VALUE), 0, Integer.MAX_VALUE)
            .define("max.connections.per.ip", Type.INT, Integer.toString(Integer.MAX_VALUE), 0, Integer.MAX_VALUE)
            .define("max.connections.per.ip.overrides", Type.STRING, "")
            .define("request.timeout.ms", Type.INT, "30000", 0, Integer.MAX_VALUE);
    }

    /** The topic-level defaults ({@code log.*}) and the log cleaner. */
    private static void logDefaults(ConfigDef def) {
        def
            .define("log.segment.bytes", Type.INT, "1073741824", 14, Integer.MAX_VALUE)
            .define("log.roll.ms", Type.LONG, null, 1, Long.MAX_VALUE)
            .define("log.roll.hours", Type.INT, "168", 1, Integer.MAX_VALUE)
            .define("log.retention.ms", Type.LONG, null, -1, Long.MAX_VALUE)
            .define("log.retention.minutes", Type.INT, null, -1, Integer.MAX_VALUE)
            .define("log.retention.hours", Type.INT, "168", -1, Integer.MAX_VALUE)
            .define("log.retention.bytes", Type.LONG, "-1", -1, Long.MAX_VALUE)
            .define("log.retention.check.interval.ms", Type.LONG, "300000", 1, Long.MAX_VALUE)
            .define("log.index.interval.bytes", Type.INT, "4096", 0, Integer.MAX_VALUE)
            .define("log.index.size.max.bytes", Type.INT, "10485760", 4, Integer.MAX_VALUE)
            .define("log.flush.interval.messages", Type.LONG, Long.toString(Long.MAX_VALUE), 1, Long.MAX_VALUE)
            .define("log.flush.offset.checkpoint.interval.ms", Type.INT, "60000", 1, Integer.MAX_VALUE)
            .define("log.segment.delete.delay.ms", Type.LONG, "60000", 0, Long.MAX_VALUE)
            .define("num.recovery.threads.per.data.dir", Type.INT, "1", 1, Integer.MAX_VALUE)
            .defineEnum("log.cleanup.policy", "delete", "delete", "compact", "compact,delete", "delete,compact")
            .define("log.cleaner.enable", Type.BOOLEAN, "true")
            .define("log.cleaner.threads", Type.INT, "1", 1, Integer.MAX_VALUE)
            .define("log.cleaner.backoff.ms", Type.LONG, "15000", 1, Long.MAX_VALUE)
            // Kafka's has no lower bound; a rate of 0 (or below) would stop the cleaner for good
            .defineDouble("log.cleaner.io.max.bytes.per.second", Double.toString(Double.MAX_VALUE), Double.MIN_VALUE,
                    Double.MAX_VALUE)
            .define("log.cleaner.dedupe.buffer.size", Type.LONG, Long.toString(128L * 1024 * 1024), 0, Long.MAX_VALUE)
            .defineDouble("log.cleaner.io.buffer.load.factor", "0.9", Double.MIN_VALUE, 1)
            .defineDouble("log.cleaner.min.cleanable.ratio", "0.5", 0, 1)
            .define("log.cleaner.delete.retention.ms", Type.LONG, "86400000", 0, Long.MAX_VALUE)
            .define("log.cleaner.min.compaction.lag.ms", Type.LONG, "0", 0, Long.MAX_VALUE)
            .define("log.cleaner.max.compaction.lag.ms", Type.LONG, Long.toString(Long.MAX_VALUE), 1, Long.MAX_VALUE)
            .define("log.message.downconversion.enable", Type.BOOLEAN, "true")
            .defineEnum("log.message.timestamp.type", "CreateTime", "CreateTime", "LogAppendTime")
            // deprecated and without effect since Kafka 3.0 (the log is always batch v2); validated only
            .define(MessageFormatVersion.BROKER_KEY, Type.STRING, MessageFormatVersion.DEFAULT)
            .defineEnum("compression.type", "producer", "producer", "uncompressed", "none", "gzip", "snappy", "lz4", "zstd");
    }

    /** {@code __consumer_offsets}, {@code __transaction_state}, the transaction coordinator and producer ids. */
    private static void internalTopicsAndTransactions(ConfigDef def) {
        def
            .define("offsets.topic.num.partitions", Type.INT, "50", 1, Integer.MAX_VALUE)
            .define("offsets.topic.replication.factor", Type.SHORT, "3", 1, Short.MAX_VALUE)
            .define("offsets.topic.segment.bytes", Type.INT, "104857600", 1, Integer.MAX_VALUE)
            .define("transaction.state.log.num.partitions", Type.INT, "50", 1, Integer.MAX_VALUE)
            .define("transaction.state.log.replication.factor", Type.SHORT, "3", 1, Short.MAX_VALUE)
            .define("transaction.state.log.min.isr", Type.INT, "2", 1, Integer.MAX_VALUE)
            .define("transaction.state.log.segment.bytes", Type.INT, "104857600", 1, Integer.MAX_VALUE)
            .define("transaction.max.timeout.ms", Type.INT, "900000", 1, Integer.MAX_VALUE)
            .define("transaction.abort.timed.out.transaction.cleanup.interval.ms", Type.INT, "10000", 1, Integer.MAX_VALUE)
            .define("transaction.remove.expired.transaction.cleanup.interval.ms", Type.INT, "3600000", 1,
                    Integer.MAX_VALUE)
            .define("transactional.id.expiration.ms", Type.INT, "604800000", 1, Integer.MAX_VALUE)
            .define("transaction.partition.verification.enable", Type.BOOLEAN, "true")
            .define("producer.id.expiration.ms", Type.INT, "86400000", 1, Integer.MAX_VALUE)
            .define("producer.id.expiration.check.interval.ms", Type.INT, "600000", 1, Integer.MAX_VALUE);
    }

    /** Replica fetchers, follower lag and the controller's channel. */
    private static void replication(ConfigDef def) {
        def
            .define("replica.lag.time.max.ms", Type.LONG, "30000", 1, Long.MAX_VALUE)
            .define("replica.fetch.max.bytes", Type.INT, "1048576", 0, Integer.MAX_VALUE)
            .define("replica.fetch.min.bytes", Type.INT, "1", 1, Integer.MAX_VALUE)
            .define("replica.fetch.wait.max.ms", Type.INT, "500", 0, Integer.MAX_VALUE)
            .define("replica.socket.timeout.ms", Type.INT, "30000", 1, Integer.MAX_VALUE)
            .define("replica.fetch.response.max.bytes", Type.INT, "10485760", 0, Integer.MAX_VALUE)
            .define("replica.fetch.backoff.ms", Type.INT, "1000", 0, Integer.MAX_VALUE)
            .define("replica.high.watermark.checkpoint.interval.ms", Type.LONG, "5000", 1, Long.MAX_VALUE)
            .define("num.replica.fetchers", Type.INT, "1", 1, Integer.MAX_VALUE)
            .define("controller.socket.timeout.ms", Type.INT, "30000", 1, Integer.MAX_VALUE)
            // Gregor's: the controller's early failure detector (0 = off, wait for ZooKeeper sessions as Kafka does)
            .define("controller.broker.probe.interval.ms", Type.LONG, "500", 0, Long.MAX_VALUE);
    }

    /** The group coordinator and offset retention. */
    private static void groups(ConfigDef def) {
        def
            .define("group.initial.rebalance.delay.ms", Type.INT, "3000", 0, Integer.MAX_VALUE)
            .define("group.min.session.timeout.ms", Type.INT, "6000", 0, Integer.MAX_VALUE)
            .define("group.max.session.timeout.ms", Type.INT, "1800000", 0, Integer.MAX_VALUE)
            .define("group.max.size", Type.INT, Integer.toString(Integer.MAX_VALUE), 1, Integer.MAX_VALUE)
            .define("offsets.retention.minutes", Type.INT, "10080", 1, Integer.MAX_VALUE)
            .define("offsets.retention.check.interval.ms", Type.LONG, "600000", 1, Long.MAX_VALUE);
    }

    /** Fetch bounds and socket buffers. */
    private static void fetchAndSockets(ConfigDef def) {
        def
            .define("fetch.max.bytes", Type.INT, "57671680", 1024, Integer.MAX_VALUE)
            // Gregor's: the longest a Fetch may wait for data (its MaxWaitMs is capped), like fetch.max.bytes caps MaxBytes
            .define("fetch.max.wait.ms", Type.INT, "30000", 0, Integer.MAX_VALUE)
            .define("max.incremental.fetch.session.cache.slots", Type.INT, "1000", 0, Integer.MAX_VALUE)
            // Gregor's default is -1 (the OS's autotuning), Kafka's 102400: a fixed 100 KiB send buffer makes
            // a broker wake up several times per 1 MiB fetch response (see README, deliberate differences)
            .define("socket.send.buffer.bytes", Type.INT, "-1", -1, Integer.MAX_VALUE)
            .define("socket.receive.buffer.bytes", Type.INT, "102400", -1, Integer.MAX_VALUE);
    }

    /** Replication throttles, client quotas, the authorizer and principal mapping. */
    private static void throttlesQuotasAndAuthorizer(ConfigDef def) {
        def
            // Kafka's dynamic-only broker keys (DynamicConfig.Broker): replication throttles, in bytes/s
            .define("leader.replication.throttled.rate", Type.LONG, Long.toString(Long.MAX_VALUE), 0, Long.MAX_VALUE)
            .define("follower.replication.throttled.rate", Type.LONG, Long.toString(Long.MAX_VALUE), 0, Long.MAX_VALUE)
            .define("replica.alter.log.dirs.io.max.bytes.per.second", Type.LONG, Long.toString(Long.MAX_VALUE), 0,
                    Long.MAX_VALUE)
            // client quotas: the rate is measured over quota.window.num windows of quota.window.size.seconds
            .define("quota.window.num", Type.INT, "11", 1, Integer.MAX_VALUE)
            .define("quota.window.size.seconds", Type.INT, "1", 1, Integer.MAX_VALUE)
            // the ACL authorizer (AuthorizerSettings): empty class name = none
            .define(AuthorizerSettings.CLASS_KEY, Type.STRING, "")
            .define(AuthorizerSettings.SUPER_USERS_KEY, Type.STRING, null)
            .define(AuthorizerSettings.ALLOW_EVERYONE_KEY, Type.BOOLEAN, "false")
            .define(ListenerSecurities.PRINCIPAL_MAPPING_RULES, Type.STRING, "DEFAULT");
    }
}
