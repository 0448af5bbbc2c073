package io.gregor.clients.tools;

import io.gregor.clients.admin.BatchResult;
import io.gregor.clients.admin.ConsumerGroupDescription;
import io.gregor.clients.admin.ConsumerGroupListing;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.MemberDescription;
import io.gregor.clients.admin.OffsetAndMetadata;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.tools.ConsumerGroupsOutput.OffsetRow;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-consumer-groups.sh}: list, describe, delete consumer groups, reset their
 * offsets and delete some of them ({@link OffsetDeletion}), with the flags and output of Kafka's
 * {@code kafka-consumer-groups.sh}. Exit code 0 on
 * success; 1 on a usage error (message and usage on stderr), a broker error, a group that does not
 * exist, a refused reset or a failed delete (an "Error: ..." line on stderr).
 */
public final class ConsumerGroupsCommand {
    /** Kafka's group states, as {@code --list --state} accepts them. */
    static final List<String> STATES = List.of("PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty",
            "Assigning", "Reconciling");
    private static final List<String> ACTIONS = List.of("list", "describe", "delete", "reset-offsets", "delete-offsets");
    private static final List<String> SCENARIOS = List.of("to-earliest", "to-latest", "to-current", "to-offset", "shift-by");

    private ConsumerGroupsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("List all consumer groups, describe a consumer group, delete consumer group info,"
                + " or reset consumer group offsets.")
                .option("bootstrap-server", "server to connect to", "REQUIRED: The Gregor (Kafka protocol) server to connect to, host:port.")
                .option("command-config", "command config property file", "A file of admin client properties.")
                .option("timeout", "Long: timeout (ms)", "How long a call to the cluster may take (default.api.timeout.ms).")
                .flag("list", "List all consumer groups.")
                .flag("describe", "Describe consumer groups: offsets and lag per partition (or --members, --state).")
                .flag("delete", "Delete consumer groups (their committed offsets); only groups without members.")
                .flag("reset-offsets", "Reset the offsets of inactive consumer groups (dry run unless --execute).")
                .flag("delete-offsets", "Delete the group's committed offsets of --topic (not of topics its members consume).")
                .repeatable("group", "consumer group", "The consumer group to act on (repeatable).")
                .flag("all-groups", "Act on every consumer group.")
                .repeatable("topic", "topic[:p,...]", "With --reset-offsets or --delete-offsets: a topic, or some of its"
                        + " partitions (repeatable).")
                .flag("all-topics", "With --reset-offsets: every partition the group has committed offsets for.")
                .flag("offsets", "With --describe: offsets and lag per partition (the default).")
                .flag("members", "With --describe: the members of the group.")
                .flag("verbose", "With --describe --members: each member's assigned partitions.")
                .optionalValue("state", "states", "With --describe: the group's state; with --list: show states, or only"
                        + " groups in these comma-separated states.", "")
                .flag("to-earliest", "Reset offsets to the log start offset.")
                .flag("to-latest", "Reset offsets to the log end offset.")
                .flag("to-current", "Reset offsets to the committed offset (the log end offset where none).")
                .option("to-offset", "Long: offset", "Reset offsets to this offset (kept within the log's range).")
                .option("shift-by", "Long: number of offsets", "Move committed offsets by this much, forward or back.")
                .flag("dry-run", "With --reset-offsets: only show the new offsets (the default).")
                .flag("execute", "With --reset-offsets: commit the new offsets.");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, out, err));
    }

    private static int runParsed(CommandLine cl, PrintStream out, PrintStream err) throws CommandLine.UsageException {
        try {
            String action = checkArgs(cl);
            List<TopicPartition> explicitPartitions = new ArrayList<>();
            List<String> wholeTopics = new ArrayList<>();
            parseTopics(cl.getAll("topic"), explicitPartitions, wholeTopics);
            Map<String, Object> adminProps = AdminCommand.adminProperties(cl, "command-config", Map.of());
            if (cl.has("timeout")) {
                adminProps.put("default.api.timeout.ms", String.valueOf(cl.longValue("timeout", 0)));
            }
            if (action.equals("reset-offsets") && !cl.has("execute") && !cl.has("dry-run")) {
                err.println("WARN: No action will be performed as the --execute option is missing. Add --dry-run to"
                        + " say that a dry run is meant, or --execute to reset the offsets.");
            }
            try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
                return switch (action) {
                    case "list" -> list(admin, cl, out);
                    case "describe" -> describe(admin, cl, groups(admin, cl), out, err);
                    case "delete" -> delete(admin, groups(admin, cl), out, err);
                    case "delete-offsets" -> OffsetDeletion.run(admin, cl.getAll("group").get(0), explicitPartitions,
                            wholeTopics, cl.getAll("topic"), out, err);
                    default -> new OffsetReset(admin, cl, explicitPartitions, wholeTopics).run(groups(admin, cl), out, err);
                };
            }
        } catch (GregorApiException | IllegalArgumentException e) {
            err.println("Error: Executing consumer group command failed due to " + e.getMessage());
            return 1;
        }
    }

    /** Kafka's argument rules; returns the one action. */
    private static String checkArgs(CommandLine cl) throws CommandLine.UsageException {
        List<String> actions = ACTIONS.stream().filter(cl::has).toList();
        if (actions.size() != 1) {
            throw new CommandLine.UsageException("Command must include exactly one action: --list, --describe, --delete,"
                    + " --reset-offsets, --delete-offsets");
        }
        String action = actions.get(0);
        cl.required("bootstrap-server");
        exclusive(cl, "group", "all-groups");
        if (!action.equals("list") && !cl.has("group") && !cl.has("all-groups")) {
            throw new CommandLine.UsageException("Option --" + action + " takes one of these options: --all-groups, --group");
        }
        if (action.equals("delete-offsets") && (!cl.has("group") || !cl.has("topic") || cl.has("all-groups")
                || cl.getAll("group").size() > 1)) {
            throw new CommandLine.UsageException("Option --delete-offsets takes the following options: --group, --topic"
                    + " (one group)");
        }
        onlyWith(cl, action, "group", "describe", "delete", "reset-offsets", "delete-offsets");
        onlyWith(cl, action, "all-groups", "describe", "delete", "reset-offsets");
        onlyWith(cl, action, "state", "describe", "list");
        for (String o : List.of("offsets", "members", "verbose")) {
            onlyWith(cl, action, o, "describe");
        }
        for (String o : List.of("all-topics", "dry-run", "execute", "to-earliest", "to-latest", "to-current", "to-offset", "shift-by")) {
            onlyWith(cl, action, o, "reset-offsets");
        }
        if (action.equals("delete") && cl.has("topic")) {
            throw new CommandLine.UsageException("The consumer does not support topic-specific offset deletion from a consumer group.");
        }
        onlyWith(cl, action, "topic", "reset-offsets", "delete-offsets");
        if (action.equals("describe")) {
            if (List.of("members", "offsets", "state").stream().filter(cl::has).count() > 1) {
                throw new CommandLine.UsageException("Option --describe takes at most one of these options: --members, --offsets, --state");
            }
            if (cl.has("state") && !cl.get("state").isEmpty()) {
                throw new CommandLine.UsageException("Option --describe does not take a value for --state");
            }
            if (cl.has("verbose") && !cl.has("members")) {
                throw new CommandLine.UsageException("Option --verbose can only be used with --describe --members");
            }
        }
        if (action.equals("list") && cl.has("state")) {
            parseStates(cl.get("state"));
        }
        if (action.equals("reset-offsets")) {
            exclusive(cl, "dry-run", "execute");
            List<String> scenarios = SCENARIOS.stream().filter(cl::has).toList();
            if (scenarios.size() > 1) {
                throw new CommandLine.UsageException("Option --" + scenarios.get(0) + " can't be used with option --" + scenarios.get(1));
            }
            if (scenarios.isEmpty()) {
                throw new CommandLine.UsageException("Option --reset-offsets requires one of the following scenarios: "
                        + SCENARIOS.stream().map(s -> "--" + s).collect(Collectors.joining(", ")));
            }
            exclusive(cl, "topic", "all-topics");
            if (!cl.has("topic") && !cl.has("all-topics")) {
                throw new CommandLine.UsageException("One of the reset scopes should be defined: --all-topics, --topic.");
            }
            cl.longValue("to-offset", 0);
            cl.longValue("shift-by", 0);
        }
        if (cl.has("timeout") && cl.longValue("timeout", 0) <= 0) {
            throw new CommandLine.UsageException("Option --timeout must be a positive number of milliseconds");
        }
        return action;
    }

    private static void exclusive(CommandLine cl, String a, String b) throws CommandLine.UsageException {
        if (cl.has(a) && cl.has(b)) {
            throw new CommandLine.UsageException("Option --" + a + " can't be used with option --" + b);
        }
    }

    private static void onlyWith(CommandLine cl, String action, String option, String... actions) throws CommandLine.UsageException {
        if (cl.has(option) && !List.of(actions).contains(action)) {
            throw new CommandLine.UsageException("Option --" + option + " can't be used with option --" + action);
        }
    }

    /** Comma-separated states, matched case-insensitively to Kafka's names. */
    static Set<String> parseStates(String text) throws CommandLine.UsageException {
        Set<String> states = new HashSet<>();
        if (text == null || text.isBlank()) {
            return states;
        }
        for (String s : text.split(",")) {
            String state = STATES.stream().filter(k -> k.equalsIgnoreCase(s.trim())).findFirst()
                    .orElseThrow(() -> new CommandLine.UsageException("Invalid state list '" + text + "'. Valid states are: "
                            + String.join(", ", STATES)));
            states.add(state.toLowerCase(Locale.ROOT));
        }
        return states;
    }

    /** {@code topic} or {@code topic:0,1,...} arguments, split into named partitions and whole topics. */
    static void parseTopics(List<String> args, List<TopicPartition> partitions, List<String> wholeTopics)
            throws CommandLine.UsageException {
        for (String arg : args) {
            if (!arg.contains(":")) {
                wholeTopics.add(arg);
                continue;
            }
            String[] parts = arg.split(":");
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new CommandLine.UsageException("Invalid topic arg '" + arg + "', expected topic name and partitions");
            }
            for (String p : parts[1].split(",")) {
                try {
                    partitions.add(new TopicPartition(parts[0], Integer.parseInt(p.trim())));
                } catch (NumberFormatException e) {
                    throw new CommandLine.UsageException("Invalid partition '" + p + "' specified in topic arg '" + arg + "'");
                }
            }
        }
    }

    private static List<String> groups(GregorAdmin admin, CommandLine cl) {
        if (cl.has("all-groups")) {
            return admin.listConsumerGroups().stream().map(ConsumerGroupListing::groupId).toList();
        }
        return cl.getAll("group");
    }

    private static int list(GregorAdmin admin, CommandLine cl, PrintStream out) throws CommandLine.UsageException {
        List<ConsumerGroupListing> groups = admin.listConsumerGroups();
        if (!cl.has("state")) {
            groups.forEach(g -> out.println(g.groupId()));
            return 0;
        }
        Set<String> states = parseStates(cl.get("state"));
        out.print(ConsumerGroupsOutput.listWithState(groups.stream()
                .filter(g -> states.isEmpty() || states.contains(g.state().toLowerCase(Locale.ROOT))).toList()));
        return 0;
    }

    private static int describe(GregorAdmin admin, CommandLine cl, List<String> groupIds, PrintStream out, PrintStream err) {
        int code = 0;
        Map<String, ConsumerGroupDescription> descriptions = new TreeMap<>(admin.describeConsumerGroups(groupIds));
        for (ConsumerGroupDescription d : descriptions.values()) {
            if (cl.has("members")) {
                code |= printMembers(admin, d, cl.has("verbose"), out, err);
            } else if (cl.has("state")) {
                code |= printState(admin, d, out, err);
            } else {
                code |= printOffsets(admin, d, out, err);
            }
        }
        return code;
    }

    /**
     * Kafka's notice before a group's table; returns false (after an error line) for a group that
     * does not exist. A "Dead" group that still has committed offsets is shown as one without
     * members: Gregor's coordinator reports groups it knows only from their offsets as Dead.
     */
    private static boolean announce(ConsumerGroupDescription d, boolean hasOffsets, PrintStream err) {
        String g = d.groupId();
        switch (d.state()) {
            case "Dead" -> {
                if (!hasOffsets) {
                    err.println("Error: Consumer group '" + g + "' does not exist.");
                    return false;
                }
                err.println("\nConsumer group '" + g + "' has no active members.");
            }
            case "Empty" -> err.println("\nConsumer group '" + g + "' has no active members.");
            case "PreparingRebalance", "CompletingRebalance", "Assigning", "Reconciling" ->
                    err.println("\nWarning: Consumer group '" + g + "' is rebalancing.");
            default -> {
            }
        }
        return true;
    }

    private static int printOffsets(GregorAdmin admin, ConsumerGroupDescription d, PrintStream out, PrintStream err) {
        String g = d.groupId();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g);
        if (!announce(d, !committed.isEmpty(), err)) {
            return 1;
        }
        // Kafka's order: members with the most partitions first, each member's partitions by number, then committed
        // partitions nobody is assigned
        List<MemberDescription> members = d.members().stream().filter(m -> !m.assignment().isEmpty())
                .sorted(Comparator.comparingInt((MemberDescription m) -> m.assignment().size()).reversed()).toList();
        Set<TopicPartition> all = new HashSet<>(committed.keySet());
        members.forEach(m -> all.addAll(m.assignment()));
        Map<TopicPartition, Long> logEnd = admin.listOffsets(all.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> GregorAdmin.LATEST_TIMESTAMP)));
        List<OffsetRow> rows = new ArrayList<>();
        Set<TopicPartition> assigned = new HashSet<>();
        for (MemberDescription m : members) {
            m.assignment().stream().sorted(Comparator.comparingInt(TopicPartition::partition)).forEach(tp -> {
                assigned.add(tp);
                rows.add(OffsetRow.of(g, tp, committedOffset(committed, tp), logEnd.get(tp), m.consumerId(), m.host(), m.clientId()));
            });
        }
        committed.keySet().stream().filter(tp -> !assigned.contains(tp)).forEach(tp -> rows.add(OffsetRow.of(g, tp,
                committedOffset(committed, tp), logEnd.get(tp), ConsumerGroupsOutput.MISSING, ConsumerGroupsOutput.MISSING,
                ConsumerGroupsOutput.MISSING)));
        if (!rows.isEmpty()) {
            out.print(ConsumerGroupsOutput.offsets(rows));
        }
        return 0;
    }

    private static Long committedOffset(Map<TopicPartition, OffsetAndMetadata> committed, TopicPartition tp) {
        OffsetAndMetadata o = committed.get(tp);
        return o == null ? null : o.offset();
    }

    /** Whether a group described as Dead still has committed offsets (so exists for Kafka's tool); false for others. */
    private static boolean hasOffsetsIfDead(GregorAdmin admin, ConsumerGroupDescription d) {
        return d.state().equals("Dead") && !admin.listConsumerGroupOffsets(d.groupId()).isEmpty();
    }

    private static int printMembers(GregorAdmin admin, ConsumerGroupDescription d, boolean verbose, PrintStream out,
                                    PrintStream err) {
        if (!announce(d, hasOffsetsIfDead(admin, d), err)) {
            return 1;
        }
        if (!d.members().isEmpty()) {
            out.print(ConsumerGroupsOutput.members(d.groupId(), d.members(), verbose));
        }
        return 0;
    }

    private static int printState(GregorAdmin admin, ConsumerGroupDescription d, PrintStream out, PrintStream err) {
        if (!announce(d, hasOffsetsIfDead(admin, d), err)) {
            return 1;
        }
        out.print(ConsumerGroupsOutput.state(d));
        return 0;
    }

    private static int delete(GregorAdmin admin, List<String> groupIds, PrintStream out, PrintStream err) {
        BatchResult<Integer> result = admin.deleteConsumerGroups(groupIds);
        if (result.failed().isEmpty()) {
            out.println("Deletion of requested consumer groups ('" + String.join("', '", groupIds) + "') was successful.");
            return 0;
        }
        err.println("Error: Deletion of some consumer groups failed:");
        new TreeMap<>(result.failed()).forEach((group, e) -> err.println("* Group '" + group + "' could not be deleted due to: "
                + e.getMessage()));
        List<String> deleted = groupIds.stream().filter(result.succeeded()::containsKey).toList();
        if (!deleted.isEmpty()) {
            out.println("These consumer groups were deleted successfully: '" + String.join("', '", deleted) + "'");
        }
        return 1;
    }
}
