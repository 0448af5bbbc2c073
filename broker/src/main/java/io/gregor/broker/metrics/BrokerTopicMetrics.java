package io.gregor.broker.metrics;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka's {@code kafka.server:type=BrokerTopicMetrics} meters, for all topics and per topic
 * ({@code ,topic=}): marked once per partition of a request, never per record.
 */
public final class BrokerTopicMetrics {
    static final String MESSAGES_IN = "MessagesInPerSec";
    static final String BYTES_IN = "BytesInPerSec";
    static final String BYTES_OUT = "BytesOutPerSec";
    static final String FAILED_PRODUCE = "FailedProduceRequestsPerSec";
    static final String FAILED_FETCH = "FailedFetchRequestsPerSec";
    static final String BYTES_REJECTED = "BytesRejectedPerSec";
    static final String TOTAL_PRODUCE = "TotalProduceRequestsPerSec";
    static final String TOTAL_FETCH = "TotalFetchRequestsPerSec";
    private static final String[] NAMES = {MESSAGES_IN, BYTES_IN, BYTES_OUT, FAILED_PRODUCE, FAILED_FETCH, BYTES_REJECTED,
            TOTAL_PRODUCE, TOTAL_FETCH};

    private final MetricRegistry registry;
    private final Map<String, Meter> meters = new ConcurrentHashMap<>(); // thread-safe itself

    public BrokerTopicMetrics(MetricRegistry registry) {
        this.registry = registry;
        for (String name : NAMES) {
            meter(name, null);
        }
    }

    /** A produce to {@code topic} appended {@code messages} records in {@code bytes} bytes. */
    public void produced(String topic, long messages, long bytes) {
        mark(MESSAGES_IN, topic, messages);
        mark(BYTES_IN, topic, bytes);
    }

    /** A consumer fetch from {@code topic} returned {@code bytes} bytes. */
    public void fetched(String topic, long bytes) {
        mark(BYTES_OUT, topic, bytes);
    }

    /** A produce to {@code topic} was refused for a batch above the topic's max.message.bytes: its partition's {@code bytes}. */
    public void bytesRejected(String topic, long bytes) {
        mark(BYTES_REJECTED, topic, bytes);
    }

    /**
     * A produce (Kafka: per partition of the request) reached {@code topic}; null for a topic the
     * broker does not know, counted for all topics only.
     */
    public void produceRequest(String topic) {
        mark(TOTAL_PRODUCE, topic, 1);
    }

    /** A fetch (Kafka: per partition of the request) read {@code topic}; null as for {@link #produceRequest}. */
    public void fetchRequest(String topic) {
        mark(TOTAL_FETCH, topic, 1);
    }

    public void produceFailed(String topic) {
        mark(FAILED_PRODUCE, topic, 1);
    }

    public void fetchFailed(String topic) {
        mark(FAILED_FETCH, topic, 1);
    }

    private void mark(String name, String topic, long n) {
        if (n <= 0) {
            return;
        }
        meter(name, null).mark(n);
        if (topic != null) {
            meter(name, topic).mark(n);
        }
    }

    private Meter meter(String name, String topic) {
        String full = topic == null ? KafkaMetricName.of("kafka.server", "BrokerTopicMetrics", name)
                : KafkaMetricName.ofTopic("kafka.server", "BrokerTopicMetrics", name, topic);
        return meters.computeIfAbsent(full, registry::meter);
    }

    /** Drops the per-topic meters of a deleted topic. */
    public void removeTopic(String topic) {
        for (String name : NAMES) {
            String full = KafkaMetricName.ofTopic("kafka.server", "BrokerTopicMetrics", name, topic);
            meters.remove(full);
            registry.remove(full);
        }
    }
}
