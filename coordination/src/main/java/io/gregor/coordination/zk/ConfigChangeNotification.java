package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The data of a sequential {@code /config/changes/config_change_<seq>} znode:
 * {@code {"version":2,"entity_path":"topics/<topic>"}}, telling brokers which config entity
 * changed (its path relative to {@code /config}).
 */
public record ConfigChangeNotification(String entityPath) {

    public static final int VERSION = 2;

    public ConfigChangeNotification {
        if (entityPath == null || entityPath.isEmpty() || entityPath.startsWith("/")) {
            throw new IllegalArgumentException("entity path must be like 'topics/<name>', got '" + entityPath + "'");
        }
    }

    public static ConfigChangeNotification forTopic(String topic) {
        return new ConfigChangeNotification("topics/" + topic);
    }

    public static ConfigChangeNotification forBroker(String brokerIdOrDefault) {
        return new ConfigChangeNotification("brokers/" + brokerIdOrDefault);
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", VERSION);
        json.put("entity_path", entityPath);
        return ZkJson.toBytes(json);
    }

    public static ConfigChangeNotification fromJson(String path, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        json.requireVersion(VERSION, VERSION);
        try {
            return new ConfigChangeNotification(json.requireString("entity_path"));
        } catch (IllegalArgumentException e) {
            throw new ZnodeParseException(path, e.getMessage(), data, e);
        }
    }
}
