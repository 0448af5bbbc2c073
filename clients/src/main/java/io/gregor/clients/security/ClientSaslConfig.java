package io.gregor.clients.security;

import io.gregor.clients.network.ConfigValues;
import java.util.List;

/**
 * How a Gregor client authenticates, from Kafka's client keys: {@code security.protocol}
 * (PLAINTEXT, the default, or SASL_PLAINTEXT), {@code sasl.mechanism} (PLAIN, SCRAM-SHA-256 or
 * SCRAM-SHA-512; Kafka's default GSSAPI is refused) and {@code sasl.jaas.config} (a PlainLoginModule or
 * ScramLoginModule entry with {@code username} and {@code password}). Immutable.
 */
public record ClientSaslConfig(String mechanism, String username, String password) {

    /** The client's SASL settings, or null for PLAINTEXT. A bad value is an IllegalArgumentException naming the key. */
    public static ClientSaslConfig from(ConfigValues config) {
        String protocol = config.getString("security.protocol", "PLAINTEXT").trim().toUpperCase(java.util.Locale.ROOT);
        if (protocol.equals("PLAINTEXT")) {
            return null;
        }
        if (!protocol.equals("SASL_PLAINTEXT")) {
            throw new IllegalArgumentException("config security.protocol=" + protocol
                    + " is not supported by Gregor's clients (PLAINTEXT, SASL_PLAINTEXT)");
        }
        String mechanism = config.getString("sasl.mechanism", "GSSAPI").trim();
        if (!List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)) {
            throw new IllegalArgumentException("config sasl.mechanism=" + mechanism
                    + " is not supported by Gregor's clients (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)");
        }
        String jaas = config.getString("sasl.jaas.config", null);
        if (jaas == null) {
            throw new IllegalArgumentException("config sasl.jaas.config is required with security.protocol=SASL_PLAINTEXT");
        }
        JaasConfigEntry entry;
        try {
            entry = JaasConfigParser.parseEntries(jaas).get(0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config sasl.jaas.config: " + e.getMessage(), e);
        }
        String username = entry.option("username");
        String password = entry.option("password");
        if (username == null || password == null) {
            throw new IllegalArgumentException("config sasl.jaas.config needs username and password options");
        }
        return new ClientSaslConfig(mechanism, username, password);
    }

    @Override
    public String toString() {
        return "ClientSaslConfig[mechanism=" + mechanism + ", username=" + username + "]"; // never the password
    }
}
