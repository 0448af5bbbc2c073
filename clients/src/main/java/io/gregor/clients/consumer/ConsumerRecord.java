package io.gregor.clients.consumer;

import io.gregor.clients.record.Header;
import io.gregor.clients.record.TimestampType;
import java.util.List;

/** One record read from a partition, with its offset, timestamp (and its type), key, value and headers. */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp, TimestampType timestampType,
                                   int serializedKeySize, int serializedValueSize, K key, V value, List<Header> headers) {
}
