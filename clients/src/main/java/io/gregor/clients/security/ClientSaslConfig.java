package io.gregor.clients.security;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a Gregor client authenticates, from Kafka's client keys: {@code security.protocol}
 * (SASL_PLAINTEXT or SASL_SSL; the TLS part of SASL_SSL is {@link ClientSecurity}'s), {@code sasl.mechanism} (PLAIN, SCRAM-SHA-256 or
 * SCRAM-SHA-512; Kafka's default GSSAPI is refused) and {@code sasl.jaas.config} (a PlainLoginModule or
 * ScramLoginModule entry with {@code username} and {@code password}). Immutable.
 */
public record ClientSaslConfig(String mechanism, String username, String password) {

    /**
     * The client's SASL settings read through {@code valueOf} (null for an absent key), or null when
     * {@code security.protocol} is PLAINTEXT or SSL. A bad value is an IllegalArgumentException naming the key.
     */
    public static ClientSaslConfig from(Function<String, String> valueOf) {
        String configured = valueOf.apply("security.protocol");
        String protocol = (configured == null ? "PLAINTEXT" : configured).trim().toUpperCase(Locale.ROOT);
        if (protocol.equals("PLAINTEXT") || protocol.equals("SSL")) {
            return null;
        }
        if (!protocol.equals("SASL_PLAINTEXT") && !protocol.equals("SASL_SSL")) {
            throw new IllegalArgumentException("config security.protocol=" + protocol
                    + " is not supported by Gregor's clients (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)");
        }
        String configuredMechanism = valueOf.apply("sasl.mechanism");
        String mechanism = (configuredMechanism == null ? "GSSAPI" : configuredMechanism).trim();
        if (!List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)) {
            throw new IllegalArgumentException("config sasl.mechanism=" + mechanism
                    + " is not supported by Gregor's clients (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)");
        }
        String jaas = valueOf.apply("sasl.jaas.config");
        if (jaas == null) {
            throw new IllegalArgumentException("config sasl.jaas.config is required with security.protocol=" + protocol);
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
