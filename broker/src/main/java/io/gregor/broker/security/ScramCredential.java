package io.gregor.broker.security;

import io.gregor.clients.security.ScramMechanism;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A user's SCRAM credential for one mechanism, as Kafka stores it as the value of the mechanism's
 * key in {@code /config/users/<user>}: {@code salt=<b64>,stored_key=<b64>,server_key=<b64>,iterations=<n>}
 * (base64 with padding). Never holds the password. Immutable (the arrays are not exposed for writing
 * by convention: callers must not modify them).
 */
public record ScramCredential(byte[] salt, byte[] storedKey, byte[] serverKey, int iterations) {

    /** The credential of a salted password (Hi(password, salt, iterations)), as the broker derives it for AlterUserScramCredentials. */
    public static ScramCredential fromSaltedPassword(ScramMechanism mechanism, byte[] salt, byte[] saltedPassword,
                                                     int iterations) {
        return new ScramCredential(salt.clone(), mechanism.storedKey(mechanism.clientKey(saltedPassword)),
                mechanism.serverKey(saltedPassword), iterations);
    }

    /** Kafka's string form, the value stored in ZooKeeper. */
    public String toConfigValue() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "salt=" + b64.encodeToString(salt) + ",stored_key=" + b64.encodeToString(storedKey)
                + ",server_key=" + b64.encodeToString(serverKey) + ",iterations=" + iterations;
    }

    /**
     * Parses Kafka's string form.
     *
     * @throws IllegalArgumentException when a part is missing or not valid
     */
    public static ScramCredential parse(String value) {
        Map<String, String> parts = new HashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: '" + part + "'");
            }
            parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        for (String key : new String[] {"salt", "stored_key", "server_key", "iterations"}) {
            if (!parts.containsKey(key)) {
                throw new IllegalArgumentException("no " + key);
            }
        }
        Base64.Decoder b64 = Base64.getDecoder();
        int iterations = Integer.parseInt(parts.get("iterations"));
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        return new ScramCredential(b64.decode(parts.get("salt")), b64.decode(parts.get("stored_key")),
                b64.decode(parts.get("server_key")), iterations);
    }
}
