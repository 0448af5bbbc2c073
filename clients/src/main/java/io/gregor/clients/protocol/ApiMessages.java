package io.gregor.clients.protocol;

import io.gregor.clients.protocol.schemas.AdminSchemas;
import io.gregor.clients.protocol.schemas.ClusterSchemas;
import io.gregor.clients.protocol.schemas.GroupSchemas;
import io.gregor.clients.protocol.schemas.InterBrokerSchemas;
import io.gregor.clients.protocol.schemas.ProduceFetchSchemas;
import io.gregor.clients.protocol.schemas.ReplicaAdminSchemas;
import io.gregor.clients.protocol.schemas.SecuritySchemas;
import io.gregor.clients.protocol.schemas.TelemetrySchemas;
import io.gregor.clients.protocol.schemas.TransactionSchemas;

import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of message schemas: every request and response schema Gregor knows, by API. Each
 * schema family file contributes one line to {@link #FAMILIES}. Loading checks that every schema
 * belongs to an {@link ApiKey}, covers its supported versions, agrees on flexible versions, and
 * comes as a request/response pair.
 */
public final class ApiMessages {
    private static final List<List<MessageSpec>> FAMILIES = List.of(
            ClusterSchemas.all(),
            ProduceFetchSchemas.all(),
            GroupSchemas.all(),
            AdminSchemas.all(),
            ReplicaAdminSchemas.all(),
            InterBrokerSchemas.all(),
            SecuritySchemas.all(),
            TelemetrySchemas.all(),
            TransactionSchemas.all()
    );

    private static final Map<ApiKey, MessageSpec> REQUESTS = new EnumMap<>(ApiKey.class);
    private static final Map<ApiKey, MessageSpec> RESPONSES = new EnumMap<>(ApiKey.class);
    private static final Map<Schema, MessageSpec> BY_SCHEMA = new IdentityHashMap<>();

    static {
        BY_SCHEMA.put(HeaderSchemas.REQUEST_HEADER.schema(), HeaderSchemas.REQUEST_HEADER);
        BY_SCHEMA.put(HeaderSchemas.RESPONSE_HEADER.schema(), HeaderSchemas.RESPONSE_HEADER);
        for (List<MessageSpec> family : FAMILIES) {
            for (MessageSpec spec : family) {
                register(spec);
            }
        }
        if (!REQUESTS.keySet().equals(RESPONSES.keySet())) {
            throw new IllegalStateException("schemas without their request/response pair: requests "
                    + REQUESTS.keySet() + ", responses " + RESPONSES.keySet());
        }
    }

    private ApiMessages() {
    }

    private static void register(MessageSpec spec) {
        ApiKey key = ApiKey.forId(spec.apiKey());
        if (key == null) {
            throw new IllegalStateException(spec.name() + ": api key " + spec.apiKey() + " is not in ApiKey");
        }
        if (!spec.validVersions().contains(key.minVersion) || !spec.validVersions().contains(key.maxVersion)) {
            throw new IllegalStateException(spec.name() + ": valid versions " + spec.validVersions()
                    + " do not cover supported " + key.minVersion + "-" + key.maxVersion);
        }
        short flexibleFrom = spec.type() == MessageType.REQUEST ? key.requestFlexibleFrom : key.responseFlexibleFrom;
        short specFlexibleFrom = spec.flexibleVersions().isEmpty() ? -1 : spec.flexibleVersions().lowest();
        if (flexibleFrom != specFlexibleFrom) {
            throw new IllegalStateException(spec.name() + ": flexible versions " + spec.flexibleVersions()
                    + " disagree with ApiKey." + key + " (" + flexibleFrom + ")");
        }
        Map<ApiKey, MessageSpec> map = spec.type() == MessageType.REQUEST ? REQUESTS : RESPONSES;
        if (map.put(key, spec) != null) {
            throw new IllegalStateException(spec.name() + " registered twice");
        }
        BY_SCHEMA.put(spec.schema(), spec);
    }

    /** The APIs that have schemas. */
    public static Set<ApiKey> registered() {
        return Collections.unmodifiableSet(REQUESTS.keySet());
    }

    /** The request or response schema of {@code key}, or null if none is registered. */
    public static MessageSpec spec(ApiKey key, MessageType type) {
        return (type == MessageType.REQUEST ? REQUESTS : RESPONSES).get(key);
    }

    /**
     * The message whose top-level schema is {@code schema} (a registered body or a header).
     *
     * @throws IllegalArgumentException for a nested struct's schema
     */
    public static MessageSpec specOf(Schema schema) {
        MessageSpec spec = BY_SCHEMA.get(schema);
        if (spec == null) {
            throw new IllegalArgumentException(schema.name() + " is not a registered message");
        }
        return spec;
    }

    public static MessageSpec request(ApiKey key) {
        return REQUESTS.get(key);
    }

    public static MessageSpec response(ApiKey key) {
        return RESPONSES.get(key);
    }
}
