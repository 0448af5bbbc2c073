package io.gregor.broker.security;

import io.gregor.clients.security.ScramMechanism;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCRAM credentials of every user, read from the user entities of {@code /config/users} (their
 * {@code SCRAM-SHA-256} / {@code SCRAM-SHA-512} keys), kept in memory so that authenticating never
 * touches ZooKeeper. Replaced as a whole on each reload (after a {@code users/...} change
 * notification); lookups are lock-free and see one consistent snapshot. Thread-safe.
 */
public final class ScramCredentialCache {
    private static final Logger log = LoggerFactory.getLogger(ScramCredentialCache.class);

    /** Replaced whole; the maps inside are never modified once published. */
    private volatile Map<String, Map<ScramMechanism, ScramCredential>> byUser = Map.of();

    /** The credential of {@code user} for {@code mechanism}, or null. */
    public ScramCredential get(String user, ScramMechanism mechanism) {
        Map<ScramMechanism, ScramCredential> credentials = byUser.get(user);
        return credentials == null ? null : credentials.get(mechanism);
    }

    /**
     * Replaces the cache with the credentials found in {@code userConfigs} (user name, unsanitized,
     * to its config entries); an unreadable credential is logged and skipped.
     */
    public void update(Map<String, Map<String, String>> userConfigs) {
        Map<String, Map<ScramMechanism, ScramCredential>> next = new HashMap<>();
        userConfigs.forEach((user, config) -> {
            Map<ScramMechanism, ScramCredential> credentials = new EnumMap<>(ScramMechanism.class);
            for (ScramMechanism mechanism : ScramMechanism.values()) {
                String value = config.get(mechanism.mechanismName());
                if (value == null) {
                    continue;
                }
                try {
                    credentials.put(mechanism, ScramCredential.parse(value));
                } catch (IllegalArgumentException e) {
                    log.warn("Ignoring the unreadable {} credential of user {}: {}", mechanism.mechanismName(), user,
                            e.getMessage());
                }
            }
            if (!credentials.isEmpty()) {
                next.put(user, credentials);
            }
        });
        byUser = Map.copyOf(next);
    }
}
