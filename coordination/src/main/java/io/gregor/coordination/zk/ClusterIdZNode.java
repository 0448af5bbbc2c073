package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /cluster/id}: {@code {"version":"1","id":"<base64 uuid>"}}. Kafka writes this version as
 * a string, unlike every other znode; reading accepts the string or a number.
 */
public record ClusterIdZNode(String id) {

    public static final String VERSION = "1";

    public ClusterIdZNode {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("cluster id must not be empty");
        }
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", VERSION);
        json.put("id", id);
        return ZkJson.toBytes(json);
    }

    public static ClusterIdZNode fromJson(String path, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        if (!json.has("version")) {
            throw json.error("missing key 'version'");
        }
        String id = json.requireString("id");
        if (id.isEmpty()) {
            throw json.error("empty cluster id");
        }
        return new ClusterIdZNode(id);
    }
}
