package io.gregor.clients.admin;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import java.util.Map;

/**
 * The outcome of {@link GregorAdmin#deleteRecords}: each partition's new low watermark (its log
 * start offset on every in-sync replica), or why its records were not deleted.
 */
public record DeletedRecords(Map<TopicPartition, Long> lowWatermarks, Map<TopicPartition, GregorApiException> failed) {
    public DeletedRecords {
        lowWatermarks = Map.copyOf(lowWatermarks);
        failed = Map.copyOf(failed);
    }
}
