package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data of a dynamic config znode such as {@code /config/topics/<t>} or
 * {@code /config/brokers/<id>}: {@code {"version":1,"config":{"retention.ms":"86400000"}}}. Values
 * are always strings; keys are kept sorted.
 */
public record EntityConfig(Map<String, String> config) {

    public static final int VERSION = 1;
    public static final EntityConfig EMPTY = new EntityConfig(Map.of());

    public EntityConfig {
        config = Collections.unmodifiableMap(new TreeMap<>(config));
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", VERSION);
        ObjectNode entries = json.putObject("config");
        config.forEach(entries::put);
        return ZkJson.toBytes(json);
    }

    public static EntityConfig fromJson(String path, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        json.requireVersion(VERSION, VERSION);
        return new EntityConfig(json.stringMap("config", true));
    }
}
