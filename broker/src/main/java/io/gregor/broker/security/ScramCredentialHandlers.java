package io.gregor.broker.security;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterUserScramCredentialsRequest.Deletions;
import io.gregor.clients.protocol.schemas.AlterUserScramCredentialsRequest.Upsertions;
import io.gregor.clients.protocol.schemas.AlterUserScramCredentialsRequest;
import io.gregor.clients.protocol.schemas.AlterUserScramCredentialsResponse;
import io.gregor.clients.protocol.schemas.DescribeUserScramCredentialsRequest;
import io.gregor.clients.protocol.schemas.DescribeUserScramCredentialsResponse;
import io.gregor.clients.protocol.schemas.DescribeUserScramCredentialsResponse.Results;
import io.gregor.clients.security.ScramMechanism;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DescribeUserScramCredentials and AlterUserScramCredentials (KIP-554) as a ZooKeeper-mode Kafka
 * broker serves them: credentials live as the {@code SCRAM-SHA-256} / {@code SCRAM-SHA-512} entries
 * of {@code /config/users/<sanitized user>}, beside the user's quotas, and every change posts a
 * {@code users/<user>} notification under {@code /config/changes}, so every broker reloads its
 * {@link ScramCredentialCache}. The client sends the salted password; the broker derives the
 * stored and server keys (two HMACs and a hash) and never sees a password. Blocks on ZooKeeper:
 * runs on request-handler threads.
 */
public final class ScramCredentialHandlers {
    private static final Logger log = LoggerFactory.getLogger(ScramCredentialHandlers.class);

    private final ConfigEntityStore store;

    private ScramCredentialHandlers(ConfigEntityStore store) {
        this.store = store;
    }

    public static void register(ApiHandlerRegistry registry, ConfigEntityStore store) {
        ScramCredentialHandlers handlers = new ScramCredentialHandlers(store);
        registry.register(ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS, handlers::describe);
        registry.register(ApiKey.ALTER_USER_SCRAM_CREDENTIALS, handlers::alter);
    }

    private CompletableFuture<Struct> describe(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS).newStruct()
                .set(DescribeUserScramCredentialsResponse.ERROR_CODE, Errors.NONE.code());
        List<Struct> users = request.getStructs(DescribeUserScramCredentialsRequest.USERS);
        if (users == null || users.isEmpty()) {
            for (Map.Entry<String, Map<String, String>> user : allUsers().entrySet()) {
                List<ScramMechanism> mechanisms = mechanismsOf(user.getValue());
                if (!mechanisms.isEmpty()) {
                    addResult(response, user.getKey(), user.getValue(), mechanisms);
                }
            }
            return CompletableFuture.completedFuture(response);
        }
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (Struct user : users) {
            String name = user.getString(DescribeUserScramCredentialsRequest.Users.NAME);
            if (!seen.add(name)) {
                duplicates.add(name);
            }
        }
        Set<String> answered = new HashSet<>();
        for (Struct user : users) {
            String name = user.getString(DescribeUserScramCredentialsRequest.Users.NAME);
            if (!answered.add(name)) {
                continue;
            }
            if (duplicates.contains(name)) {
                error(response, name, Errors.DUPLICATE_RESOURCE,
                        "Cannot describe SCRAM credentials for the same user twice in a single request: " + name);
                continue;
            }
            Map<String, String> config = name.isEmpty() ? Map.of() : configOf(name);
            List<ScramMechanism> mechanisms = mechanismsOf(config);
            if (mechanisms.isEmpty()) {
                error(response, name, Errors.RESOURCE_NOT_FOUND,
                        "Attempt to describe a user credential that does not exist: " + name);
            } else {
                addResult(response, name, config, mechanisms);
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static void addResult(Struct response, String user, Map<String, String> config, List<ScramMechanism> mechanisms) {
        Struct result = response.addElement(DescribeUserScramCredentialsResponse.RESULTS)
                .set(Results.USER, user).set(Results.ERROR_CODE, Errors.NONE.code());
        for (ScramMechanism mechanism : mechanisms) {
            int iterations;
            try {
                iterations = ScramCredential.parse(config.get(mechanism.mechanismName())).iterations();
            } catch (IllegalArgumentException e) {
                continue; // an unreadable credential authenticates nobody; the cache logs it
            }
            result.addElement(Results.CREDENTIAL_INFOS)
                    .set(Results.CredentialInfos.MECHANISM, mechanism.type())
                    .set(Results.CredentialInfos.ITERATIONS, iterations);
        }
    }

    private static void error(Struct response, String user, Errors error, String message) {
        response.addElement(DescribeUserScramCredentialsResponse.RESULTS).set(Results.USER, user)
                .set(Results.ERROR_CODE, error.code()).set(Results.ERROR_MESSAGE, message);
    }

    private static List<ScramMechanism> mechanismsOf(Map<String, String> config) {
        List<ScramMechanism> mechanisms = new ArrayList<>();
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            if (config.containsKey(mechanism.mechanismName())) {
                mechanisms.add(mechanism);
            }
        }
        return mechanisms;
    }

    /** One user's planned change: credentials to set and mechanisms to remove, or the error that refuses it. */
    private static final class UserChange {
        final Map<ScramMechanism, ScramCredential> upserts = new LinkedHashMap<>();
        final Set<ScramMechanism> deletions = new HashSet<>();
        final Set<Byte> mechanismsSeen = new HashSet<>();
        Errors error;
        String message;

        void refuse(Errors error, String message) {
            if (this.error == null) {
                this.error = error;
                this.message = message;
            }
        }
    }

    private CompletableFuture<Struct> alter(RequestContext context, Struct request) {
        Map<String, UserChange> changes = new LinkedHashMap<>();
        for (Struct deletion : request.getStructs(AlterUserScramCredentialsRequest.DELETIONS)) {
            UserChange change = changes.computeIfAbsent(deletion.getString(Deletions.NAME), u -> new UserChange());
            byte type = deletion.getByte(Deletions.MECHANISM);
            ScramMechanism mechanism = plan(change, type);
            if (mechanism != null) {
                change.deletions.add(mechanism);
            }
        }
        for (Struct upsertion : request.getStructs(AlterUserScramCredentialsRequest.UPSERTIONS)) {
            UserChange change = changes.computeIfAbsent(upsertion.getString(Upsertions.NAME), u -> new UserChange());
            ScramMechanism mechanism = plan(change, upsertion.getByte(Upsertions.MECHANISM));
            int iterations = upsertion.getInt(Upsertions.ITERATIONS);
            if (mechanism == null) {
                continue;
            }
            if (iterations < ScramMechanism.MIN_ITERATIONS) {
                change.refuse(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
            } else if (iterations > ScramMechanism.MAX_ITERATIONS) {
                change.refuse(Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
            } else {
                byte[] salt = bytes(upsertion.get(Upsertions.SALT));
                byte[] salted = bytes(upsertion.get(Upsertions.SALTED_PASSWORD));
                if (salt.length == 0 || salted.length == 0) {
                    change.refuse(Errors.UNACCEPTABLE_CREDENTIAL, "Salt and salted password must not be empty");
                } else {
                    change.upserts.put(mechanism, ScramCredential.fromSaltedPassword(mechanism, salt, salted, iterations));
                }
            }
        }
        Struct response = ApiMessages.response(ApiKey.ALTER_USER_SCRAM_CREDENTIALS).newStruct();
        changes.forEach((user, change) -> {
            Struct result = response.addElement(AlterUserScramCredentialsResponse.RESULTS)
                    .set(AlterUserScramCredentialsResponse.Results.USER, user);
            if (user.isEmpty()) {
                change.refuse(Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
            }
            if (change.error == null) {
                try {
                    apply(user, change);
                } catch (RuntimeException e) {
                    log.error("AlterUserScramCredentials of user {} failed (client {}, correlation id {})", user,
                            context.clientId(), context.correlationId(), e);
                    change.refuse(Errors.UNKNOWN_SERVER_ERROR, e.toString());
                }
            }
            result.set(AlterUserScramCredentialsResponse.Results.ERROR_CODE,
                    change.error == null ? Errors.NONE.code() : change.error.code());
            result.set(AlterUserScramCredentialsResponse.Results.ERROR_MESSAGE, change.message);
        });
        return CompletableFuture.completedFuture(response);
    }

    /** Records that {@code change} touches mechanism {@code type}; the mechanism, or null when refused. */
    private static ScramMechanism plan(UserChange change, byte type) {
        if (!change.mechanismsSeen.add(type)) {
            change.refuse(Errors.DUPLICATE_RESOURCE, "A user credential cannot be altered twice in the same request");
            return null;
        }
        ScramMechanism mechanism = ScramMechanism.forType(type);
        if (mechanism == null) {
            change.refuse(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
        }
        return mechanism;
    }

    private void apply(String user, UserChange change) {
        String path = ConfigEntityStore.quotaEntity(user, null);
        Map<String, String> config = new TreeMap<>(store.get(path).map(EntityConfig::config).orElse(Map.of()));
        for (ScramMechanism mechanism : change.deletions) {
            if (config.remove(mechanism.mechanismName()) == null) {
                change.refuse(Errors.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
                return;
            }
        }
        change.upserts.forEach((mechanism, credential) -> config.put(mechanism.mechanismName(), credential.toConfigValue()));
        store.set(path, new EntityConfig(config));
        log.info("SCRAM credentials of user {} changed: set {}, removed {}", user,
                change.upserts.keySet().stream().map(ScramMechanism::mechanismName).toList(),
                change.deletions.stream().map(ScramMechanism::mechanismName).toList());
    }

    private Map<String, String> configOf(String user) {
        return store.get(ConfigEntityStore.quotaEntity(user, null)).map(EntityConfig::config).orElse(Map.of());
    }

    /** Every user entity ({@code /config/users/<u>}) with its config, by unsanitized name. */
    private Map<String, Map<String, String>> allUsers() {
        return usersOf(store.quotaEntities());
    }

    /** The user entities ({@code users/<u>}, not their client-id children) of {@code entities}, by unsanitized user name. */
    public static Map<String, Map<String, String>> usersOf(Map<String, EntityConfig> entities) {
        Map<String, Map<String, String>> users = new TreeMap<>();
        entities.forEach((path, config) -> {
            String[] parts = path.split("/");
            if (parts.length == 2 && parts[0].equals("users") && !parts[1].equals(ConfigEntityStore.DEFAULT)) {
                users.put(ConfigEntityStore.desanitize(parts[1]), config.config());
            }
        });
        return users;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
