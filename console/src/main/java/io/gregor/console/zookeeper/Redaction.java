package io.gregor.console.zookeeper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps secrets off the ZooKeeper page: the SCRAM credentials Kafka keeps in the user configs
 * ({@code /config/users/<user>} and {@code /config/users/<user>/clients/<client>}, keys such as
 * {@code SCRAM-SHA-512} whose values hold the salt and the stored and server keys). Their values are
 * replaced by {@link #REDACTED}; other config keys (quotas) stay. A user config that is not the JSON
 * Kafka writes is redacted whole, since what it holds cannot be told. Stateless.
 */
final class Redaction {
    static final String REDACTED = "[redacted]";
    static final String USERS = "/config/users";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was kept: the bytes to show and the redacted keys ("*" for everything). */
    record Result(byte[] data, List<String> redacted) {
    }

    private Redaction() {
    }

    static Result apply(ZnodePath path, byte[] data) {
        if (data == null || data.length == 0 || !path.isUnder(USERS)) {
            return new Result(data, List.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !(root.get("config") instanceof ObjectNode config)) {
            return new Result(REDACTED.getBytes(StandardCharsets.UTF_8), List.of("*"));
        }
        List<String> redacted = new ArrayList<>();
        config.fieldNames().forEachRemaining(key -> {
            if (key.toUpperCase(Locale.ROOT).startsWith("SCRAM-")) {
                redacted.add(key);
            }
        });
        if (redacted.isEmpty()) {
            return new Result(data, List.of());
        }
        redacted.forEach(key -> config.put(key, REDACTED));
        try {
            return new Result(JSON.writeValueAsBytes(root), List.copyOf(redacted));
        } catch (IOException e) {
            return new Result(REDACTED.getBytes(StandardCharsets.UTF_8), List.of("*"));
        }
    }
}
