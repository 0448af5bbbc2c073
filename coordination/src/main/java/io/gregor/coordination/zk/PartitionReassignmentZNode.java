package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of the legacy {@code /admin/reassign_partitions} znode, as Kafka's ZooKeeper mode reads
 * and writes it: {@code {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2]}]}}
 * (a {@code log_dirs} list per partition is accepted and ignored). Partitions keep their order.
 */
public record PartitionReassignmentZNode(Map<TopicPartition, List<Integer>> partitions) {

    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PartitionReassignmentZNode {
        partitions = Collections.unmodifiableMap(new LinkedHashMap<>(partitions));
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", VERSION);
        ArrayNode list = json.putArray("partitions");
        partitions.forEach((tp, replicas) -> {
            ObjectNode p = list.addObject();
            p.put("topic", tp.topic());
            p.put("partition", tp.partition());
            p.set("replicas", ZkJson.intArray(replicas));
        });
        return ZkJson.toBytes(json);
    }

    /** Parses the znode; a partition without a topic, index or replica list fails the whole znode. */
    public static PartitionReassignmentZNode fromJson(String path, byte[] data) {
        ZkJson.parse(path, data).requireVersion(VERSION, VERSION);
        Map<TopicPartition, List<Integer>> partitions = new LinkedHashMap<>();
        try {
            JsonNode root = MAPPER.readTree(data);
            for (JsonNode p : root.path("partitions")) {
                if (!p.path("topic").isTextual() || !p.path("partition").isInt() || !p.path("replicas").isArray()) {
                    throw new ZnodeParseException(path, "a partition needs topic, partition and replicas: " + p, data);
                }
                List<Integer> replicas = new java.util.ArrayList<>();
                for (JsonNode r : p.path("replicas")) {
                    if (!r.isInt()) {
                        throw new ZnodeParseException(path, "replica ids are integers: " + p, data);
                    }
                    replicas.add(r.asInt());
                }
                partitions.put(new TopicPartition(p.path("topic").asText(), p.path("partition").asInt()), List.copyOf(replicas));
            }
        } catch (IOException e) {
            throw new ZnodeParseException(path, "not valid JSON", data, e);
        }
        return new PartitionReassignmentZNode(partitions);
    }
}
