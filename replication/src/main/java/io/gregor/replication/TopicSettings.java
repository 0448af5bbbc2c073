package io.gregor.replication;

import io.gregor.core.log.LogConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The configs of the topics one LeaderAndIsr request names, each read (from ZooKeeper) once: a
 * request for a topic of 1,000 partitions would otherwise make 1,000 round trips for the same answer
 * while every partition waits for its leader. One per request; thread safe (the request may be
 * applied on several threads).
 */
final class TopicSettings {
    private final Function<String, LogConfig> logConfigSource;
    private final ToIntFunction<String> minInsyncSource;
    private final Map<String, Integer> minInsync = new ConcurrentHashMap<>();
    private final Map<String, LogConfig> logConfigs = new ConcurrentHashMap<>();

    TopicSettings(Function<String, LogConfig> logConfigSource, ToIntFunction<String> minInsyncSource) {
        this.logConfigSource = logConfigSource;
        this.minInsyncSource = minInsyncSource;
    }

    int minInsyncReplicas(String topic) {
        return minInsync.computeIfAbsent(topic, minInsyncSource::applyAsInt);
    }

    LogConfig logConfig(String topic) {
        return logConfigs.computeIfAbsent(topic, logConfigSource);
    }
}
