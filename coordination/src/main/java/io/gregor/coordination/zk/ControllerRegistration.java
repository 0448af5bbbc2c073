package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The data of the ephemeral {@code /controller} znode:
 * {@code {"version":1,"brokerid":1,"timestamp":"<ms as string>"}}. Version 2 (ZK migration) adds
 * {@code kraftControllerEpoch}; it is read but not written.
 */
public record ControllerRegistration(int brokerId, long timestamp) {

    public static final int VERSION = 1;

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", VERSION);
        json.put("brokerid", brokerId);
        json.put("timestamp", Long.toString(timestamp));
        return ZkJson.toBytes(json);
    }

    public static ControllerRegistration fromJson(String path, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        json.requireVersion(1, 2);
        return new ControllerRegistration(json.requireInt("brokerid"), json.requireLongString("timestamp"));
    }
}
