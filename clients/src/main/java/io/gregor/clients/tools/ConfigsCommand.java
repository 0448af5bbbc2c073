package io.gregor.clients.tools;

import io.gregor.clients.admin.AlterConfigOp;
import io.gregor.clients.admin.ClientQuotaEntity;
import io.gregor.clients.admin.ClientQuotaFilter;
import io.gregor.clients.admin.ConfigEntry;
import io.gregor.clients.admin.ConfigResource;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.network.GregorApiException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-configs.sh}: describe and alter the configs of topics, brokers and the brokers'
 * cluster default, the client quotas of users and client ids and users' SCRAM credentials
 * ({@link ScramUserConfigs}), with the flags and output of
 * Kafka's {@code kafka-configs.sh} ({@code --bootstrap-server} mode). Exit code 0 on success, 1 on
 * a usage or broker error.
 */
public final class ConfigsCommand {
    private static final List<String> TYPES = List.of("topics", "brokers", "users", "clients");
    private static final List<String> QUOTA_KEYS = List.of("producer_byte_rate", "consumer_byte_rate",
            "request_percentage", "controller_mutation_rate");

    private ConfigsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("Add/Remove entity config for a topic, client, user or broker, or describe them.")
                .option("bootstrap-server", "server to connect to", "REQUIRED: The Gregor (Kafka protocol) server to connect to, host:port.")
                .option("command-config", "command config property file", "A file of admin client properties.")
                .flag("describe", "List configs for the given entity.")
                .flag("alter", "Alter the configuration for the entity.")
                .repeatable("entity-type", "topics/clients/users/brokers", "Type of entity (topics/clients/users/brokers).")
                .repeatable("entity-name", "name", "Name of entity (topic name/client id/user principal name/broker id).")
                .flag("entity-default", "Default entity name for clients/users/brokers (applies to the corresponding entity type).")
                .option("topic", "topic", "The topic's name (same as --entity-type topics --entity-name <topic>).")
                .option("broker", "broker id", "The broker's id (same as --entity-type brokers --entity-name <id>).")
                .flag("broker-defaults", "The config defaults for all brokers (same as --entity-type brokers --entity-default).")
                .option("user", "user principal", "The user's principal name (same as --entity-type users --entity-name <user>).")
                .flag("user-defaults", "The config defaults for all users.")
                .option("client", "client id", "The client's id (same as --entity-type clients --entity-name <client>).")
                .flag("client-defaults", "The config defaults for all clients.")
                .option("add-config", "k1=v1,k2=[v1,v2,v2],k3=v3", "Key value pairs of configs to add; square brackets group values that contain commas"
                        + " (a user's SCRAM credential: 'SCRAM-SHA-512=[iterations=8192,password=secret]').")
                .option("delete-config", "k1,k2", "Config keys to remove.")
                .flag("all", "With --describe: list all configs of the entity, not only the dynamic ones.");
    }

    /**
     * One entity named on the command line: its type (plural, as Kafka's flags) and name; a null
     * name is the default entity ({@code isDefault}) or, without it, every entity of the type.
     */
    record Entity(String type, String name, boolean isDefault) {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, args, out, err));
    }

    private static int runParsed(CommandLine cl, String[] args, PrintStream out, PrintStream err) throws CommandLine.UsageException {
        try {
            if (cl.has("describe") == cl.has("alter")) {
                throw new CommandLine.UsageException("Command must include exactly one action: --describe, --alter");
            }
            String server = cl.required("bootstrap-server");
            List<Entity> entities = entities(cl);
            if (cl.has("alter") && entities.stream().anyMatch(e -> e.name() == null && !e.isDefault())) {
                throw new CommandLine.UsageException("--entity-name or --entity-default must be specified with --alter");
            }
            if (cl.has("alter") && !cl.has("add-config") && !cl.has("delete-config")) {
                throw new CommandLine.UsageException("At least one of --add-config or --delete-config must be specified with --alter");
            }
            Map<String, Object> adminProps = AdminCommand.adminProperties(cl, "command-config", Map.of());
            try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
                if (cl.has("alter")) {
                    alter(admin, entities, parseAdd(cl.get("add-config")), parseDelete(cl.get("delete-config")), out);
                } else {
                    describe(admin, entities, cl.has("all"), out);
                }
            }
            return 0;
        } catch (GregorApiException | IllegalArgumentException e) {
            err.println("Error while executing config command with args '" + ScramUserConfigs.hidePasswords(String.join(" ", args)) + "'");
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The entities of {@code --entity-type/--entity-name/--entity-default} and the shortcut flags, in order. */
    static List<Entity> entities(CommandLine cl) throws CommandLine.UsageException {
        List<Entity> entities = new ArrayList<>();
        List<String> types = cl.getAll("entity-type");
        List<String> names = new ArrayList<>(cl.getAll("entity-name"));
        boolean entityDefault = cl.has("entity-default");
        for (String type : types) {
            if (!TYPES.contains(type)) {
                throw new CommandLine.UsageException("Invalid entity type " + type + ", the entity type must be one of "
                        + String.join(", ", TYPES));
            }
            if (!names.isEmpty()) {
                entities.add(new Entity(type, names.remove(0), false));
            } else {
                entities.add(new Entity(type, null, entityDefault));
                entityDefault = false;
            }
        }
        if (cl.has("user") || cl.has("user-defaults")) {
            entities.add(new Entity("users", cl.get("user"), !cl.has("user")));
        }
        if (cl.has("client") || cl.has("client-defaults")) {
            entities.add(new Entity("clients", cl.get("client"), !cl.has("client")));
        }
        if (cl.has("topic")) {
            entities.add(new Entity("topics", cl.get("topic"), false));
        }
        if (cl.has("broker") || cl.has("broker-defaults")) {
            entities.add(new Entity("brokers", cl.get("broker"), !cl.has("broker")));
        }
        if (entities.isEmpty()) {
            throw new CommandLine.UsageException("At least one entity type must be specified");
        }
        boolean quota = entities.stream().anyMatch(e -> e.type().equals("users") || e.type().equals("clients"));
        if (entities.size() > 1 && (!quota || entities.size() > 2
                || entities.stream().anyMatch(e -> e.type().equals("topics") || e.type().equals("brokers")))) {
            throw new CommandLine.UsageException("Only one entity type is allowed, except users with clients");
        }
        if (entities.size() == 2 && entities.get(0).type().equals("clients")) {
            entities = List.of(entities.get(1), entities.get(0)); // user first, as Kafka names the entity
        }
        return entities;
    }

    /** {@code k1=v1,k2=[v1,v2],k3=v3}: commas inside square brackets belong to the value. */
    static Map<String, String> parseAdd(String text) throws CommandLine.UsageException {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null) {
            return result;
        }
        List<String> pairs = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                pairs.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        pairs.add(current.toString());
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.UsageException("Invalid entity config: all configs to be added must be in the format \"key=val\".");
            }
            String value = pair.substring(eq + 1).trim();
            if (value.startsWith("[") && value.endsWith("]")) {
                value = value.substring(1, value.length() - 1);
            }
            result.put(pair.substring(0, eq).trim(), value);
        }
        return result;
    }

    static List<String> parseDelete(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String key : text.split(",")) {
            if (!key.isBlank()) {
                keys.add(key.trim());
            }
        }
        return keys;
    }

    private static ConfigResource resource(Entity entity) {
        return entity.type().equals("topics") ? ConfigResource.topic(entity.name())
                : new ConfigResource(ConfigResource.Type.BROKER, entity.name() == null ? "" : entity.name());
    }

    private static boolean isQuota(List<Entity> entities) {
        return entities.get(0).type().equals("users") || entities.get(0).type().equals("clients");
    }

    private static ClientQuotaEntity quotaEntity(List<Entity> entities) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Entity e : entities) {
            entries.put(e.type().equals("users") ? ClientQuotaEntity.USER : ClientQuotaEntity.CLIENT_ID, e.name());
        }
        return new ClientQuotaEntity(entries);
    }

    private static void alter(GregorAdmin admin, List<Entity> entities, Map<String, String> add, List<String> delete,
                              PrintStream out) throws CommandLine.UsageException {
        Entity head = entities.get(0);
        if (isQuota(entities) && ScramUserConfigs.isCredentialChange(entities, add, delete, QUOTA_KEYS)) {
            ScramUserConfigs.alter(admin, head.name(), add, delete);
        } else if (isQuota(entities)) {
            Map<String, Double> changes = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : add.entrySet()) {
                if (!QUOTA_KEYS.contains(e.getKey())) {
                    throw new CommandLine.UsageException("Invalid config(s): " + e.getKey());
                }
                try {
                    changes.put(e.getKey(), Double.parseDouble(e.getValue()));
                } catch (NumberFormatException notNumber) {
                    throw new CommandLine.UsageException("Cannot parse quota configuration value for " + e.getKey() + ": " + e.getValue());
                }
            }
            delete.forEach(key -> changes.put(key, null));
            admin.alterClientQuotas(quotaEntity(entities), changes, false);
        } else {
            if (head.type().equals("topics") && head.name() == null) {
                throw new CommandLine.UsageException("--entity-name must be specified with --alter of topics");
            }
            List<AlterConfigOp> ops = new ArrayList<>();
            add.forEach((k, v) -> ops.add(AlterConfigOp.set(k, v)));
            delete.forEach(k -> ops.add(AlterConfigOp.delete(k)));
            admin.alterConfigs(resource(head), ops, false);
        }
        String type = head.type().substring(0, head.type().length() - 1);
        out.println(head.name() != null ? "Completed updating config for " + type + " " + head.name() + "."
                : "Completed updating default config for " + head.type() + " in the cluster.");
    }

    private static void describe(GregorAdmin admin, List<Entity> entities, boolean all, PrintStream out) {
        if (isQuota(entities)) {
            List<ClientQuotaFilter> filter = new ArrayList<>();
            for (Entity e : entities) {
                String type = e.type().equals("users") ? ClientQuotaEntity.USER : ClientQuotaEntity.CLIENT_ID;
                filter.add(e.name() != null ? ClientQuotaFilter.exact(type, e.name())
                        : e.isDefault() ? ClientQuotaFilter.ofDefault(type) : ClientQuotaFilter.any(type));
            }
            admin.describeClientQuotas(filter, true).forEach((entity, values) -> out.println("Quota configs for "
                    + entityText(entity) + " are " + values.entrySet().stream().map(v -> v.getKey() + "=" + v.getValue())
                    .collect(Collectors.joining(", "))));
            if (entities.stream().allMatch(e -> e.type().equals("users") && !e.isDefault())) {
                ScramUserConfigs.describe(admin, entities.stream().map(Entity::name).filter(n -> n != null).toList(), out);
            }
            return;
        }
        Entity entity = entities.get(0);
        List<String> names = new ArrayList<>();
        if (entity.name() != null) {
            names.add(entity.name());
        } else if (entity.isDefault()) {
            names.add("");
        } else if (entity.type().equals("topics")) {
            names.addAll(admin.listTopics(true));
        } else {
            admin.describeCluster().nodes().forEach(n -> names.add(Integer.toString(n.id())));
            names.add("");
        }
        for (String name : names) {
            Entity one = new Entity(entity.type(), name.isEmpty() ? null : name, name.isEmpty());
            List<ConfigEntry> configs = admin.describeConfigs(resource(one), true);
            String what = entity.type().equals("topics") ? "topic " + name : "broker " + name;
            if (one.name() == null) {
                out.println((all ? "All" : "Default") + " configs for brokers in the cluster are:");
            } else {
                out.println((all ? "All" : "Dynamic") + " configs for " + what + " are:");
            }
            for (ConfigEntry c : configs) {
                boolean dynamic = c.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                        || c.source() == (one.name() == null ? ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                        : ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
                if (all || dynamic) {
                    out.println("  " + c.name() + "=" + (c.sensitive() ? null : c.value()) + " sensitive=" + c.sensitive()
                            + " synonyms={" + c.synonyms().stream().map(s -> s.source() + ":" + s.name() + "=" + s.value())
                            .collect(Collectors.joining(", ")) + "}");
                }
            }
        }
    }

    /** Kafka's words for a quota entity: {@code user-principal 'alice', client-id 'app'}, or {@code the default client-id}. */
    private static String entityText(ClientQuotaEntity entity) {
        List<String> parts = new ArrayList<>();
        for (String type : List.of(ClientQuotaEntity.USER, ClientQuotaEntity.CLIENT_ID)) {
            if (entity.entries().containsKey(type)) {
                String word = type.equals(ClientQuotaEntity.USER) ? "user-principal" : "client-id";
                String name = entity.entries().get(type);
                parts.add(name == null ? "the default " + word : word + " '" + name + "'");
            }
        }
        return String.join(", ", parts);
    }
}
