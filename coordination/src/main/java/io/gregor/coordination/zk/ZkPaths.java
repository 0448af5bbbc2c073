package io.gregor.coordination.zk;

import java.util.List;
import java.util.Objects;

/**
 * The one place that knows Gregor's znode paths, which are Kafka's ZooKeeper-mode paths
 * (kafka.zk.ZkData), optionally under a chroot taken from {@code zookeeper.connect}
 * ({@code host:port,host:port/chroot}).
 *
 * <p>Every path returned here is absolute on the ZooKeeper server, chroot included, so the Curator
 * client is connected to the bare host list ({@link #connectHosts()}) and never uses a namespace.
 * Instances are immutable and thread-safe.
 */
public final class ZkPaths {

    /** Sequential child prefix of config change notifications, as Kafka names it. */
    public static final String CONFIG_CHANGE_PREFIX = "config_change_";

    /** Config entity types with a {@code /config/<type>} folder (Kafka 3.x adds {@code ips}). */
    public static final List<String> CONFIG_ENTITY_TYPES = List.of("topics", "clients", "users", "brokers", "ips");

    /**
     * Persistent paths a broker makes sure exist at start, relative to the chroot
     * (Kafka's ZkData.PersistentZkPaths).
     */
    public static final List<String> PERSISTENT_PATHS = List.of(
            "/consumers",
            "/brokers/ids",
            "/brokers/topics",
            "/config/changes",
            "/admin/delete_topics",
            "/brokers/seqid",
            "/isr_change_notification",
            "/latest_producer_id_block",
            "/log_dir_event_notification",
            "/config/topics",
            "/config/clients",
            "/config/users",
            "/config/brokers",
            "/config/ips");

    /** Gregor's own controller election latch (Curator LeaderLatch), not a Kafka path. */
    public static final String CONTROLLER_LATCH = "/gregor/controller_latch";
    /** Gregor's: where a broker announces its own controlled shutdown (see GregorZkClient#announceControlledShutdown). */
    public static final String CONTROLLED_SHUTDOWN = "/gregor/controlled_shutdown";

    private final String connectHosts;
    private final String chroot;

    private ZkPaths(String connectHosts, String chroot) {
        this.connectHosts = connectHosts;
        this.chroot = chroot;
    }

    /**
     * Parses a {@code zookeeper.connect} value: the host list, then an optional chroot starting at
     * the first '/'. A chroot of "/" means none; a trailing '/' is dropped.
     */
    public static ZkPaths fromConnectString(String zookeeperConnect) {
        Objects.requireNonNull(zookeeperConnect, "zookeeper.connect");
        String trimmed = zookeeperConnect.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            return new ZkPaths(requireHosts(trimmed, zookeeperConnect), "");
        }
        String hosts = requireHosts(trimmed.substring(0, slash), zookeeperConnect);
        String chroot = trimmed.substring(slash);
        while (chroot.endsWith("/")) {
            chroot = chroot.substring(0, chroot.length() - 1);
        }
        if (chroot.contains("//")) {
            throw new IllegalArgumentException("zookeeper.connect has an invalid chroot: " + zookeeperConnect);
        }
        return new ZkPaths(hosts, chroot);
    }

    private static String requireHosts(String hosts, String original) {
        if (hosts.isBlank()) {
            throw new IllegalArgumentException("zookeeper.connect has no host: '" + original + "'");
        }
        return hosts;
    }

    /** The host list to hand to the ZooKeeper client, without the chroot. */
    public String connectHosts() {
        return connectHosts;
    }

    /** The chroot, "" when there is none, else starting with '/' and without a trailing '/'. */
    public String chroot() {
        return chroot;
    }

    /** The absolute server path of a Kafka path given relative to the chroot (e.g. "/brokers/ids"). */
    public String resolve(String kafkaPath) {
        if (!kafkaPath.startsWith("/")) {
            throw new IllegalArgumentException("Kafka znode paths start with '/': " + kafkaPath);
        }
        return chroot + kafkaPath;
    }

    /** The Kafka path (relative to the chroot) of an absolute server path under the chroot. */
    public String relativize(String serverPath) {
        if (chroot.isEmpty()) {
            return serverPath;
        }
        if (!serverPath.startsWith(chroot + "/")) {
            throw new IllegalArgumentException(serverPath + " is not under chroot " + chroot);
        }
        return serverPath.substring(chroot.length());
    }

    public List<String> persistentPaths() {
        return PERSISTENT_PATHS.stream().map(this::resolve).toList();
    }

    public String clusterId() {
        return resolve("/cluster/id");
    }

    public String brokerIds() {
        return resolve("/brokers/ids");
    }

    public String brokerId(int brokerId) {
        return brokerIds() + "/" + brokerId;
    }

    public String topics() {
        return resolve("/brokers/topics");
    }

    public String topic(String topic) {
        return topics() + "/" + requireName(topic, "topic");
    }

    public String topicPartitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public String topicPartition(TopicPartition tp) {
        return topicPartitions(tp.topic()) + "/" + tp.partition();
    }

    public String partitionState(TopicPartition tp) {
        return topicPartition(tp) + "/state";
    }

    public String controller() {
        return resolve("/controller");
    }

    public String controllerEpoch() {
        return resolve("/controller_epoch");
    }

    /** Gregor's ephemeral announcement that broker {@code brokerId} itself asks for a controlled shutdown. */
    public String controlledShutdown(int brokerId) {
        return resolve(CONTROLLED_SHUTDOWN) + "/" + brokerId;
    }

    public String controllerLatch() {
        return resolve(CONTROLLER_LATCH);
    }

    public String configEntityType(String entityType) {
        return resolve("/config/" + requireName(entityType, "config entity type"));
    }

    public String topicConfig(String topic) {
        return configEntityType("topics") + "/" + requireName(topic, "topic");
    }

    public String brokerConfig(String brokerIdOrDefault) {
        return configEntityType("brokers") + "/" + requireName(brokerIdOrDefault, "broker");
    }

    public String configChanges() {
        return resolve("/config/changes");
    }

    /** The path to create (sequential) for a new config change notification. */
    public String configChangeSequencePrefix() {
        return configChanges() + "/" + CONFIG_CHANGE_PREFIX;
    }

    public String deleteTopics() {
        return resolve("/admin/delete_topics");
    }

    public String deleteTopic(String topic) {
        return deleteTopics() + "/" + requireName(topic, "topic");
    }

    /** Kafka's legacy request for a preferred-leader election (JSON list of partitions). */
    public String preferredReplicaElection() {
        return resolve("/admin/preferred_replica_election");
    }

    /** Kafka's legacy request for partition reassignments (JSON list of partitions and target replicas). */
    public String reassignPartitions() {
        return resolve("/admin/reassign_partitions");
    }

    /** The parent of the admin request znodes. */
    public String admin() {
        return resolve("/admin");
    }

    /** Where brokers report a failed log directory to the controller (sequential children). */
    public String logDirEventNotification() {
        return resolve("/log_dir_event_notification");
    }

    public String latestProducerIdBlock() {
        return resolve("/latest_producer_id_block");
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid " + what + " name for a znode: '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "ZkPaths[" + connectHosts + (chroot.isEmpty() ? "" : " chroot " + chroot) + "]";
    }
}
