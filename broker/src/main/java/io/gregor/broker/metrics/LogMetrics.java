package io.gregor.broker.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogListener;
import io.gregor.core.log.TopicPartition;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Kafka's {@code kafka.log:type=Log,name=Size|LogEndOffset|LogStartOffset|NumLogSegments,topic=t,partition=p}
 * gauges of every log on this broker: registered when the log comes (created, or loaded at startup)
 * and removed when it leaves (deleted by StopReplica, topic deletion or a reassignment away, or lost
 * with a failed log dir). A gauge looks the log up by partition when read (one map lookup, no
 * lock), so a log dir move that swaps in the future log keeps its gauges right. When the last log of
 * a topic leaves, the topic's {@link BrokerTopicMetrics} meters go too, as Kafka drops them when a
 * broker no longer hosts the topic.
 */
public final class LogMetrics implements LogListener {
    static final String SIZE = "Size";
    static final String LOG_END_OFFSET = "LogEndOffset";
    static final String LOG_START_OFFSET = "LogStartOffset";
    static final String NUM_LOG_SEGMENTS = "NumLogSegments";
    private static final String[] NAMES = {SIZE, LOG_END_OFFSET, LOG_START_OFFSET, NUM_LOG_SEGMENTS};

    private final MetricRegistry registry;
    private final Function<TopicPartition, Optional<Log>> logs;
    private final BrokerTopicMetrics topicMetrics;
    private final Map<String, Set<Integer>> partitionsPerTopic = new ConcurrentHashMap<>(); // changed in compute only

    /**
     * @param logs         the log of a partition on this broker, e.g. {@code LogManager::getLog}
     * @param topicMetrics whose per-topic meters are dropped with a topic's last log
     */
    public LogMetrics(MetricRegistry registry, Function<TopicPartition, Optional<Log>> logs,
                      BrokerTopicMetrics topicMetrics) {
        this.registry = registry;
        this.logs = logs;
        this.topicMetrics = topicMetrics;
    }

    @Override
    public void logAdded(TopicPartition tp) {
        gauge(tp, SIZE, Log::size);
        gauge(tp, LOG_END_OFFSET, Log::logEndOffset);
        gauge(tp, LOG_START_OFFSET, Log::logStartOffset);
        registry.gauge(name(tp, NUM_LOG_SEGMENTS),
                () -> (Gauge<Integer>) () -> logs.apply(tp).map(Log::numberOfSegments).orElse(0));
        partitionsPerTopic.compute(tp.topic(), (t, partitions) -> {
            Set<Integer> added = partitions == null ? new HashSet<>() : partitions;
            added.add(tp.partition());
            return added;
        });
    }

    @Override
    public void logRemoved(TopicPartition tp) {
        for (String name : NAMES) {
            registry.remove(name(tp, name));
        }
        Set<Integer> left = partitionsPerTopic.computeIfPresent(tp.topic(), (t, partitions) -> {
            partitions.remove(tp.partition());
            return partitions.isEmpty() ? null : partitions;
        });
        if (left == null) {
            topicMetrics.removeTopic(tp.topic());
        }
    }

    private void gauge(TopicPartition tp, String name, ToLongFunction<Log> value) {
        // get-or-add: a log loaded again (never between its removal and re-adding) keeps one gauge
        registry.gauge(name(tp, name), () -> (Gauge<Long>) () -> logs.apply(tp).map(value::applyAsLong).orElse(0L));
    }

    static String name(TopicPartition tp, String name) {
        return KafkaMetricName.ofPartition("kafka.log", "Log", name, tp.topic(), tp.partition());
    }
}
