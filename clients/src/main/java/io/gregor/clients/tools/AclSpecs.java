package io.gregor.clients.tools;

import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.AclPermissionType;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the flags of {@code gregor-acls.sh} mean, derived as Kafka's AclCommand derives it and
 * without talking to a broker: the resource patterns (or, for --list/--remove, pattern filters,
 * which may be of type MATCH or ANY) named by --topic/--group/--cluster/..., and the entries for
 * each: every allowed principal x operation x allowed host and every denied one, or the fixed
 * sets of the --producer and --consumer shortcuts. Stateless.
 */
final class AclSpecs {
    /** The one cluster resource, as Kafka's tool names it. */
    static final ResourcePattern CLUSTER = ResourcePattern.literal(ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME);

    private AclSpecs() {
    }

    /** The value of --resource-pattern-type (literal when absent), any case; UNKNOWN is refused. */
    static PatternType patternType(CommandLine cl) throws CommandLine.UsageException {
        String text = cl.get("resource-pattern-type");
        if (text == null) {
            return PatternType.LITERAL;
        }
        PatternType type = PatternType.fromName(text);
        if (type == PatternType.UNKNOWN) {
            throw new CommandLine.UsageException("Unknown resource-pattern-type: " + text
                    + " (one of ANY|MATCH|LITERAL|PREFIXED)");
        }
        return type;
    }

    /**
     * The resources the flags name, in Kafka's order (topics, cluster, groups, transactional ids,
     * delegation tokens, user principals); --cluster only with a literal pattern type, as Kafka.
     */
    static Set<ResourcePattern> resources(CommandLine cl, boolean required) throws CommandLine.UsageException {
        PatternType type = patternType(cl);
        Set<ResourcePattern> resources = new LinkedHashSet<>();
        cl.getAll("topic").forEach(t -> resources.add(new ResourcePattern(ResourceType.TOPIC, t.trim(), type)));
        if (type == PatternType.LITERAL && (cl.has("cluster") || cl.has("idempotent"))) {
            resources.add(CLUSTER);
        }
        cl.getAll("group").forEach(g -> resources.add(new ResourcePattern(ResourceType.GROUP, g.trim(), type)));
        cl.getAll("transactional-id").forEach(t -> resources.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, t, type)));
        cl.getAll("delegation-token").forEach(t -> resources.add(new ResourcePattern(ResourceType.DELEGATION_TOKEN, t.trim(), type)));
        cl.getAll("user-principal").forEach(u -> resources.add(new ResourcePattern(ResourceType.USER, u.trim(), type)));
        if (resources.isEmpty() && required) {
            throw new CommandLine.UsageException("You must provide at least one resource: --topic <topic> or --cluster or"
                    + " --group <group> or --delegation-token <Delegation Token ID>");
        }
        return resources;
    }

    /** A principal as {@code Type:name}, checked as Kafka parses it. */
    static String principal(String text) throws CommandLine.UsageException {
        String trimmed = text == null ? "" : text.trim();
        int colon = trimmed.indexOf(':');
        if (colon < 0) {
            throw new CommandLine.UsageException("expected a string in format principalType:principalName but got " + text);
        }
        return trimmed;
    }

    static Set<String> principals(CommandLine cl, String option) throws CommandLine.UsageException {
        Set<String> principals = new LinkedHashSet<>();
        for (String p : cl.getAll(option)) {
            principals.add(principal(p));
        }
        return principals;
    }

    /** The hosts of {@code hostOption}, or {@code *} when only principals were given. */
    private static Set<String> hosts(CommandLine cl, String hostOption, String principalOption) {
        if (cl.has(hostOption)) {
            return cl.getAll(hostOption).stream().map(String::trim).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return cl.has(principalOption) ? Set.of(AclEntry.WILDCARD_HOST) : Set.of();
    }

    /** Every allowed principal x operation x host, then every denied one. */
    static Set<AclEntry> entries(CommandLine cl, Set<AclOperation> operations) throws CommandLine.UsageException {
        Set<AclEntry> entries = new LinkedHashSet<>();
        add(entries, principals(cl, "allow-principal"), AclPermissionType.ALLOW, operations,
                hosts(cl, "allow-host", "allow-principal"));
        add(entries, principals(cl, "deny-principal"), AclPermissionType.DENY, operations,
                hosts(cl, "deny-host", "deny-principal"));
        return entries;
    }

    private static void add(Set<AclEntry> into, Set<String> principals, AclPermissionType permission,
                            Set<AclOperation> operations, Set<String> hosts) {
        for (String principal : principals) {
            for (AclOperation operation : operations) {
                for (String host : hosts) {
                    into.add(new AclEntry(principal, host, operation, permission));
                }
            }
        }
    }

    /** The operations of --operation (All when absent), parsed leniently as Kafka does; unknown ones are UNKNOWN. */
    static Set<AclOperation> operations(CommandLine cl) {
        List<String> names = cl.getAll("operation");
        if (names.isEmpty()) {
            return Set.of(AclOperation.ALL);
        }
        return names.stream().map(n -> AclOperation.fromName(n.trim()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Each resource (pattern, or filter for --remove) with the entries to add or remove: from
     * --operation and the principal/host flags, or from --producer and --consumer (both may be
     * given; a topic named by both gets the union). Operations a resource type does not support
     * are refused with Kafka's message.
     */
    static Map<ResourcePattern, Set<AclEntry>> resourceEntries(CommandLine cl) throws CommandLine.UsageException {
        Map<ResourcePattern, Set<AclEntry>> result = new LinkedHashMap<>();
        boolean producer = cl.has("producer");
        boolean consumer = cl.has("consumer");
        if (!producer && !consumer) {
            Set<AclEntry> entries = entries(cl, operations(cl));
            for (ResourcePattern r : resources(cl, true)) {
                result.put(r, entries);
            }
        }
        if (producer) {
            Set<AclEntry> topicEntries = entries(cl, ops(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE));
            Set<AclEntry> transactionalEntries = entries(cl, ops(AclOperation.WRITE, AclOperation.DESCRIBE));
            for (ResourcePattern r : resources(cl, true)) {
                if (r.resourceType() == ResourceType.TOPIC) {
                    result.put(r, topicEntries);
                } else if (r.resourceType() == ResourceType.TRANSACTIONAL_ID) {
                    result.put(r, transactionalEntries);
                }
            }
            if (cl.has("idempotent")) {
                result.put(CLUSTER, entries(cl, ops(AclOperation.IDEMPOTENT_WRITE)));
            }
        }
        if (consumer) {
            Set<AclEntry> topicEntries = entries(cl, ops(AclOperation.READ, AclOperation.DESCRIBE));
            Set<AclEntry> groupEntries = entries(cl, ops(AclOperation.READ));
            for (ResourcePattern r : resources(cl, true)) {
                Set<AclEntry> adding = r.resourceType() == ResourceType.TOPIC ? topicEntries
                        : r.resourceType() == ResourceType.GROUP ? groupEntries : null;
                if (adding != null) {
                    Set<AclEntry> merged = new LinkedHashSet<>(result.getOrDefault(r, Set.of()));
                    merged.addAll(adding);
                    result.put(r, merged);
                }
            }
        }
        for (Map.Entry<ResourcePattern, Set<AclEntry>> e : result.entrySet()) {
            Set<AclOperation> valid = supportedOperations(e.getKey().resourceType());
            if (e.getValue().stream().anyMatch(acl -> !valid.contains(acl.operation()))) {
                throw new CommandLine.UsageException("ResourceType " + e.getKey().resourceType() + " only supports operations "
                        + valid.stream().map(AclOperation::kafkaName).collect(Collectors.joining(", ")));
            }
        }
        return result;
    }

    /** The operations an ACL on {@code type} may name (Kafka's table), plus All. */
    static Set<AclOperation> supportedOperations(ResourceType type) {
        Set<AclOperation> ops = switch (type) {
            case TOPIC -> ops(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
            case GROUP -> ops(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE); // Kafka 3.9's table
            case CLUSTER -> ops(AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);
            case TRANSACTIONAL_ID -> ops(AclOperation.DESCRIBE, AclOperation.WRITE);
            case DELEGATION_TOKEN -> ops(AclOperation.DESCRIBE);
            case USER -> ops(AclOperation.CREATE_TOKENS, AclOperation.DESCRIBE_TOKENS);
            default -> throw new IllegalArgumentException("Not a concrete resource type: " + type);
        };
        ops.add(AclOperation.ALL);
        return ops;
    }

    private static Set<AclOperation> ops(AclOperation... operations) {
        return new LinkedHashSet<>(List.of(operations));
    }

    /** Kafka's text of an entry: {@code (principal=User:alice, host=*, operation=READ, permissionType=ALLOW)}. */
    static String text(AclEntry entry) {
        return "(principal=" + entry.principal() + ", host=" + entry.host() + ", operation=" + entry.operation()
                + ", permissionType=" + entry.permissionType() + ")";
    }
}
