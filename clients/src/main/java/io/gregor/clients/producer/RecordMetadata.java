package io.gregor.clients.producer;

import io.gregor.clients.network.TopicPartition;

/**
 * Where an acknowledged record landed. {@code offset} is -1 when the broker did not say (acks=0,
 * or a retried batch the broker recognised as a duplicate); {@code timestamp} is the broker's
 * log append time for LogAppendTime topics, else the record's create time.
 */
public record RecordMetadata(TopicPartition topicPartition, long offset, long timestamp, int serializedKeySize,
                             int serializedValueSize) {
    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }

    public boolean hasOffset() {
        return offset >= 0;
    }
}
