package io.gregor.coordination.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.clients.network.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON files of {@code gregor-reassign-partitions.sh}, in Kafka's formats (version 1): the
 * topics to move ({@code {"topics":[{"topic":"t"}],"version":1}}) and a reassignment
 * ({@code {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}},
 * {@code log_dirs} optional). Parsing keeps duplicates so that the command can refuse them. Stateless.
 */
final class ReassignmentJson {
    static final String ANY_LOG_DIR = "any";
    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One entry of a reassignment file: the partition, its target replicas and a log dir per replica. */
    record Target(TopicPartition partition, List<Integer> replicas, List<String> logDirs) {
    }

    /** A malformed file: the message names what is wrong. */
    static final class BadJsonException extends RuntimeException {
        BadJsonException(String message) {
            super(message);
        }
    }

    private ReassignmentJson() {
    }

    /** The topic names of a topics-to-move file, in file order. */
    static List<String> parseTopics(String json) {
        JsonNode root = parse(json);
        checkVersion(root);
        List<String> topics = new ArrayList<>();
        for (JsonNode t : array(root, "topics")) {
            topics.add(text(t, "topic"));
        }
        return topics;
    }

    /** The entries of a reassignment file, in file order. */
    static List<Target> parseReassignment(String json) {
        JsonNode root = parse(json);
        checkVersion(root);
        List<Target> targets = new ArrayList<>();
        for (JsonNode p : array(root, "partitions")) {
            TopicPartition tp = new TopicPartition(text(p, "topic"), integer(p, "partition"));
            List<Integer> replicas = new ArrayList<>();
            for (JsonNode r : array(p, "replicas")) {
                if (!r.isInt()) {
                    throw new BadJsonException("replicas of " + tp + " must be broker ids, got " + r);
                }
                replicas.add(r.intValue());
            }
            List<String> logDirs = new ArrayList<>();
            if (p.has("log_dirs")) {
                for (JsonNode d : array(p, "log_dirs")) {
                    logDirs.add(d.asText());
                }
                if (logDirs.size() != replicas.size()) {
                    throw new BadJsonException("Size of replicas list " + replicas + " is different from size of log dirs list "
                            + logDirs + " for partition " + tp);
                }
            } else {
                replicas.forEach(r -> logDirs.add(ANY_LOG_DIR));
            }
            targets.add(new Target(tp, List.copyOf(replicas), List.copyOf(logDirs)));
        }
        return targets;
    }

    /** A reassignment file for {@code assignment}, partitions in (topic, partition) order, every log dir "any". */
    static String format(Map<TopicPartition, List<Integer>> assignment) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        assignment.keySet().stream().sorted(PARTITION_ORDER).forEach(tp -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("topic", tp.topic());
            p.put("partition", tp.partition());
            p.put("replicas", assignment.get(tp));
            p.put("log_dirs", assignment.get(tp).stream().map(r -> ANY_LOG_DIR).toList());
            partitions.add(p);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("partitions", partitions);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reassignment as JSON", e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new BadJsonException("The input string is not a valid JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new BadJsonException("The input string is not a valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void checkVersion(JsonNode root) {
        JsonNode version = root.get("version");
        if (version != null && !(version.isInt() && version.intValue() == 1)) {
            throw new BadJsonException("Not supported version field value " + version);
        }
    }

    private static Iterable<JsonNode> array(JsonNode node, String name) {
        JsonNode a = node.get(name);
        if (a == null) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new BadJsonException("\"" + name + "\" must be an array, got " + a);
        }
        return a;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw new BadJsonException("\"" + name + "\" must be a string in " + node);
        }
        return v.textValue();
    }

    private static int integer(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isInt()) {
            throw new BadJsonException("\"" + name + "\" must be an integer in " + node);
        }
        return v.intValue();
    }
}
