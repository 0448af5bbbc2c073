package io.gregor.clients.producer;

import io.gregor.clients.record.Header;
import java.util.List;

/**
 * A record to send: topic, optional partition (null: chosen by the partitioner), optional
 * timestamp (null: now), key, value and headers.
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestamp, K key, V value, List<Header> headers) {
    public ProducerRecord {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("a producer record needs a topic");
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition " + partition + " is negative");
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, List.of());
    }

    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, List.of());
    }

    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, List.of());
    }
}
