package io.gregor.broker.config;

import io.gregor.broker.group.GroupConfig;
import io.gregor.broker.security.ListenerSasl;
import io.gregor.broker.security.ListenerSecurity;
import io.gregor.broker.txn.TransactionConfig;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.clients.record.TimestampType;
import io.gregor.coordination.admin.MessageFormatVersion;
import io.gregor.coordination.admin.PartitionLimits;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.ZkClientSecurity;
import io.gregor.coordination.zk.ZkRequestLimit;
import io.gregor.core.cleaner.CleanerConfig;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManagerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's configuration: Kafka's key names and defaults, parsed and validated once. A bad
 * value raises {@link ConfigException} with one line naming the key; unknown keys are logged once
 * as a warning and otherwise ignored. Immutable and thread-safe.
 */
public final class BrokerConfig {
    private static final Logger log = LoggerFactory.getLogger(BrokerConfig.class);

    private static final ConfigDef DEF = BrokerConfigKeys.DEF;

    private final Map<String, String> raw;
    private final Map<String, Object> values;
    private final Map<String, String> effective;
    private final Set<String> explicitKeys;
    private final List<EndPoint> listeners;
    private final List<EndPoint> advertisedListeners;
    private final NetworkLimits networkLimits;
    private final Map<String, ListenerSasl> saslListeners;
    private final AuthorizerSettings authorizer;
    private final ListenerSecurities security;
    private final ZkClientSecurity zookeeperSecurity;

    private BrokerConfig(Map<String, String> raw) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        Map<String, Object> parsed = DEF.parse(raw);
        if (!parsed.containsKey("zookeeper.connect") || ((String) parsed.get("zookeeper.connect")).isBlank()) {
            throw new ConfigException("Missing required configuration zookeeper.connect");
        }
        if ((int) parsed.get("broker.id") < 0) {
            throw new ConfigException("broker.id", parsed.get("broker.id"),
                    "must be set to a non-negative integer (broker id generation is not supported)");
        }
        this.values = Collections.unmodifiableMap(parsed);
        metricsHttpListener(); // a bad metrics.http.listener stops startup naming the key
        String formatProblem = MessageFormatVersion.problem((String) parsed.get(MessageFormatVersion.BROKER_KEY));
        if (formatProblem != null) {
            throw new ConfigException(MessageFormatVersion.BROKER_KEY, parsed.get(MessageFormatVersion.BROKER_KEY), formatProblem);
        }
        for (String key : List.of("num.partitions", "offsets.topic.num.partitions", "transaction.state.log.num.partitions")) {
            for (String bound : List.of("max.partitions.per.topic", "max.partitions.per.request")) {
                if (intValue(key) > intValue(bound)) {
                    throw new ConfigException(key, intValue(key), "must not exceed " + bound + " (" + intValue(bound) + ")");
                }
            }
        }
        if (groupMinSessionTimeoutMs() > groupMaxSessionTimeoutMs()) {
            throw new ConfigException("group.min.session.timeout.ms", groupMinSessionTimeoutMs(),
                    "must not exceed group.max.session.timeout.ms (" + groupMaxSessionTimeoutMs() + ")");
        }
        if (replicaSocketTimeoutMs() < replicaFetchWaitMaxMs()) {
            throw new ConfigException("replica.socket.timeout.ms", replicaSocketTimeoutMs(),
                    "must be at least replica.fetch.wait.max.ms (" + replicaFetchWaitMaxMs() + ")");
        }
        Map<String, String> protocolMap = parseProtocolMap(list("listener.security.protocol.map"));
        this.listeners = parseListeners("listeners", list("listeners"), protocolMap);
        this.advertisedListeners = values.containsKey("advertised.listeners")
                ? parseListeners("advertised.listeners", list("advertised.listeners"), protocolMap) : listeners;
        for (EndPoint advertised : advertisedListeners) {
            if (listeners.stream().noneMatch(l -> l.listenerName().equals(advertised.listenerName()))) {
                throw new ConfigException("advertised.listeners", advertised.connectionString(),
                        "listener " + advertised.listenerName() + " is not in listeners");
            }
        }
        if (raw.containsKey("inter.broker.listener.name") && raw.containsKey("security.inter.broker.protocol")) {
            throw new ConfigException("Only one of inter.broker.listener.name and security.inter.broker.protocol should be set.");
        }
        String interBroker = interBrokerListenerName();
        if (advertisedListeners.stream().noneMatch(l -> l.listenerName().equals(interBroker))) {
            String key = raw.containsKey("security.inter.broker.protocol") ? "security.inter.broker.protocol"
                    : "inter.broker.listener.name";
            throw new ConfigException(key, values.getOrDefault(key, interBroker), "no advertised listener has the name "
                    + interBroker);
        }
        String controlPlane = (String) values.get("control.plane.listener.name");
        if (controlPlane != null) {
            if (advertisedListeners.stream().noneMatch(l -> l.listenerName().equals(controlPlane))) {
                throw new ConfigException("control.plane.listener.name", controlPlane, "no advertised listener has this name");
            }
            if (controlPlane.equals(interBroker)) {
                throw new ConfigException("control.plane.listener.name", controlPlane,
                        "must differ from the inter-broker listener " + interBroker);
            }
        }
        ListenerSecurities tls = ListenerSecurities.parse(values, raw, listeners, interBroker, controlPlaneListenerName());
        logConfig(); // validates the topic-level defaults derived from log.* keys
        cleanerConfig(); // and the cleaner's settings taken together
        this.networkLimits = NetworkLimits.parse(values, raw, listeners, Runtime.getRuntime().maxMemory());
        String jaasFile = System.getProperty(SaslConfigs.JAAS_FILE_PROPERTY);
        this.saslListeners = SaslConfigs.parse(values, raw, listeners, jaasFile);
        // a SASL inter-broker (or control-plane) listener: this broker authenticates to the others
        // with sasl.mechanism.inter.broker.protocol and the username/password of that listener's JAAS entry
        this.security = tls.withClientSasl(
                SaslConfigs.interBrokerCredentials(values, raw, saslListeners.get(interBroker), jaasFile),
                SaslConfigs.interBrokerCredentials(values, raw, saslListeners.get(controlPlaneListenerName()), jaasFile));
        this.authorizer = AuthorizerSettings.parse((String) values.get(AuthorizerSettings.CLASS_KEY),
                (String) values.get(AuthorizerSettings.SUPER_USERS_KEY), boolValue(AuthorizerSettings.ALLOW_EVERYONE_KEY));
        this.zookeeperSecurity = ZooKeeperClientSettings.parse(values, raw);
        this.effective = buildEffective(raw);
        Set<String> explicit = new java.util.TreeSet<>(raw.keySet());
        explicit.retainAll(DEF.names());
        this.explicitKeys = Collections.unmodifiableSet(explicit);
    }

    /** Parses {@code raw} (typically a properties file plus command-line overrides). */
    public static BrokerConfig fromMap(Map<String, String> raw) {
        Set<String> unknown = new HashSet<>(raw.keySet());
        unknown.removeAll(DEF.names());
        unknown.removeIf(NetworkLimits::isListenerKey); // listener.name.<l>.max.connections
        unknown.removeIf(SaslConfigs::isListenerKey); // listener.name.<l>.<mechanism>.sasl.jaas.config, ...
        unknown.removeIf(ListenerSecurities::isListenerKey); // listener.name.<l>.ssl.*
        BrokerConfig config = new BrokerConfig(raw);
        unknown.stream().sorted().forEach(key -> log.warn("Unknown configuration '{}' ignored", key));
        return config;
    }

    /**
     * Reads {@code file} and applies {@code overrides} (Kafka's {@code --override k=v}) on top.
     *
     * @throws ConfigException for an unreadable file or a bad value
     */
    public static BrokerConfig load(Path file, Map<String, String> overrides) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> raw = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> raw.put(k, props.getProperty(k)));
        raw.putAll(overrides);
        return fromMap(raw);
    }

    /**
     * This configuration with {@code overrides} (dynamic broker configs) set over the values it was
     * built from, validated as at startup.
     *
     * @throws ConfigException naming the first bad key
     */
    public BrokerConfig withOverrides(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(raw);
        merged.putAll(overrides);
        return new BrokerConfig(merged);
    }

    /** The known keys set explicitly (file or override) with their values as given. */
    public Map<String, String> explicitValues() {
        Map<String, String> result = new TreeMap<>();
        explicitKeys.forEach(k -> result.put(k, raw.get(k).trim()));
        return result;
    }

    /** Kafka's (or Gregor's) default of every known key that has one. */
    public static Map<String, String> defaultValues() {
        return DEF.defaults();
    }

    private static Map<String, String> parseProtocolMap(List<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException("listener.security.protocol.map", entry, "entries must be LISTENER:PROTOCOL");
            }
            map.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return map;
    }

    private static List<EndPoint> parseListeners(String key, List<String> specs, Map<String, String> protocolMap) {
        if (specs.isEmpty()) {
            throw new ConfigException(key, "''", "at least one listener is required");
        }
        List<EndPoint> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String spec : specs) {
            EndPoint endPoint;
            try {
                endPoint = EndPoint.parse(spec, protocolMap);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, spec, e.getMessage());
            }
            if (!ClientSecurity.PROTOCOLS.contains(endPoint.securityProtocol())) {
                throw new ConfigException(key, spec, "No security protocol defined for listener "
                        + endPoint.listenerName() + " (set it in listener.security.protocol.map; protocols: "
                        + String.join(", ", ClientSecurity.PROTOCOLS) + ")");
            }
            if (!names.add(endPoint.listenerName())) {
                throw new ConfigException(key, spec, "listener name " + endPoint.listenerName() + " appears twice");
            }
            result.add(endPoint);
        }
        return List.copyOf(result);
    }

    private Map<String, String> buildEffective(Map<String, String> raw) {
        Map<String, String> view = new TreeMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            view.put(e.getKey(), v instanceof List<?> l ? String.join(",", l.stream().map(Object::toString).toList())
                    : String.valueOf(v));
        }
        view.put("log.dirs", String.join(",", logDirs().stream().map(Path::toString).toList()));
        view.put("advertised.listeners", String.join(",", advertisedListeners.stream().map(EndPoint::connectionString).toList()));
        view.put("inter.broker.listener.name", interBrokerListenerName());
        view.put("zookeeper.connection.timeout.ms", Integer.toString(zookeeperConnectionTimeoutMs()));
        view.put("log.roll.ms", Long.toString(logRollMs()));
        view.put("log.retention.ms", Long.toString(logRetentionMs()));
        view.put("queued.max.request.bytes", Long.toString(queuedMaxRequestBytes()));
        return Collections.unmodifiableMap(view);
    }

    private int intValue(String key) {
        return (int) values.get(key);
    }

    private long longValue(String key) {
        return (long) values.get(key);
    }

    private boolean boolValue(String key) {
        return (boolean) values.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String key) {
        return (List<String>) values.getOrDefault(key, List.of());
    }

    public int brokerId() { return intValue("broker.id"); }
    /** {@code metrics.http.listener} (Gregor's Prometheus endpoint, {@code http://host:port}), empty when off. */
    public java.util.Optional<io.gregor.broker.metrics.MetricsHttpListener> metricsHttpListener() {
        String value = (String) values.get(io.gregor.broker.metrics.MetricsHttpListener.KEY);
        return value == null || value.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(io.gregor.broker.metrics.MetricsHttpListener.parse(value));
    }

    /** {@code broker.rack}, or null. */
    public String rack() { return (String) values.get("broker.rack"); }
    /** {@code listeners}: what the socket server binds (host null = all interfaces, port 0 = ephemeral). */
    public List<EndPoint> listeners() { return listeners; }
    /** {@code advertised.listeners}, defaulting to {@code listeners}. */
    public List<EndPoint> advertisedListeners() { return advertisedListeners; }
    /** The SASL settings of the SASL_PLAINTEXT and SASL_SSL listeners, by listener name (see {@link SaslConfigs}). */
    public Map<String, ListenerSasl> saslListeners() { return saslListeners; }
    /** {@code sasl.server.max.receive.size}: the largest frame a SASL listener accepts before authentication. */
    public int saslServerMaxReceiveSize() { return intValue("sasl.server.max.receive.size"); }
    /**
     * {@code inter.broker.listener.name}, else the listener named as {@code security.inter.broker.protocol}
     * (Kafka's rule), else the first advertised listener.
     */
    public String interBrokerListenerName() {
        String name = (String) values.get("inter.broker.listener.name");
        if (name != null) {
            return name;
        }
        String protocol = (String) values.get("security.inter.broker.protocol");
        return protocol != null ? protocol : advertisedListeners.get(0).listenerName();
    }
    /** {@code control.plane.listener.name}, else the inter-broker listener: the one the controller sends requests to. */
    public String controlPlaneListenerName() {
        String name = (String) values.get("control.plane.listener.name");
        return name != null ? name : interBrokerListenerName();
    }
    /** Each listener's security protocol and TLS settings, by listener name. */
    public Map<String, ListenerSecurity> listenerSecurity() { return security.byListener(); }
    /** How this broker connects to other brokers' inter-broker listener (TLS with its own keystore when that listener is SSL). */
    public ClientSecurity interBrokerClientSecurity() { return security.interBrokerClient(); }
    /** How the controller connects to the brokers' {@link #controlPlaneListenerName()} listener. */
    public ClientSecurity controlPlaneClientSecurity() { return security.controlPlaneClient(); }
    /** {@code log.dirs}, else {@code log.dir}. */
    public List<Path> logDirs() {
        List<String> dirs = values.containsKey("log.dirs") && !list("log.dirs").isEmpty() ? list("log.dirs") : list("log.dir");
        return dirs.stream().map(Path::of).toList();
    }
    public String zookeeperConnect() { return (String) values.get("zookeeper.connect"); }
    public int zookeeperSessionTimeoutMs() { return intValue("zookeeper.session.timeout.ms"); }
    public int zookeeperConnectionTimeoutMs() {
        Object v = values.get("zookeeper.connection.timeout.ms");
        return v == null ? zookeeperSessionTimeoutMs() : (int) v;
    }
    /** {@code zookeeper.jute.maxbuffer} (Gregor's): what every ZooKeeper write is kept under. */
    public ZkRequestLimit zookeeperRequestLimit() { return new ZkRequestLimit(intValue("zookeeper.jute.maxbuffer")); }
    /** TLS to ZooKeeper ({@code zookeeper.ssl.*}) and Kafka's secure znode ACLs ({@code zookeeper.set.acl}). */
    public ZkClientSecurity zookeeperSecurity() { return zookeeperSecurity; }
    public int numPartitions() { return intValue("num.partitions"); }
    /** {@code max.partitions.per.request} (Gregor's). */
    public int maxPartitionsPerRequest() { return intValue("max.partitions.per.request"); }
    /** {@code max.partitions.per.topic} (Gregor's). */
    public int maxPartitionsPerTopic() { return intValue("max.partitions.per.topic"); }
    /** Both partition bounds, for topic administration. */
    public PartitionLimits partitionLimits() { return new PartitionLimits(maxPartitionsPerRequest(), maxPartitionsPerTopic()); }
    public short defaultReplicationFactor() { return (short) values.get("default.replication.factor"); }
    public int minInsyncReplicas() { return intValue("min.insync.replicas"); }
    public boolean autoCreateTopicsEnable() { return boolValue("auto.create.topics.enable"); }
    public boolean uncleanLeaderElectionEnable() { return boolValue("unclean.leader.election.enable"); }
    public boolean deleteTopicEnable() { return boolValue("delete.topic.enable"); }
    /** KIP-890: partition leaders ask the transaction coordinator before a batch opens a transaction in a partition. */
    public boolean transactionPartitionVerificationEnable() { return boolValue("transaction.partition.verification.enable"); }
    public boolean controlledShutdownEnable() { return boolValue("controlled.shutdown.enable"); }
    public boolean autoLeaderRebalanceEnable() { return boolValue("auto.leader.rebalance.enable"); }
    public long leaderImbalanceCheckIntervalSeconds() { return longValue("leader.imbalance.check.interval.seconds"); }
    public int leaderImbalancePerBrokerPercentage() { return intValue("leader.imbalance.per.broker.percentage"); }
    public int controlledShutdownMaxRetries() { return intValue("controlled.shutdown.max.retries"); }
    public long controlledShutdownRetryBackoffMs() { return longValue("controlled.shutdown.retry.backoff.ms"); }
    public int messageMaxBytes() { return intValue("message.max.bytes"); }
    public int socketRequestMaxBytes() { return intValue("socket.request.max.bytes"); }
    /** {@code socket.send.buffer.bytes}: SO_SNDBUF of accepted connections; -1 leaves the OS default. */
    public int socketSendBufferBytes() { return intValue("socket.send.buffer.bytes"); }
    /** {@code socket.receive.buffer.bytes}: SO_RCVBUF of the listening sockets (inherited by connections); -1 leaves the OS default. */
    public int socketReceiveBufferBytes() { return intValue("socket.receive.buffer.bytes"); }
    public int numIoThreads() { return intValue("num.io.threads"); }
    public int numNetworkThreads() { return intValue("num.network.threads"); }
    /** {@code connections.max.idle.ms}; a negative value disables idle closing. */
    public long connectionsMaxIdleMs() { return longValue("connections.max.idle.ms"); }
    public int requestTimeoutMs() { return intValue("request.timeout.ms"); }
    /**
     * {@code queued.max.request.bytes}: the bytes held for requests being read or queued; -1 means
     * unbounded (Kafka's default). Unset, Gregor bounds it to a quarter of the JVM's maximum heap,
     * but not below {@code socket.request.max.bytes}.
     */
    public long queuedMaxRequestBytes() { return networkLimits.queuedMaxRequestBytes(); }
    /** {@code max.connections}: connections of all listeners together (the inter-broker listener excepted). */
    public int maxConnections() { return intValue("max.connections"); }
    /** {@code listener.name.<listener>.max.connections} of the listeners that set it. */
    public Map<String, Integer> maxConnectionsPerListener() { return networkLimits.maxConnectionsPerListener(); }
    /** {@code max.connections.per.ip}. */
    public int maxConnectionsPerIp() { return intValue("max.connections.per.ip"); }
    /** {@code max.connections.per.ip.overrides} ({@code host:count,...}), host names resolved at startup. */
    public Map<java.net.InetAddress, Integer> maxConnectionsPerIpOverrides() {
        return networkLimits.maxConnectionsPerIpOverrides();
    }
    public int offsetsTopicNumPartitions() { return intValue("offsets.topic.num.partitions"); }
    public short offsetsTopicReplicationFactor() { return (short) values.get("offsets.topic.replication.factor"); }
    /** {@code offsets.topic.segment.bytes}: the {@code segment.bytes} {@code __consumer_offsets} is created with. */
    public int offsetsTopicSegmentBytes() { return intValue("offsets.topic.segment.bytes"); }
    public long replicaLagTimeMaxMs() { return longValue("replica.lag.time.max.ms"); }
    public int replicaFetchMaxBytes() { return intValue("replica.fetch.max.bytes"); }
    public int replicaFetchMinBytes() { return intValue("replica.fetch.min.bytes"); }
    public int replicaFetchWaitMaxMs() { return intValue("replica.fetch.wait.max.ms"); }
    /** {@code replica.socket.timeout.ms}: how long a replica fetcher waits for a response. */
    public int replicaSocketTimeoutMs() { return intValue("replica.socket.timeout.ms"); }
    public int numReplicaFetchers() { return intValue("num.replica.fetchers"); }
    public int replicaFetchResponseMaxBytes() { return intValue("replica.fetch.response.max.bytes"); }
    public int replicaFetchBackoffMs() { return intValue("replica.fetch.backoff.ms"); }
    public long replicaHighWatermarkCheckpointIntervalMs() { return longValue("replica.high.watermark.checkpoint.interval.ms"); }
    public int controllerSocketTimeoutMs() { return intValue("controller.socket.timeout.ms"); }
    public long controllerBrokerProbeIntervalMs() { return longValue("controller.broker.probe.interval.ms"); }
    public int groupInitialRebalanceDelayMs() { return intValue("group.initial.rebalance.delay.ms"); }
    public int groupMinSessionTimeoutMs() { return intValue("group.min.session.timeout.ms"); }
    public int groupMaxSessionTimeoutMs() { return intValue("group.max.session.timeout.ms"); }
    public int groupMaxSize() { return intValue("group.max.size"); }
    /** {@code offsets.retention.minutes} in ms. */
    public long offsetsRetentionMs() { return intValue("offsets.retention.minutes") * 60_000L; }
    public long offsetsRetentionCheckIntervalMs() { return longValue("offsets.retention.check.interval.ms"); }

    /** The group coordinator's settings. */
    public GroupConfig groupConfig() {
        return new GroupConfig(offsetsTopicNumPartitions(), offsetsTopicReplicationFactor(), offsetsTopicSegmentBytes(),
                groupInitialRebalanceDelayMs(), groupMinSessionTimeoutMs(), groupMaxSessionTimeoutMs(), groupMaxSize(),
                offsetsRetentionMs(), offsetsRetentionCheckIntervalMs());
    }
    /** {@code leader.replication.throttled.rate} in bytes/s (Long.MAX_VALUE: unthrottled). */
    public long leaderReplicationThrottledRate() { return longValue("leader.replication.throttled.rate"); }
    /** {@code follower.replication.throttled.rate} in bytes/s (Long.MAX_VALUE: unthrottled). */
    public long followerReplicationThrottledRate() { return longValue("follower.replication.throttled.rate"); }
    /** {@code replica.alter.log.dirs.io.max.bytes.per.second}: the rate of log dir moves (Long.MAX_VALUE: unthrottled). */
    public long replicaAlterLogDirsIoMaxBytesPerSecond() {
        return longValue("replica.alter.log.dirs.io.max.bytes.per.second");
    }
    /** {@code quota.window.num}: how many sample windows a client quota's rate is measured over. */
    /** {@code authorizer.class.name}, {@code super.users}, {@code allow.everyone.if.no.acl.found}. */
    public AuthorizerSettings authorizer() { return authorizer; }
    public int quotaWindowNum() { return intValue("quota.window.num"); }
    /** {@code quota.window.size.seconds}: the length of one client quota sample window. */
    public int quotaWindowSizeSeconds() { return intValue("quota.window.size.seconds"); }
    public int fetchMaxBytes() { return intValue("fetch.max.bytes"); }
    /** {@code fetch.max.wait.ms} (Gregor's): the cap on a Fetch request's MaxWaitMs. */
    public int fetchMaxWaitMs() { return intValue("fetch.max.wait.ms"); }

    /** {@code max.incremental.fetch.session.cache.slots}: how many incremental fetch sessions the broker keeps. */
    public int maxIncrementalFetchSessionCacheSlots() { return intValue("max.incremental.fetch.session.cache.slots"); }
    public int transactionalIdExpirationMs() { return intValue("transactional.id.expiration.ms"); }

    /** The transaction coordinator's settings ({@code transaction.state.log.*}, {@code transaction.*}). */
    public TransactionConfig transactionConfig() {
        return new TransactionConfig(intValue("transaction.state.log.num.partitions"),
                (short) values.get("transaction.state.log.replication.factor"), intValue("transaction.state.log.min.isr"),
                intValue("transaction.state.log.segment.bytes"), intValue("transaction.max.timeout.ms"),
                intValue("transaction.abort.timed.out.transaction.cleanup.interval.ms"), transactionalIdExpirationMs(),
                intValue("transaction.remove.expired.transaction.cleanup.interval.ms"));
    }
    public int producerIdExpirationMs() { return intValue("producer.id.expiration.ms"); }
    /** {@code producer.id.expiration.check.interval.ms}: how often expired producers are removed from the partitions' state. */
    public int producerIdExpirationCheckIntervalMs() { return intValue("producer.id.expiration.check.interval.ms"); }
    /** {@code compression.type}: producer, uncompressed/none, gzip, snappy, lz4 or zstd. */
    public String compressionType() { return (String) values.get("compression.type"); }
    public long logRetentionCheckIntervalMs() { return longValue("log.retention.check.interval.ms"); }
    public int logFlushOffsetCheckpointIntervalMs() { return intValue("log.flush.offset.checkpoint.interval.ms"); }

    /** {@code log.roll.ms}, else {@code log.roll.hours} in ms. */
    public long logRollMs() {
        Object ms = values.get("log.roll.ms");
        return ms != null ? (long) ms : intValue("log.roll.hours") * 3_600_000L;
    }

    /** {@code log.retention.ms}, else minutes, else hours; any negative value means unlimited (-1). */
    public long logRetentionMs() {
        long ms;
        if (values.get("log.retention.ms") != null) {
            ms = longValue("log.retention.ms");
        } else if (values.get("log.retention.minutes") != null) {
            int minutes = intValue("log.retention.minutes");
            ms = minutes < 0 ? -1 : minutes * 60_000L;
        } else {
            int hours = intValue("log.retention.hours");
            ms = hours < 0 ? -1 : hours * 3_600_000L;
        }
        return ms < 0 ? -1 : ms;
    }

    /**
     * The topic-level defaults every topic starts from, derived from the broker's {@code log.*} keys;
     * the compaction defaults come from {@code log.cleanup.policy}, {@code log.cleaner.delete.retention.ms},
     * {@code log.cleaner.min.cleanable.ratio} and {@code log.cleaner.min/max.compaction.lag.ms}.
     */
    public LogConfig logConfig() {
        try {
            return new LogConfig(intValue("log.segment.bytes"), logRollMs(), intValue("log.index.size.max.bytes"),
                    intValue("log.index.interval.bytes"), logRetentionMs(), longValue("log.retention.bytes"),
                    messageMaxBytes(),
                    values.get("log.message.timestamp.type").equals("LogAppendTime")
                            ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                    longValue("log.flush.interval.messages"), longValue("log.segment.delete.delay.ms"),
                    (String) values.get("log.cleanup.policy"), longValue("log.cleaner.delete.retention.ms"),
                    (double) values.get("log.cleaner.min.cleanable.ratio"), longValue("log.cleaner.min.compaction.lag.ms"),
                    longValue("log.cleaner.max.compaction.lag.ms"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * The log manager's settings; {@code clusterId} comes from ZooKeeper. The cleaner runs with
     * {@code log.cleaner.enable}, {@code log.cleaner.threads} and {@code log.cleaner.backoff.ms}; the
     * other {@code log.cleaner.*} keys are topic-level defaults (see {@link #logConfig()}).
     */
    public LogManagerConfig logManagerConfig(String clusterId) {
        return new LogManagerConfig(logDirs(), brokerId(), clusterId, logConfig(),
                numRecoveryThreadsPerDataDir(), logFlushOffsetCheckpointIntervalMs(),
                logRetentionCheckIntervalMs(), boolValue("log.cleaner.enable"), cleanerConfig());
    }

    /**
     * The log cleaner's settings: {@code log.cleaner.threads}, {@code log.cleaner.backoff.ms},
     * {@code log.cleaner.io.max.bytes.per.second}, {@code log.cleaner.dedupe.buffer.size} and
     * {@code log.cleaner.io.buffer.load.factor}; all dynamic.
     *
     * @throws ConfigException when the dedupe buffer is too small for the thread count
     */
    public CleanerConfig cleanerConfig() {
        try {
            return new CleanerConfig(intValue("log.cleaner.threads"), longValue("log.cleaner.backoff.ms"),
                    (double) values.get("log.cleaner.io.max.bytes.per.second"), longValue("log.cleaner.dedupe.buffer.size"),
                    (double) values.get("log.cleaner.io.buffer.load.factor"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** {@code num.recovery.threads.per.data.dir}: log loading at startup and closing at shutdown, per log dir. */
    public int numRecoveryThreadsPerDataDir() { return intValue("num.recovery.threads.per.data.dir"); }
    /** {@code background.threads}: the pools of the broker's and the logs' background tasks. */
    public int backgroundThreads() { return intValue("background.threads"); }
    /**
     * {@code log.message.downconversion.enable}: the default of the topic config
     * {@code message.downconversion.enable} (whether Fetch v0-3 from consumers is answered).
     */
    public boolean logMessageDownConversionEnable() { return boolValue("log.message.downconversion.enable"); }

    /** Every known key with its effective value (defaults and derived values included), for DescribeConfigs. */
    public Map<String, String> effectiveValues() {
        return effective;
    }

    /**
     * The known keys set explicitly (file or override), as opposed to defaults; DescribeConfigs
     * reports these as STATIC_BROKER_CONFIG and the rest as DEFAULT_CONFIG.
     */
    public Set<String> explicitlySetKeys() {
        return explicitKeys;
    }

    /**
     * True for the keys Kafka types as passwords, whose values DescribeConfigs and logs never show:
     * any {@code *password*}, every {@code sasl.jaas.config} (it holds passwords), and the inline PEM {@code ssl.keystore.key},
     * {@code ssl.keystore.certificate.chain} and {@code ssl.truststore.certificates} (also per listener).
     */
    public static boolean isSensitive(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password") || lower.endsWith("sasl.jaas.config") || lower.endsWith("ssl.keystore.key")
                || lower.endsWith("ssl.keystore.certificate.chain") || lower.endsWith("ssl.truststore.certificates");
    }

    /** True when {@code key} was a known broker key (used to decide what DescribeConfigs may list). */
    public static boolean isKnownKey(String key) {
        return DEF.isKnown(key);
    }

    @Override
    public String toString() { // passwords and private keys never reach a log
        Map<String, String> shown = new TreeMap<>(effective);
        shown.replaceAll((k, v) -> isSensitive(k) ? "[hidden]" : v);
        return "BrokerConfig" + shown;
    }
}
