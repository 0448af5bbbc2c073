package io.gregor.clients.tools;

import io.gregor.clients.acl.AclBinding;
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclFilter;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.AclPermissionType;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.network.GregorApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-acls.sh}: add, remove and list ACLs through a broker (CreateAcls, DeleteAcls,
 * DescribeAcls), with the flags and output of Kafka's {@code kafka-acls.sh} in its
 * {@code --bootstrap-server} mode, including the --producer/--consumer shortcuts and the
 * confirmation question of --remove (skipped with --force). Exit code 0 on success, 1 on a usage
 * or broker error.
 */
public final class AclsCommand {
    private static final String NEWLINE = System.lineSeparator();
    private static final List<String> ACTIONS = List.of("add", "remove", "list");

    private AclsCommand() {
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, in, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("This tool helps to manage acls on Gregor (Kafka's kafka-acls.sh flags).")
                .option("bootstrap-server", "server to connect to", "REQUIRED: The Gregor (Kafka protocol) server to connect to, host:port.")
                .option("command-config", "command-config", "A property file containing configs to be passed to the admin client.")
                .flag("add", "Indicates you are trying to add ACLs.")
                .flag("remove", "Indicates you are trying to remove ACLs.")
                .flag("list", "List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource.")
                .repeatable("topic", "topic", "Topic to which ACLs should be added or removed; '*' means all topics.")
                .flag("cluster", "Add/Remove cluster ACLs.")
                .repeatable("group", "group", "Consumer group to which the ACLs should be added or removed; '*' means all groups.")
                .repeatable("transactional-id", "transactional-id", "The transactional id to which ACLs should be added or removed; '*' means all.")
                .repeatable("delegation-token", "delegation-token", "Delegation token to which ACLs should be added or removed; '*' means all.")
                .repeatable("user-principal", "user-principal", "A user principal as a resource (for CreateTokens or DescribeTokens).")
                .option("resource-pattern-type", "ANY|MATCH|LITERAL|PREFIXED", "The type of the resource pattern or filter (default literal);"
                        + " adding needs literal or prefixed; any matches every pattern type by exact name, match every pattern that"
                        + " applies to the name (use with care with --remove).")
                .repeatable("operation", "operation", "Operation that is being allowed or denied (repeatable): All, Read, Write, Create,"
                        + " Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens,"
                        + " DescribeTokens. Default All.")
                .repeatable("allow-principal", "allow-principal", "principal in principalType:name format, e.g. User:alice; User:* is every user.")
                .repeatable("deny-principal", "deny-principal", "principal in principalType:name format to deny; deny rules take precedence.")
                .repeatable("allow-host", "allow-host", "Host from which --allow-principal principals have access (default * with --allow-principal).")
                .repeatable("deny-host", "deny-host", "Host from which --deny-principal principals are denied (default * with --deny-principal).")
                .repeatable("principal", "principal", "With --list: list the ACLs of this principal only (repeatable).")
                .flag("producer", "Convenience option to add/remove ACLs for the producer role: Write, Describe and Create on the topic.")
                .flag("consumer", "Convenience option to add/remove ACLs for the consumer role: Read, Describe on the topic and Read on the group.")
                .flag("idempotent", "With --producer: also IdempotentWrite on the cluster.")
                .flag("force", "Assume Yes to all queries and do not prompt.");
    }

    /** Runs the command, reading confirmations from {@code in}; returns the process exit code. */
    public static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, in, out, err));
    }

    private static int runParsed(CommandLine cl, BufferedReader in, PrintStream out, PrintStream err)
            throws CommandLine.UsageException {
        try {
            check(cl);
            PatternType patternType = AclSpecs.patternType(cl);
            if (cl.has("add") && !patternType.isSpecific()) {
                throw new CommandLine.UsageException("A '--resource-pattern-type' value of '" + patternType
                        + "' is not valid when adding acls.");
            }
            Map<ResourcePattern, Set<AclEntry>> entries = cl.has("list") ? Map.of() : AclSpecs.resourceEntries(cl);
            if (cl.has("add") && entries.values().stream().anyMatch(Set::isEmpty)) {
                throw new CommandLine.UsageException("You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.");
            }
            Set<ResourcePattern> listed = cl.has("list") ? AclSpecs.resources(cl, false) : Set.of();
            Set<String> listPrincipals = AclSpecs.principals(cl, "principal");
            Map<String, Object> adminProps = AdminCommand.adminProperties(cl, "command-config", Map.of());
            try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
                if (cl.has("add")) {
                    add(admin, entries, out);
                } else if (cl.has("remove")) {
                    remove(admin, entries, cl.has("force"), in, out);
                } else {
                    list(admin, listed, listPrincipals, out);
                }
            }
            return 0;
        } catch (GregorApiException | IllegalArgumentException e) {
            err.println("Error while executing ACL command: " + e.getMessage());
            return 1;
        }
    }

    /** Kafka's checks of the flag combinations, in its order and words. */
    static void check(CommandLine cl) throws CommandLine.UsageException {
        if (!cl.has("bootstrap-server")) {
            throw new CommandLine.UsageException("One of --bootstrap-server or --bootstrap-controller must be specified");
        }
        if (ACTIONS.stream().filter(cl::has).count() != 1) {
            throw new CommandLine.UsageException("Command must include exactly one action: --list, --add, --remove. ");
        }
        invalidWith(cl, "list", "producer", "consumer", "allow-host", "allow-principal", "deny-host", "deny-principal");
        invalidWith(cl, "producer", "operation", "deny-principal", "deny-host");
        invalidWith(cl, "consumer", "operation", "deny-principal", "deny-host");
        if (cl.has("principal") && !cl.has("list")) {
            throw new CommandLine.UsageException("The --principal option is only available if --list is set");
        }
        if (cl.has("producer") && !cl.has("topic")) {
            throw new CommandLine.UsageException("With --producer you must specify a --topic");
        }
        if (cl.has("idempotent") && !cl.has("producer")) {
            throw new CommandLine.UsageException("The --idempotent option is only available if --producer is set");
        }
        if (cl.has("consumer") && (!cl.has("topic") || !cl.has("group")
                || (!cl.has("producer") && (cl.has("cluster") || cl.has("transactional-id"))))) {
            throw new CommandLine.UsageException("With --consumer you must specify a --topic and a --group and no --cluster or"
                    + " --transactional-id option should be specified.");
        }
        AclSpecs.patternType(cl);
    }

    private static void invalidWith(CommandLine cl, String option, String... invalid) throws CommandLine.UsageException {
        if (!cl.has(option)) {
            return;
        }
        for (String other : invalid) {
            if (cl.has(other)) {
                throw new CommandLine.UsageException("Option \"[" + option + "]\" can't be used with option \"[" + other + "]\"");
            }
        }
    }

    private static String entriesText(Set<AclEntry> entries) {
        return entries.stream().map(e -> "\t" + AclSpecs.text(e)).collect(Collectors.joining(NEWLINE));
    }

    private static void add(GregorAdmin admin, Map<ResourcePattern, Set<AclEntry>> entries, PrintStream out) {
        for (Map.Entry<ResourcePattern, Set<AclEntry>> e : entries.entrySet()) {
            out.println("Adding ACLs for resource `" + e.getKey() + "`: " + NEWLINE + " " + entriesText(e.getValue()) + " " + NEWLINE);
            admin.createAcls(e.getValue().stream().map(acl -> new AclBinding(e.getKey(), acl)).toList());
        }
    }

    private static void remove(GregorAdmin admin, Map<ResourcePattern, Set<AclEntry>> entries, boolean force,
                               BufferedReader in, PrintStream out) {
        for (Map.Entry<ResourcePattern, Set<AclEntry>> e : entries.entrySet()) {
            ResourcePattern filter = e.getKey();
            String question = e.getValue().isEmpty()
                    ? "Are you sure you want to delete all ACLs for resource filter `" + filter + "`? (y/n)"
                    : "Are you sure you want to remove ACLs: " + NEWLINE + " " + entriesText(e.getValue()) + " " + NEWLINE
                    + " from resource filter `" + filter + "`? (y/n)";
            if (!force && !confirmed(question, in, out)) {
                continue;
            }
            List<AclFilter> filters = new ArrayList<>();
            if (e.getValue().isEmpty()) {
                filters.add(new AclFilter(filter.resourceType(), filter.name(), filter.patternType(), null, null,
                        AclOperation.ANY, AclPermissionType.ANY));
            } else {
                for (AclEntry acl : e.getValue()) {
                    filters.add(new AclFilter(filter.resourceType(), filter.name(), filter.patternType(), acl.principal(),
                            acl.host(), acl.operation(), acl.permissionType()));
                }
            }
            admin.deleteAcls(filters);
        }
    }

    private static boolean confirmed(String question, BufferedReader in, PrintStream out) {
        out.println(question);
        try {
            String answer = in.readLine();
            return answer != null && answer.trim().equalsIgnoreCase("y");
        } catch (IOException e) {
            return false;
        }
    }

    private static void list(GregorAdmin admin, Set<ResourcePattern> resources, Set<String> principals, PrintStream out) {
        List<AclBinding> bindings = new ArrayList<>();
        if (resources.isEmpty()) {
            bindings.addAll(admin.describeAcls(new AclFilter(ResourceType.ANY, null, PatternType.ANY, null, null,
                    AclOperation.ANY, AclPermissionType.ANY)));
        } else {
            for (ResourcePattern r : resources) {
                bindings.addAll(admin.describeAcls(new AclFilter(r.resourceType(), r.name(), r.patternType(), null, null,
                        AclOperation.ANY, AclPermissionType.ANY)));
            }
        }
        Map<ResourcePattern, Set<AclEntry>> byResource = new LinkedHashMap<>();
        bindings.forEach(b -> byResource.computeIfAbsent(b.pattern(), p -> new LinkedHashSet<>()).add(b.entry()));
        if (principals.isEmpty()) {
            print(byResource, out);
            return;
        }
        for (String principal : principals) {
            out.println("ACLs for principal `" + principal + "`");
            Map<ResourcePattern, Set<AclEntry>> own = new LinkedHashMap<>();
            byResource.forEach((pattern, acls) -> {
                Set<AclEntry> mine = acls.stream().filter(a -> a.principal().equals(principal))
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                if (!mine.isEmpty()) {
                    own.put(pattern, mine);
                }
            });
            print(own, out);
        }
    }

    private static void print(Map<ResourcePattern, Set<AclEntry>> byResource, PrintStream out) {
        byResource.forEach((pattern, acls) -> out.println("Current ACLs for resource `" + pattern + "`: " + NEWLINE + " "
                + entriesText(acls) + " " + NEWLINE));
    }
}
