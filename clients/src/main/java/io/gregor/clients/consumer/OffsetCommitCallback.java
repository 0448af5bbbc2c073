package io.gregor.clients.consumer;

import io.gregor.clients.network.TopicPartition;
import java.util.Map;

/** Told the outcome of {@code commitAsync}, on the thread calling {@code poll}; {@code exception} is null on success. */
@FunctionalInterface
public interface OffsetCommitCallback {
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception);
}
