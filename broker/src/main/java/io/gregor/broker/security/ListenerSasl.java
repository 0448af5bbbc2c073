package io.gregor.broker.security;

import java.util.List;
import java.util.Map;

/**
 * The SASL settings of one SASL_PLAINTEXT or SASL_SSL listener, as resolved from the broker config
 * at startup. Immutable.
 *
 * @param listenerName       the listener, e.g. {@code SASL_PLAINTEXT}
 * @param enabledMechanisms  {@code sasl.enabled.mechanisms} (or its {@code listener.name.<l>.} override), in order;
 *                           only PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512
 * @param plainUsers         user to password, from the {@code user_<name>} options of the listener's PLAIN JAAS entry
 * @param connectionsMaxReauthMs {@code connections.max.reauth.ms}: the session lifetime; 0 or less: sessions never expire
 */
public record ListenerSasl(String listenerName, List<String> enabledMechanisms, Map<String, String> plainUsers,
                           long connectionsMaxReauthMs) {

    /** The mechanisms Gregor implements. */
    public static final List<String> SUPPORTED_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    public ListenerSasl {
        enabledMechanisms = List.copyOf(enabledMechanisms);
        plainUsers = Map.copyOf(plainUsers);
        for (String mechanism : enabledMechanisms) {
            if (!SUPPORTED_MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException("SASL mechanism " + mechanism + " is not supported (supported: "
                        + SUPPORTED_MECHANISMS + ")");
            }
        }
    }
}
