package io.gregor.clients.consumer;

import io.gregor.clients.network.ConfigValues;
import java.util.List;

/**
 * The consumer's group settings with Kafka's names and defaults: {@code group.id} (none),
 * {@code group.instance.id} (none: a dynamic member), {@code session.timeout.ms} (45000),
 * {@code heartbeat.interval.ms} (3000), {@code max.poll.interval.ms} (300000),
 * {@code partition.assignment.strategy} (range, cooperative-sticky), {@code enable.auto.commit}
 * (true with a group.id, false without) and {@code auto.commit.interval.ms} (5000).
 */
public record GroupConfig(String groupId, String groupInstanceId, int sessionTimeoutMs, int heartbeatIntervalMs,
                          int maxPollIntervalMs, List<String> assignmentStrategies, boolean enableAutoCommit,
                          int autoCommitIntervalMs) {
    public static final List<String> DEFAULT_STRATEGIES = List.of(
            "org.apache.kafka.clients.consumer.RangeAssignor",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");

    public GroupConfig {
        assignmentStrategies = List.copyOf(assignmentStrategies);
    }

    public static GroupConfig from(ConfigValues c) {
        String groupId = c.getString("group.id", null);
        if (groupId != null && groupId.isEmpty()) {
            groupId = null;
        }
        String instanceId = c.getString("group.instance.id", null);
        if (instanceId != null && instanceId.isBlank()) {
            throw new IllegalArgumentException("config group.instance.id must not be empty");
        }
        if (c.contains("enable.auto.commit") && c.getBoolean("enable.auto.commit", false) && groupId == null) {
            throw new IllegalArgumentException("config enable.auto.commit=true needs a group.id");
        }
        int session = positive(c, "session.timeout.ms", 45000);
        int heartbeat = positive(c, "heartbeat.interval.ms", 3000);
        if (heartbeat >= session) {
            throw new IllegalArgumentException("config heartbeat.interval.ms=" + heartbeat
                    + " must be lower than session.timeout.ms=" + session);
        }
        return new GroupConfig(groupId, instanceId, session, heartbeat, positive(c, "max.poll.interval.ms", 300000),
                c.getList("partition.assignment.strategy", DEFAULT_STRATEGIES),
                groupId != null && c.getBoolean("enable.auto.commit", true), Math.max(0, c.getInt("auto.commit.interval.ms", 5000)));
    }

    private static int positive(ConfigValues c, String key, int def) {
        int v = c.getInt(key, def);
        if (v < 1) {
            throw new IllegalArgumentException("config " + key + "=" + v + " must be >= 1");
        }
        return v;
    }

    public boolean hasGroup() {
        return groupId != null;
    }
}
