package io.gregor.replication.quota;

import io.gregor.core.log.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication throttles of one broker, as Kafka's ReplicationQuotaManager applies them: as
 * leader, a throttled partition's data is left out of fetch responses to followers outside the
 * ISR while the leader rate is exceeded; as follower, a throttled partition is left out of this
 * broker's fetch requests while the follower rate is exceeded. Rates come from the broker's
 * configuration (see {@link #updateRates}); throttled partitions from each topic's
 * {@code leader.replication.throttled.replicas} and {@code follower.replication.throttled.replicas}
 * ({@code "partition:broker,..."} or {@code "*"}), of which only the entries naming this broker
 * count (see {@link #updateTopic}). A third quota, {@code replica.alter.log.dirs.io.max.bytes.per.second},
 * limits the copies of replicas between this broker's log dirs ({@link #alterLogDirs}; every such
 * copy counts, as in Kafka). Thread-safe.
 */
public final class ReplicationThrottles {

    public static final String LEADER_RATE = "leader.replication.throttled.rate";
    public static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    public static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";
    public static final String ALTER_LOG_DIRS_RATE = "replica.alter.log.dirs.io.max.bytes.per.second";
    private static final Logger log = LoggerFactory.getLogger(ReplicationThrottles.class);

    private final int brokerId;
    private final ReplicationQuota leader;
    private final ReplicationQuota follower;
    private final ReplicationQuota alterLogDirs;

    public ReplicationThrottles(int brokerId, LongSupplier clockMs) {
        this.brokerId = brokerId;
        this.leader = new ReplicationQuota(clockMs);
        this.follower = new ReplicationQuota(clockMs);
        this.alterLogDirs = new ReplicationQuota(clockMs);
    }

    public ReplicationQuota leader() {
        return leader;
    }

    public ReplicationQuota follower() {
        return follower;
    }

    /** The quota of the copies between log dirs (AlterReplicaLogDirs moves). */
    public ReplicationQuota alterLogDirs() {
        return alterLogDirs;
    }

    /** A new {@code replica.alter.log.dirs.io.max.bytes.per.second} (Long.MAX_VALUE or non-positive: unthrottled). */
    public void updateAlterLogDirsRate(long bytesPerSecond) {
        if (alterLogDirs.rate() != bytesPerSecond) {
            log.info("Broker {}: log dir move throttle rate now {} B/s", brokerId, bytesPerSecond);
        }
        alterLogDirs.updateRate(bytesPerSecond);
    }

    /** New byte rates (Long.MAX_VALUE or non-positive: unthrottled). */
    public void updateRates(long leaderBytesPerSecond, long followerBytesPerSecond) {
        if (leader.rate() != leaderBytesPerSecond || follower.rate() != followerBytesPerSecond) {
            log.info("Broker {}: replication throttle rates now leader {} B/s, follower {} B/s", brokerId,
                    leaderBytesPerSecond, followerBytesPerSecond);
        }
        leader.updateRate(leaderBytesPerSecond);
        follower.updateRate(followerBytesPerSecond);
    }

    /** Applies a topic's config overrides (its throttled replica lists; absent keys: not throttled). */
    public void updateTopic(String topic, Map<String, String> overrides) {
        leader.markThrottled(topic, partitionsOnThisBroker(overrides.getOrDefault(LEADER_REPLICAS, "")));
        follower.markThrottled(topic, partitionsOnThisBroker(overrides.getOrDefault(FOLLOWER_REPLICAS, "")));
    }

    /** The partitions of a throttled-replicas value naming this broker; {@link ReplicationQuota#ALL_PARTITIONS} for "*". */
    Set<Integer> partitionsOnThisBroker(String value) {
        String trimmed = value.trim();
        if (trimmed.equals("*")) {
            return ReplicationQuota.ALL_PARTITIONS;
        }
        Set<Integer> partitions = new TreeSet<>();
        for (String entry : trimmed.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                continue;
            }
            try {
                if (Integer.parseInt(parts[1].trim()) == brokerId) {
                    partitions.add(Integer.parseInt(parts[0].trim()));
                }
            } catch (NumberFormatException ignored) {
                // not a partition:broker pair; validated when the config is set
            }
        }
        return partitions;
    }

    /** True if {@code tp} is throttled on either side (its bytes count against the rate). */
    public boolean isThrottled(TopicPartition tp) {
        return leader.isThrottled(tp) || follower.isThrottled(tp);
    }
}
