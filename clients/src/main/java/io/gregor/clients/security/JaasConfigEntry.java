package io.gregor.clients.security;

import java.util.Map;

/**
 * One login module entry of a JAAS configuration, as in
 * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="s";}.
 * Immutable.
 *
 * @param loginModule the login module's class name (Kafka's, e.g. {@code ...scram.ScramLoginModule}); never loaded
 * @param flag        {@code required}, {@code requisite}, {@code sufficient} or {@code optional}
 * @param options     the entry's options in the order written
 */
public record JaasConfigEntry(String loginModule, String flag, Map<String, String> options) {

    public JaasConfigEntry {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    /** An option's value, or null when the entry does not set it. */
    public String option(String name) {
        return options.get(name);
    }
}
