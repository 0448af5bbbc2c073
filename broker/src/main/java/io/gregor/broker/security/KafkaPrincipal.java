package io.gregor.broker.security;

import java.util.Objects;

/**
 * Who sent a request, as Kafka names it: a principal type and a name, written {@code Type:name}
 * (e.g. {@code User:alice}). A connection that has not authenticated (a PLAINTEXT listener) is
 * {@link #ANONYMOUS}, as in Kafka. Immutable.
 *
 * @param type the principal type, {@code User} for every principal Kafka's built-in builders make
 * @param name the name: a SASL user name, a certificate subject after the mapping rules, or ANONYMOUS
 */
public record KafkaPrincipal(String type, String name) {

    public static final String USER_TYPE = "User";

    /** The principal of an unauthenticated connection: {@code User:ANONYMOUS}. */
    public static final KafkaPrincipal ANONYMOUS = new KafkaPrincipal(USER_TYPE, "ANONYMOUS");

    public KafkaPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static KafkaPrincipal user(String name) {
        return new KafkaPrincipal(USER_TYPE, name);
    }

    /**
     * Parses Kafka's {@code Type:name} form (as in {@code super.users} and ACL bindings); the name
     * may itself contain colons.
     *
     * @throws IllegalArgumentException when there is no {@code :} or the type is empty
     */
    public static KafkaPrincipal parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected a principal as Type:name, got '" + text + "'");
        }
        return new KafkaPrincipal(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
