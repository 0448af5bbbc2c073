package io.gregor.broker.quota;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterClientQuotasRequest;
import io.gregor.clients.protocol.schemas.AlterClientQuotasResponse;
import io.gregor.clients.protocol.schemas.DescribeClientQuotasRequest;
import io.gregor.clients.protocol.schemas.DescribeClientQuotasResponse;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DescribeClientQuotas v0-1 and AlterClientQuotas v0-1 over the quota entities of
 * {@code /config/users} and {@code /config/clients}, as Kafka's ZooKeeper-mode admin manager serves
 * them: entity types {@code user} and {@code client-id} (a null name is the default entity), quota
 * keys {@code producer_byte_rate}, {@code consumer_byte_rate}, {@code request_percentage} (and
 * {@code controller_mutation_rate}, stored but not enforced); filters match exactly (0), the
 * default (1) or any name (2), strictly or not. Writes post a change notification; every broker
 * then reloads the quotas. Thread-safe (state in ZooKeeper).
 */
public final class ClientQuotaHandlers {
    private static final Logger log = LoggerFactory.getLogger(ClientQuotaHandlers.class);
    static final String USER = "user";
    static final String CLIENT_ID = "client-id";
    private static final Set<String> LONG_KEYS = Set.of("producer_byte_rate", "consumer_byte_rate");
    private static final Set<String> DOUBLE_KEYS = Set.of("request_percentage", "controller_mutation_rate");
    private static final byte MATCH_EXACT = 0;
    private static final byte MATCH_DEFAULT = 1;
    private static final byte MATCH_ANY = 2;

    private final ConfigEntityStore store;

    private ClientQuotaHandlers(ConfigEntityStore store) {
        this.store = store;
    }

    public static void register(ApiHandlerRegistry registry, ConfigEntityStore store) {
        ClientQuotaHandlers handlers = new ClientQuotaHandlers(store);
        registry.register(ApiKey.DESCRIBE_CLIENT_QUOTAS, handlers::describe);
        registry.register(ApiKey.ALTER_CLIENT_QUOTAS, handlers::alter);
    }

    /** The entity of a quota entity path: entity type to name, null naming the default entity. */
    static Map<String, String> entityOf(String entityPath) {
        String[] parts = entityPath.split("/");
        Map<String, String> entity = new TreeMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            String name = parts[i + 1].equals(ConfigEntityStore.DEFAULT) ? null : ConfigEntityStore.desanitize(parts[i + 1]);
            entity.put(parts[i].equals("users") ? USER : CLIENT_ID, name);
        }
        return entity;
    }

    private CompletableFuture<Struct> describe(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_CLIENT_QUOTAS).newStruct();
        try {
            List<Struct> components = request.getStructs(DescribeClientQuotasRequest.COMPONENTS);
            boolean strict = request.getBool(DescribeClientQuotasRequest.STRICT);
            for (Struct component : components) {
                String type = component.getString(DescribeClientQuotasRequest.Components.ENTITY_TYPE);
                byte match = component.getByte(DescribeClientQuotasRequest.Components.MATCH_TYPE);
                if (!type.equals(USER) && !type.equals(CLIENT_ID)) {
                    throw new AdminException(Errors.INVALID_REQUEST, "Unexpected quota entity type: " + type);
                }
                if (match < MATCH_EXACT || match > MATCH_ANY) {
                    throw new AdminException(Errors.INVALID_REQUEST, "Unexpected match type: " + match);
                }
            }
            response.set(DescribeClientQuotasResponse.ENTRIES, new java.util.ArrayList<>());
            for (Map.Entry<String, EntityConfig> e : store.quotaEntities().entrySet()) {
                Map<String, String> entity = entityOf(e.getKey());
                Map<String, String> quotas = new TreeMap<>(e.getValue().config());
                quotas.keySet().retainAll(union());
                if (quotas.isEmpty() || !matches(entity, components, strict)) {
                    continue;
                }
                Struct entry = response.addElement(DescribeClientQuotasResponse.ENTRIES);
                entity.forEach((type, name) -> entry.addElement(DescribeClientQuotasResponse.Entries.ENTITY)
                        .set(DescribeClientQuotasResponse.Entries.Entity.ENTITY_TYPE, type)
                        .set(DescribeClientQuotasResponse.Entries.Entity.ENTITY_NAME, name));
                quotas.forEach((key, value) -> entry.addElement(DescribeClientQuotasResponse.Entries.VALUES)
                        .set(DescribeClientQuotasResponse.Entries.Values.KEY, key)
                        .set(DescribeClientQuotasResponse.Entries.Values.VALUE, Double.parseDouble(value.trim())));
            }
            response.set(DescribeClientQuotasResponse.ERROR_CODE, Errors.NONE.code());
        } catch (AdminException e) {
            response.set(DescribeClientQuotasResponse.ERROR_CODE, e.error().code())
                    .set(DescribeClientQuotasResponse.ERROR_MESSAGE, e.getMessage())
                    .set(DescribeClientQuotasResponse.ENTRIES, null);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Set<String> union() {
        Set<String> keys = new java.util.HashSet<>(LONG_KEYS);
        keys.addAll(DOUBLE_KEYS);
        return keys;
    }

    private static boolean matches(Map<String, String> entity, List<Struct> components, boolean strict) {
        for (Struct component : components) {
            String type = component.getString(DescribeClientQuotasRequest.Components.ENTITY_TYPE);
            byte match = component.getByte(DescribeClientQuotasRequest.Components.MATCH_TYPE);
            if (!entity.containsKey(type)) {
                return false;
            }
            String name = entity.get(type);
            if (match == MATCH_EXACT && !component.getString(DescribeClientQuotasRequest.Components.MATCH).equals(name)
                    || match == MATCH_DEFAULT && name != null) {
                return false;
            }
        }
        return !strict || entity.size() == components.size();
    }

    private CompletableFuture<Struct> alter(RequestContext context, Struct request) {
        boolean validateOnly = request.getBool(AlterClientQuotasRequest.VALIDATE_ONLY);
        Struct response = ApiMessages.response(ApiKey.ALTER_CLIENT_QUOTAS).newStruct();
        for (Struct entry : request.getStructs(AlterClientQuotasRequest.ENTRIES)) {
            Struct result = response.addElement(AlterClientQuotasResponse.ENTRIES);
            Map<String, String> entity = new LinkedHashMap<>();
            for (Struct part : entry.getStructs(AlterClientQuotasRequest.Entries.ENTITY)) {
                String type = part.getString(AlterClientQuotasRequest.Entries.Entity.ENTITY_TYPE);
                String name = part.getString(AlterClientQuotasRequest.Entries.Entity.ENTITY_NAME);
                entity.put(type, name);
                result.addElement(AlterClientQuotasResponse.Entries.ENTITY)
                        .set(AlterClientQuotasResponse.Entries.Entity.ENTITY_TYPE, type)
                        .set(AlterClientQuotasResponse.Entries.Entity.ENTITY_NAME, name);
            }
            try {
                String path = entityPath(entity);
                Map<String, String> config = new TreeMap<>(store.get(path).map(EntityConfig::config).orElse(Map.of()));
                for (Struct op : entry.getStructs(AlterClientQuotasRequest.Entries.OPS)) {
                    String key = op.getString(AlterClientQuotasRequest.Entries.Ops.KEY);
                    if (!LONG_KEYS.contains(key) && !DOUBLE_KEYS.contains(key)) {
                        throw new AdminException(Errors.INVALID_REQUEST, "Invalid configuration key " + key);
                    }
                    if (op.getBool(AlterClientQuotasRequest.Entries.Ops.REMOVE)) {
                        config.remove(key);
                    } else {
                        config.put(key, value(key, op.getDouble(AlterClientQuotasRequest.Entries.Ops.VALUE)));
                    }
                }
                if (!validateOnly) {
                    store.set(path, new EntityConfig(config));
                }
                result.set(AlterClientQuotasResponse.Entries.ERROR_CODE, Errors.NONE.code());
            } catch (AdminException e) {
                result.set(AlterClientQuotasResponse.Entries.ERROR_CODE, e.error().code())
                        .set(AlterClientQuotasResponse.Entries.ERROR_MESSAGE, e.getMessage());
            } catch (RuntimeException e) {
                log.error("AlterClientQuotas of {} failed (client {}, correlation id {})", entity, context.clientId(),
                        context.correlationId(), e);
                result.set(AlterClientQuotasResponse.Entries.ERROR_CODE, Errors.UNKNOWN_SERVER_ERROR.code())
                        .set(AlterClientQuotasResponse.Entries.ERROR_MESSAGE, e.toString());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static String entityPath(Map<String, String> entity) {
        for (String type : entity.keySet()) {
            if (!type.equals(USER) && !type.equals(CLIENT_ID)) {
                throw new AdminException(Errors.INVALID_REQUEST, "Unhandled client quota entity type: " + type);
            }
        }
        if (entity.isEmpty()) {
            throw new AdminException(Errors.INVALID_REQUEST, "Invalid empty client quota entity");
        }
        String user = entity.containsKey(USER) ? orDefault(entity.get(USER)) : null;
        String client = entity.containsKey(CLIENT_ID) ? orDefault(entity.get(CLIENT_ID)) : null;
        return ConfigEntityStore.quotaEntity(user, client);
    }

    private static String orDefault(String name) {
        return name == null ? ConfigEntityStore.DEFAULT : name;
    }

    /** The stored text of a quota value: whole numbers for the byte rates, as Kafka stores them. */
    private static String value(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new AdminException(Errors.INVALID_REQUEST, "Invalid value " + value + " for configuration " + key
                    + ": must be positive");
        }
        if (LONG_KEYS.contains(key)) {
            if (value != Math.rint(value)) {
                throw new AdminException(Errors.INVALID_REQUEST, "Invalid value " + value + " for configuration " + key
                        + ": must be a whole number");
            }
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
