package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data of {@code /brokers/topics/<topic>}: the topic id and the replica assignment of every
 * partition, as {@code {"version":3,"topic_id":"<uuid>","partitions":{"0":[1,2]},
 * "adding_replicas":{},"removing_replicas":{}}}. Kafka 2.8+ writes version 3 (the version that
 * introduced {@code topic_id}); versions 1 and 2 (no id, maybe no adding/removing) are read too.
 * Partitions are encoded in ascending order; adding/removing hold only partitions under reassignment.
 */
public record TopicAssignment(String topic, int version, KafkaUuid topicId, Map<Integer, ReplicaAssignment> partitions) {

    public static final int CURRENT_VERSION = 3;

    public TopicAssignment {
        if (version < 1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported topic znode version " + version + " for " + topic);
        }
        partitions = Collections.unmodifiableMap(new TreeMap<>(partitions));
    }

    /** A new topic's assignment (current version), partition -> replicas. */
    public static TopicAssignment of(String topic, KafkaUuid topicId, Map<Integer, List<Integer>> replicasByPartition) {
        Map<Integer, ReplicaAssignment> partitions = new TreeMap<>();
        replicasByPartition.forEach((p, replicas) -> partitions.put(p, ReplicaAssignment.of(replicas)));
        return new TopicAssignment(topic, CURRENT_VERSION, topicId, partitions);
    }

    /** The replicas of each partition, without reassignment state. */
    public Map<Integer, List<Integer>> replicasByPartition() {
        Map<Integer, List<Integer>> result = new TreeMap<>();
        partitions.forEach((p, a) -> result.put(p, a.replicas()));
        return Collections.unmodifiableMap(result);
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", version);
        if (topicId != null) {
            json.put("topic_id", topicId.toString());
        }
        ObjectNode replicas = json.putObject("partitions");
        ObjectNode adding = json.putObject("adding_replicas");
        ObjectNode removing = json.putObject("removing_replicas");
        partitions.forEach((p, assignment) -> {
            String key = Integer.toString(p);
            replicas.set(key, ZkJson.intArray(assignment.replicas()));
            if (!assignment.addingReplicas().isEmpty()) {
                adding.set(key, ZkJson.intArray(assignment.addingReplicas()));
            }
            if (!assignment.removingReplicas().isEmpty()) {
                removing.set(key, ZkJson.intArray(assignment.removingReplicas()));
            }
        });
        return ZkJson.toBytes(json);
    }

    public static TopicAssignment fromJson(String path, String topic, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        int version = json.requireVersion(1, CURRENT_VERSION);
        KafkaUuid topicId = null;
        String idText = json.optionalString("topic_id");
        if (idText != null) {
            try {
                topicId = KafkaUuid.fromString(idText);
            } catch (IllegalArgumentException e) {
                throw new ZnodeParseException(path, "bad topic_id: " + e.getMessage(), data, e);
            }
        }
        Map<Integer, List<Integer>> replicas = json.partitionIntListMap("partitions", true);
        Map<Integer, List<Integer>> adding = json.partitionIntListMap("adding_replicas", false);
        Map<Integer, List<Integer>> removing = json.partitionIntListMap("removing_replicas", false);
        Map<Integer, ReplicaAssignment> partitions = new TreeMap<>();
        try {
            replicas.forEach((p, r) -> partitions.put(p, new ReplicaAssignment(r,
                    adding.getOrDefault(p, List.of()), removing.getOrDefault(p, List.of()))));
        } catch (IllegalArgumentException e) {
            throw new ZnodeParseException(path, e.getMessage(), data, e);
        }
        return new TopicAssignment(topic, version, topicId, partitions);
    }
}
