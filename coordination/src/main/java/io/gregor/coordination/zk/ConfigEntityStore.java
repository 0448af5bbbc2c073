package io.gregor.coordination.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dynamic config entities under {@code /config} other than topics, in Kafka's ZooKeeper
 * layout: broker configs ({@code brokers/<id>}, {@code brokers/<default>}) and client quotas
 * ({@code users/<user>}, {@code clients/<client-id>}, {@code users/<user>/clients/<client-id>},
 * each name possibly {@code <default>}). An entity is named by its path relative to
 * {@code /config} (the {@code entity_path} of Kafka's change notifications); user and client-id
 * names are sanitized in paths as Kafka's {@code Sanitizer} does (URL encoding, {@code *} as
 * {@code %2A}, space as {@code %20}). Every write replaces the entity's whole config and posts a
 * {@code config_change_} notification in the same multi-op. Blocks on ZooKeeper; thread-safe.
 */
public final class ConfigEntityStore {
    /** Kafka's name of the default entity ({@code ConfigEntityName.DEFAULT}). */
    public static final String DEFAULT = "<default>";

    private final GregorZkClient zk;
    private final CuratorFramework curator;
    private final ZkPaths paths;

    public ConfigEntityStore(GregorZkClient zk) {
        this.zk = zk;
        this.curator = zk.curator();
        this.paths = zk.paths();
    }

    /** {@code brokers/<id>} or, for an empty or null id, {@code brokers/<default>}. */
    public static String brokerEntity(String brokerId) {
        return "brokers/" + (brokerId == null || brokerId.isEmpty() ? DEFAULT : brokerId);
    }

    /**
     * The entity path of a client quota entity: {@code users/<u>}, {@code clients/<c>} or
     * {@code users/<u>/clients/<c>}; a null name (absent) leaves that part out, {@link #DEFAULT}
     * names the default entity.
     */
    public static String quotaEntity(String user, String clientId) {
        if (user == null && clientId == null) {
            throw new IllegalArgumentException("a quota entity names a user, a client id or both");
        }
        String userPart = user == null ? null : "users/" + sanitize(user);
        String clientPart = clientId == null ? null : "clients/" + sanitize(clientId);
        return userPart == null ? clientPart : clientPart == null ? userPart : userPart + "/" + clientPart;
    }

    /** Kafka's {@code Sanitizer.sanitize}: URL encoding, with {@code *} and space percent-encoded; {@code <default>} kept. */
    public static String sanitize(String name) {
        if (name.equals(DEFAULT)) {
            return name;
        }
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    /** The inverse of {@link #sanitize}. */
    public static String desanitize(String name) {
        return name.equals(DEFAULT) ? name : URLDecoder.decode(name, StandardCharsets.UTF_8);
    }

    /** The config of an entity, empty when its znode does not exist. */
    public Optional<EntityConfig> get(String entityPath) {
        String path = znode(entityPath);
        return zk.read(path).filter(r -> r.data() != null && r.data().length > 0) // a parent made by ensurePath
                .map(r -> EntityConfig.fromJson(path, r.data()));
    }

    /** Replaces an entity's config (creating the znode and its parents) and posts a change notification. */
    public void set(String entityPath, EntityConfig config) {
        String path = znode(entityPath);
        zk.ensurePath(paths.configChanges());
        zk.ensurePath(path.substring(0, path.lastIndexOf('/')));
        try {
            Stat stat = curator.checkExists().forPath(path);
            zk.multi(List.of(stat == null
                            ? curator.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(path, config.toJson())
                            : curator.transactionOp().setData().forPath(path, config.toJson()),
                    curator.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                            .forPath(paths.configChangeSequencePrefix(), new ConfigChangeNotification(entityPath).toJson())));
        } catch (Exception e) {
            throw ZkOperationException.wrap("changeConfig", path, e);
        }
    }

    /**
     * Every client quota entity with a config znode, by entity path: {@code users/<u>},
     * {@code users/<u>/clients/<c>} and {@code clients/<c>} (names sanitized, as in the paths).
     */
    public Map<String, EntityConfig> quotaEntities() {
        List<String> entities = new ArrayList<>();
        for (String user : zk.children(paths.configEntityType("users"))) {
            entities.add("users/" + user);
            for (String client : zk.children(paths.configEntityType("users") + "/" + user + "/clients")) {
                entities.add("users/" + user + "/clients/" + client);
            }
        }
        for (String client : zk.children(paths.configEntityType("clients"))) {
            entities.add("clients/" + client);
        }
        Map<String, EntityConfig> result = new LinkedHashMap<>();
        for (String entity : entities) {
            get(entity).ifPresent(config -> result.put(entity, config));
        }
        return result;
    }

    private String znode(String entityPath) {
        String[] parts = entityPath.split("/");
        if (parts.length != 2 && parts.length != 4) {
            throw new IllegalArgumentException("Invalid config entity path '" + entityPath + "'");
        }
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("Invalid config entity path '" + entityPath + "'");
            }
        }
        return paths.configEntityType(parts[0]) + entityPath.substring(parts[0].length());
    }
}
