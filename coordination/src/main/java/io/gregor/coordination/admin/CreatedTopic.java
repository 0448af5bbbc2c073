package io.gregor.coordination.admin;

import io.gregor.coordination.zk.KafkaUuid;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a (possibly validate-only) topic creation: the topic id (null when only
 * validated), the partition assignment and the config overrides that were (or would be) written.
 */
public record CreatedTopic(String name, KafkaUuid topicId, Map<Integer, List<Integer>> assignment,
                           Map<String, String> configs) {

    public int numPartitions() {
        return assignment.size();
    }

    public short replicationFactor() {
        return (short) assignment.values().iterator().next().size();
    }
}
