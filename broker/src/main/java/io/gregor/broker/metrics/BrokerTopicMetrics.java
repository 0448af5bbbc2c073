package io.gregor.broker.metrics;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Kafka's {@code kafka.server:type=BrokerTopicMetrics} meters, for all topics and per topic
 * ({@code ,topic=}): marked once per partition of a request, never per record.
 */
public final class BrokerTopicMetrics {
    private static final String DOMAIN = "kafka.server";
    private static final String TYPE = "BrokerTopicMetrics";
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

    // each meter's index into NAMES
    private static final int AT_MESSAGES_IN = 0;
    private static final int AT_BYTES_IN = 1;
    private static final int AT_BYTES_OUT = 2;
    private static final int AT_FAILED_PRODUCE = 3;
    private static final int AT_FAILED_FETCH = 4;
    private static final int AT_BYTES_REJECTED = 5;
    private static final int AT_TOTAL_PRODUCE = 6;
    private static final int AT_TOTAL_FETCH = 7;

    private final MetricRegistry registry;
    /** The all-topics meters, by index into NAMES. */
    private final Meter[] all = new Meter[NAMES.length];
    /** Per topic, its meters by index into NAMES, each made on its first mark. Thread-safe itself. */
    private final Map<String, AtomicReferenceArray<Meter>> perTopic = new ConcurrentHashMap<>();

    public BrokerTopicMetrics(MetricRegistry registry) {
        this.registry = registry;
        for (int i = 0; i < NAMES.length; i++) {
            all[i] = registry.meter(KafkaMetricName.of(DOMAIN, TYPE, NAMES[i]));
        }
    }

    /** A produce to {@code topic} appended {@code messages} records in {@code bytes} bytes. */
    public void produced(String topic, long messages, long bytes) {
        mark(AT_MESSAGES_IN, topic, messages);
        mark(AT_BYTES_IN, topic, bytes);
    }

    /** A consumer fetch from {@code topic} returned {@code bytes} bytes. */
    public void fetched(String topic, long bytes) {
        mark(AT_BYTES_OUT, topic, bytes);
    }

    /** A produce to {@code topic} was refused for a batch above the topic's max.message.bytes: its partition's {@code bytes}. */
    public void bytesRejected(String topic, long bytes) {
        mark(AT_BYTES_REJECTED, topic, bytes);
    }

    /**
     * A produce (Kafka: per partition of the request) reached {@code topic}; null for a topic the
     * broker does not know, counted for all topics only.
     */
    public void produceRequest(String topic) {
        mark(AT_TOTAL_PRODUCE, topic, 1);
    }

    /** A fetch (Kafka: per partition of the request) read {@code topic}; null as for {@link #produceRequest}. */
    public void fetchRequest(String topic) {
        mark(AT_TOTAL_FETCH, topic, 1);
    }

    public void produceFailed(String topic) {
        mark(AT_FAILED_PRODUCE, topic, 1);
    }

    public void fetchFailed(String topic) {
        mark(AT_FAILED_FETCH, topic, 1);
    }

    /** Marks meter {@code index} (into NAMES) for all topics and for {@code topic}: no name is built once the topic's meter exists. */
    private void mark(int index, String topic, long n) {
        if (n <= 0) {
            return;
        }
        all[index].mark(n);
        if (topic != null) {
            AtomicReferenceArray<Meter> meters = perTopic.computeIfAbsent(topic, t -> new AtomicReferenceArray<>(NAMES.length));
            Meter meter = meters.get(index);
            if (meter == null) {
                // racing first marks get the same meter from the registry
                meter = registry.meter(KafkaMetricName.ofTopic(DOMAIN, TYPE, NAMES[index], topic));
                meters.set(index, meter);
            }
            meter.mark(n);
        }
    }

    /** Drops the per-topic meters of a deleted topic. */
    public void removeTopic(String topic) {
        perTopic.remove(topic);
        for (String name : NAMES) {
            registry.remove(KafkaMetricName.ofTopic(DOMAIN, TYPE, name, topic));
        }
    }
}
