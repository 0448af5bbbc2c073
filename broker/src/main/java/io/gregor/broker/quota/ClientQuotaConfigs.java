package io.gregor.broker.quota;

import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client quota configs of the cluster (every {@code users/...} and {@code clients/...} entity
 * of {@code /config}, by entity path with sanitized names) and the quota that applies to a
 * (user, client id) pair, in the precedence of Kafka's default quota callback:
 * {@code users/<u>/clients/<c>}, {@code users/<u>/clients/<default>}, {@code users/<u>},
 * {@code users/<default>/clients/<c>}, {@code users/<default>/clients/<default>},
 * {@code users/<default>}, {@code clients/<c>}, {@code clients/<default>}. Immutable.
 */
public record ClientQuotaConfigs(Map<String, EntityConfig> entities) {
    public static final ClientQuotaConfigs NONE = new ClientQuotaConfigs(Map.of());

    public ClientQuotaConfigs {
        entities = Map.copyOf(entities);
    }

    /**
     * A quota that applies: its bound and the (user, client id) it is shared by (one of them empty
     * when the quota names only the other), as Kafka's metric tags.
     */
    public record Applied(double bound, String userTag, String clientTag) {
    }

    /** The quota of {@code type} for the principal {@code user} and {@code clientId}, if any. */
    public Optional<Applied> quotaFor(QuotaType type, String user, String clientId) {
        if (entities.isEmpty()) {
            return Optional.empty(); // the common case: no quotas, nothing to look up per request
        }
        String u = ConfigEntityStore.sanitize(user);
        String c = ConfigEntityStore.sanitize(clientId);
        String d = ConfigEntityStore.DEFAULT;
        List<String[]> levels = List.of(
                new String[] {"users/" + u + "/clients/" + c, user, clientId},
                new String[] {"users/" + u + "/clients/" + d, user, clientId},
                new String[] {"users/" + u, user, ""},
                new String[] {"users/" + d + "/clients/" + c, user, clientId},
                new String[] {"users/" + d + "/clients/" + d, user, clientId},
                new String[] {"users/" + d, user, ""},
                new String[] {"clients/" + c, "", clientId},
                new String[] {"clients/" + d, "", clientId});
        for (String[] level : levels) {
            EntityConfig config = entities.get(level[0]);
            String value = config == null ? null : config.config().get(type.key);
            if (value != null) {
                try {
                    return Optional.of(new Applied(Double.parseDouble(value.trim()), level[1], level[2]));
                } catch (NumberFormatException e) {
                    // a value another tool wrote badly: ignored, as a missing quota
                }
            }
        }
        return Optional.empty();
    }
}
