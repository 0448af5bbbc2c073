package io.gregor.coordination.zk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson plumbing shared by the znode codecs: a reader over one znode's JSON object whose getters
 * fail with a {@link ZnodeParseException} naming the path, key and data, and compact encoding.
 * Immutable per znode read; the shared mapper is thread-safe.
 */
public final class ZkJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int PREVIEW_LIMIT = 200;

    private final String path;
    private final byte[] data;
    private final ObjectNode root;

    private ZkJson(String path, byte[] data, ObjectNode root) {
        this.path = path;
        this.data = data;
        this.root = root;
    }

    /** Parses znode data that must be one JSON object. */
    public static ZkJson parse(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new ZnodeParseException(path, "empty data where a JSON object is expected", data);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new ZnodeParseException(path, "not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), data, e);
        }
        if (node == null || !node.isObject()) {
            throw new ZnodeParseException(path, "expected a JSON object", data);
        }
        return new ZkJson(path, data, (ObjectNode) node);
    }

    /** A new, empty JSON object whose keys keep insertion order. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode intArray(List<Integer> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }

    public static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode znode JSON " + node, e);
        }
    }

    static String preview(byte[] data) {
        if (data == null) {
            return "null";
        }
        String text = new String(data, StandardCharsets.UTF_8);
        return text.length() <= PREVIEW_LIMIT ? "'" + text + "'" : "'" + text.substring(0, PREVIEW_LIMIT) + "...'";
    }

    /** The parsed object, for codecs whose shapes the typed getters below do not cover (arrays of objects). */
    public ObjectNode root() {
        return root;
    }

    public String path() {
        return path;
    }

    public ZnodeParseException error(String problem) {
        return new ZnodeParseException(path, problem, data);
    }

    public boolean has(String key) {
        JsonNode value = root.get(key);
        return value != null && !value.isNull();
    }

    private JsonNode require(String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            throw error("missing key '" + key + "'");
        }
        return value;
    }

    public int requireInt(String key) {
        return asInt(require(key), key);
    }

    private int asInt(JsonNode value, String what) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error("'" + what + "' must be a 32-bit integer, got " + value);
        }
        return value.intValue();
    }

    public String requireString(String key) {
        JsonNode value = require(key);
        if (!value.isTextual()) {
            throw error("'" + key + "' must be a string, got " + value);
        }
        return value.textValue();
    }

    /** The string under {@code key}, or null when absent or JSON null. */
    public String optionalString(String key) {
        return has(key) ? requireString(key) : null;
    }

    /** A string that holds a decimal long (Kafka writes timestamps and producer ids this way). */
    public long requireLongString(String key) {
        String text = requireString(key);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ZnodeParseException(path, "'" + key + "' must be a decimal number in a string, got '"
                    + text + "'", data, e);
        }
    }

    /** The version field, which must be an integer in [min, max]. */
    public int requireVersion(int min, int max) {
        int version = requireInt("version");
        if (version < min || version > max) {
            throw error("unsupported version " + version + " (supported " + min + ".." + max + ")");
        }
        return version;
    }

    public List<Integer> requireIntList(String key) {
        return intList(require(key), key);
    }

    private List<Integer> intList(JsonNode value, String what) {
        if (!value.isArray()) {
            throw error("'" + what + "' must be an array of integers, got " + value);
        }
        List<Integer> result = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            result.add(asInt(element, what));
        }
        return Collections.unmodifiableList(result);
    }

    public List<String> requireStringList(String key) {
        JsonNode value = require(key);
        if (!value.isArray()) {
            throw error("'" + key + "' must be an array of strings, got " + value);
        }
        List<String> result = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw error("'" + key + "' must hold only strings, got " + element);
            }
            result.add(element.textValue());
        }
        return List.copyOf(result);
    }

    private ObjectNode objectAt(String key, boolean required) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw error("missing key '" + key + "'");
            }
            return null;
        }
        if (!value.isObject()) {
            throw error("'" + key + "' must be a JSON object, got " + value);
        }
        return (ObjectNode) value;
    }

    /** A JSON object of string values, in document order; empty when absent and not required. */
    public Map<String, String> stringMap(String key, boolean required) {
        ObjectNode object = objectAt(key, required);
        Map<String, String> result = new LinkedHashMap<>();
        if (object != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw error("'" + key + "." + entry.getKey() + "' must be a string, got " + entry.getValue());
                }
                result.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** A JSON object of integer arrays keyed by partition number; empty when absent and not required. */
    public Map<Integer, List<Integer>> partitionIntListMap(String key, boolean required) {
        ObjectNode object = objectAt(key, required);
        Map<Integer, List<Integer>> result = new LinkedHashMap<>();
        if (object != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                int partition;
                try {
                    partition = Integer.parseInt(entry.getKey());
                } catch (NumberFormatException e) {
                    throw new ZnodeParseException(path, "'" + key + "' has a non-numeric partition key '"
                            + entry.getKey() + "'", data, e);
                }
                result.put(partition, intList(entry.getValue(), key + "." + entry.getKey()));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** A JSON object of JSON objects of integers (broker features); empty when absent. */
    public Map<String, Map<String, Integer>> nestedIntMap(String key) {
        ObjectNode object = objectAt(key, false);
        Map<String, Map<String, Integer>> result = new LinkedHashMap<>();
        if (object != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isObject()) {
                    throw error("'" + key + "." + entry.getKey() + "' must be a JSON object");
                }
                Map<String, Integer> inner = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> fields = entry.getValue().fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    inner.put(field.getKey(), asInt(field.getValue(), key + "." + entry.getKey() + "." + field.getKey()));
                }
                result.put(entry.getKey(), Collections.unmodifiableMap(inner));
            }
        }
        return Collections.unmodifiableMap(result);
    }
}
