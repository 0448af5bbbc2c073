package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker registration, the data of the ephemeral {@code /brokers/ids/<id>} znode in Kafka's v5
 * shape (v4 without {@code features}):
 * {@code {"version":5,"host":"h","port":9092,"endpoints":["PLAINTEXT://h:9092"],
 * "listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"jmx_port":-1,"timestamp":"<ms>",
 * "rack":"r1","features":{}}}. {@code host}/{@code port} mirror the first PLAINTEXT endpoint (null/-1
 * if none) for old clients; {@code rack} is omitted when unset. The broker id is the znode name.
 */
public record BrokerInfo(int brokerId, int version, String host, int port, List<EndPoint> endpoints,
                         int jmxPort, long timestamp, String rack,
                         Map<String, Map<String, Integer>> features) {

    public static final int CURRENT_VERSION = 5;

    public BrokerInfo {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + brokerId);
        }
        if (version < 1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported broker registration version " + version);
        }
        endpoints = List.copyOf(endpoints);
        features = features == null ? Map.of() : copyFeatures(features);
    }

    /**
     * A current (v5) registration; host/port are derived from the first PLAINTEXT endpoint, as Kafka
     * does.
     */
    public static BrokerInfo of(int brokerId, List<EndPoint> endpoints, String rack, int jmxPort,
                                Map<String, Map<String, Integer>> features, long timestamp) {
        EndPoint plaintext = endpoints.stream()
                .filter(e -> e.securityProtocol().equals("PLAINTEXT"))
                .findFirst().orElse(null);
        return new BrokerInfo(brokerId, CURRENT_VERSION,
                plaintext == null ? null : plaintext.host(), plaintext == null ? -1 : plaintext.port(),
                endpoints, jmxPort, timestamp, rack, features);
    }

    /** The same registration stamped with a new timestamp (used when re-registering). */
    public BrokerInfo withTimestamp(long newTimestamp) {
        return new BrokerInfo(brokerId, version, host, port, endpoints, jmxPort, newTimestamp, rack, features);
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", version);
        json.put("host", host);
        json.put("port", port);
        json.putArray("endpoints").addAll(endpoints.stream()
                .map(e -> json.textNode(e.connectionString())).toList());
        if (version >= 4) {
            ObjectNode protocols = json.putObject("listener_security_protocol_map");
            endpoints.forEach(e -> protocols.put(e.listenerName(), e.securityProtocol()));
        }
        json.put("jmx_port", jmxPort);
        json.put("timestamp", Long.toString(timestamp));
        if (rack != null && version >= 3) {
            json.put("rack", rack);
        }
        if (version >= 5) {
            ObjectNode featuresJson = json.putObject("features");
            features.forEach((name, range) -> {
                ObjectNode rangeJson = featuresJson.putObject(name);
                range.forEach(rangeJson::put);
            });
        }
        return ZkJson.toBytes(json);
    }

    public static BrokerInfo fromJson(String path, int brokerId, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        int version = json.requireVersion(1, CURRENT_VERSION);
        int jmxPort = json.requireInt("jmx_port");
        long timestamp = json.requireLongString("timestamp");
        String host = json.optionalString("host");
        int port = json.has("port") ? json.requireInt("port") : -1;
        List<EndPoint> endpoints;
        try {
            if (version == 1) {
                endpoints = List.of(new EndPoint("PLAINTEXT", host, port, "PLAINTEXT"));
            } else {
                Map<String, String> protocols = json.stringMap("listener_security_protocol_map", false);
                endpoints = json.requireStringList("endpoints").stream()
                        .map(s -> EndPoint.parse(s, protocols)).toList();
            }
        } catch (IllegalArgumentException e) {
            throw new ZnodeParseException(path, e.getMessage(), data, e);
        }
        return new BrokerInfo(brokerId, version, host, port, endpoints, jmxPort, timestamp,
                json.optionalString("rack"), json.nestedIntMap("features"));
    }

    private static Map<String, Map<String, Integer>> copyFeatures(Map<String, Map<String, Integer>> features) {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        features.forEach((name, range) -> copy.put(name, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(range))));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
