package io.gregor.coordination.tools;

import io.gregor.clients.admin.AlterConfigOp;
import io.gregor.clients.admin.ConfigResource;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.PartitionReassignment;
import io.gregor.clients.admin.PartitionResults;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.tools.AdminCommand;
import io.gregor.clients.tools.CommandLine;
import io.gregor.clients.tools.CommandLine.UsageException;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.BrokerRack;
import io.gregor.coordination.admin.ReplicaAssignor;
import io.gregor.coordination.tools.ReassignmentJson.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-reassign-partitions.sh}: moves partitions between brokers with the flags, JSON
 * files and messages of Kafka's {@code kafka-reassign-partitions.sh}: {@code --generate} proposes an
 * assignment of some topics over a broker list, {@code --execute} starts a reassignment (optionally
 * throttled), {@code --verify} reports its progress and removes the throttles once it is complete,
 * {@code --cancel} reverts moves in progress, {@code --list} shows them. Replicas the file names a
 * log dir for ({@code log_dirs} other than "any") are also moved between their broker's log
 * directories ({@link LogDirMoves}). Exit code 0 on success, 1 on a usage, file or broker error.
 */
public final class ReassignPartitionsCommand {
    static final String CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE = "Cannot execute because there is an existing partition"
            + " assignment.  Use --additional to override this and create a new partition assignment in addition to the"
            + " existing one. The --additional flag can also be used to change the throttle by resubmitting the current"
            + " reassignment.";
    static final String YOU_MUST_RUN_VERIFY_PERIODICALLY_MESSAGE = "Warning: You must run --verify periodically, until the"
            + " reassignment completes, to ensure the throttle is removed.";
    private static final List<String> ACTIONS = List.of("generate", "execute", "verify", "cancel", "list");
    private static final Map<String, Set<String>> PERMITTED = Map.of(
            "generate", Set.of("topics-to-move-json-file", "broker-list", "disable-rack-aware"),
            "execute", Set.of("reassignment-json-file", "additional", "throttle", "replica-alter-log-dirs-throttle", "timeout"),
            "verify", Set.of("reassignment-json-file", "preserve-throttles"),
            "cancel", Set.of("reassignment-json-file", "preserve-throttles", "timeout"),
            "list", Set.of());
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "generate", List.of("topics-to-move-json-file", "broker-list"),
            "execute", List.of("reassignment-json-file"),
            "verify", List.of("reassignment-json-file"),
            "cancel", List.of("reassignment-json-file"),
            "list", List.of());

    /** A failure the command reports with its message alone (Kafka's terse errors). */
    static final class CommandFailedException extends RuntimeException {
        CommandFailedException(String message) {
            super(message);
        }
    }

    private ReassignPartitionsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("This tool helps to move topic partitions between replicas.")
                .option("bootstrap-server", "Server(s) to use for bootstrapping", "REQUIRED: the server(s) to use for bootstrapping.")
                .option("command-config", "Admin client property file", "Property file containing configs to be passed to the admin client.")
                .flag("generate", "Generate a candidate partition reassignment configuration. It does not execute it.")
                .flag("execute", "Kick off the reassignment as specified by the --reassignment-json-file option.")
                .flag("verify", "Verify if the reassignment completed as specified by the --reassignment-json-file option;"
                        + " once it has, the throttles are removed.")
                .flag("cancel", "Cancel an active reassignment.")
                .flag("list", "List all active partition reassignments.")
                .option("reassignment-json-file", "manual assignment json file path", "The JSON file with the partition"
                        + " reassignment configuration: {\"partitions\":[{\"topic\":\"foo\",\"partition\":1,\"replicas\":[1,2,3],"
                        + "\"log_dirs\":[\"any\",\"any\",\"any\"]}],\"version\":1} (log_dirs optional).")
                .option("topics-to-move-json-file", "topics to reassign json file path", "Generate a reassignment configuration"
                        + " moving the partitions of these topics to the brokers of --broker-list: {\"topics\":[{\"topic\":\"foo\"},"
                        + "{\"topic\":\"foo1\"}],\"version\":1}")
                .option("broker-list", "brokerlist", "The brokers to which the partitions need to be reassigned, as \"0,1,2\"."
                        + " Required with --topics-to-move-json-file.")
                .flag("disable-rack-aware", "Disable rack aware replica assignment.")
                .option("throttle", "throttle", "With --execute: the movement of partitions between brokers is throttled to"
                        + " this value (bytes/sec). Resubmit the current reassignment with --additional to change it.")
                .option("replica-alter-log-dirs-throttle", "replicaAlterLogDirsThrottle", "With --execute: the movement of"
                        + " replicas between log directories on the same broker is throttled to this value (bytes/sec).")
                .option("timeout", "timeout", "The maximum time in ms to wait for log directory replica assignment to begin"
                        + " (default: 10000).")
                .flag("additional", "Execute this reassignment in addition to any other ongoing ones; also used to change"
                        + " the throttle of an ongoing reassignment.")
                .flag("preserve-throttles", "Do not modify broker or topic throttles.");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, out, err));
    }

    private static int runParsed(CommandLine cl, PrintStream out, PrintStream err) throws UsageException {
        try {
            String action = validate(cl);
            long throttle = cl.longValue("throttle", -1);
            long timeoutMs = cl.longValue("timeout", 10_000);
            long logDirThrottle = cl.longValue("replica-alter-log-dirs-throttle", -1);
            Map<String, Object> adminProps = AdminCommand.adminProperties(cl, "command-config",
                    Map.of("client.id", "reassign-partitions-tool"));
            try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
                switch (action) {
                    case "generate" -> generate(admin, read(cl.get("topics-to-move-json-file")), cl.get("broker-list"),
                            !cl.has("disable-rack-aware"), out);
                    case "execute" -> execute(admin, cl.has("additional"), read(cl.get("reassignment-json-file")),
                            new Throttles(throttle, logDirThrottle), timeoutMs, out);
                    case "verify" -> verify(admin, read(cl.get("reassignment-json-file")), cl.has("preserve-throttles"), out);
                    case "cancel" -> cancel(admin, read(cl.get("reassignment-json-file")), cl.has("preserve-throttles"),
                            timeoutMs, out);
                    default -> out.println(listToString(admin.listPartitionReassignments(null)));
                }
            }
            return 0;
        } catch (CommandFailedException | ReassignmentJson.BadJsonException e) {
            err.println(e.getMessage());
            return 1;
        } catch (GregorApiException | AdminException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    /** Exactly one action, --bootstrap-server, the action's required options and no option foreign to it. */
    private static String validate(CommandLine cl) throws UsageException {
        List<String> actions = ACTIONS.stream().filter(cl::has).toList();
        if (actions.size() != 1) {
            throw new UsageException("Command must include exactly one action: --generate, --execute, --verify, --cancel, --list");
        }
        String action = actions.get(0);
        if (!cl.has("bootstrap-server")) {
            throw new UsageException("Please specify --bootstrap-server");
        }
        for (String required : REQUIRED.get(action)) {
            if (!cl.has(required)) {
                throw new UsageException("Missing required argument \"[" + required + "]\"");
            }
        }
        for (String given : cl.given()) {
            if (!given.equals(action) && !given.equals("bootstrap-server") && !given.equals("command-config")
                    && !PERMITTED.get(action).contains(given)) {
                throw new UsageException("Option \"[" + given + "]\" can't be used with action \"[" + action + "]\"");
            }
        }
        return action;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new CommandFailedException("Error: cannot read " + file + ": " + e);
        }
    }

    // --generate

    static void generate(GregorAdmin admin, String topicsJson, String brokerList, boolean rackAware, PrintStream out) {
        List<Integer> brokers = new ArrayList<>();
        for (String b : brokerList.split(",")) {
            try {
                brokers.add(Integer.parseInt(b.trim()));
            } catch (NumberFormatException e) {
                throw new CommandFailedException("Error: the broker list must be broker ids as \"0,1,2\", got '" + brokerList + "'");
            }
        }
        Set<Integer> duplicateBrokers = duplicates(brokers);
        if (!duplicateBrokers.isEmpty()) {
            throw new CommandFailedException("Error: Broker list contains duplicate entries: " + duplicateBrokers);
        }
        List<String> topics = ReassignmentJson.parseTopics(topicsJson);
        Set<String> duplicateTopics = duplicates(topics);
        if (!duplicateTopics.isEmpty()) {
            throw new CommandFailedException("Error: List of topics to reassign contains duplicate entries: " + duplicateTopics);
        }
        Map<String, TopicDescription> descriptions = describe(admin, new TreeSet<>(topics));
        Map<TopicPartition, List<Integer>> current = new TreeMap<>(ReassignmentJson.PARTITION_ORDER);
        descriptions.values().forEach(d -> d.partitions().forEach(p -> current.put(p.topicPartition(), p.replicas())));

        Set<Integer> wanted = new HashSet<>(brokers);
        List<BrokerRack> racks = admin.describeCluster().nodes().stream().filter(n -> wanted.contains(n.id()))
                .map(n -> new BrokerRack(n.id(), rackAware ? n.rack() : null)).toList();
        long rackless = racks.stream().filter(b -> b.rack() == null).count();
        if (rackAware && rackless != 0 && rackless != racks.size()) {
            throw new CommandFailedException("Error: Not all brokers have rack information. Add --disable-rack-aware in command"
                    + " line to make replica assignment without rack information.");
        }
        Map<TopicPartition, List<Integer>> proposed = new TreeMap<>(ReassignmentJson.PARTITION_ORDER);
        for (TopicDescription d : descriptions.values()) {
            int replicationFactor = d.partitions().get(0).replicas().size();
            ReplicaAssignor.assign(racks, d.partitions().size(), replicationFactor)
                    .forEach((p, replicas) -> proposed.put(new TopicPartition(d.name(), p), replicas));
        }
        out.printf("Current partition replica assignment%n%s%n%n", ReassignmentJson.format(current));
        out.printf("Proposed partition reassignment configuration%n%s%n", ReassignmentJson.format(proposed));
    }

    // --execute

    /** The --throttle and --replica-alter-log-dirs-throttle of --execute, in bytes/s; negative: none. */
    record Throttles(long interBroker, long logDirs) {
    }

    static void execute(GregorAdmin admin, boolean additional, String json, Throttles throttles, long timeoutMs,
                        PrintStream out) {
        long throttle = throttles.interBroker();
        List<Target> targets = ReassignmentJson.parseReassignment(json);
        Map<TopicPartition, List<Integer>> proposed = executeTargets(targets);
        Map<io.gregor.clients.admin.TopicPartitionReplica, String> logDirMoves = LogDirMoves.requested(targets);
        Map<TopicPartition, PartitionReassignment> inProgress = admin.listPartitionReassignments(null);
        if (!additional && !inProgress.isEmpty()) {
            throw new CommandFailedException(CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE);
        }
        Set<Integer> known = admin.describeCluster().nodes().stream().map(Node::id).collect(Collectors.toSet());
        proposed.values().stream().flatMap(List::stream).filter(id -> !known.contains(id)).sorted().findFirst()
                .ifPresent(id -> {
                    throw new CommandFailedException("Error: Unknown broker id " + id);
                });
        Map<TopicPartition, List<Integer>> current = currentReplicas(admin, proposed.keySet());
        out.printf("Current partition replica assignment%n%n%s%n%nSave this to use as the --reassignment-json-file option"
                + " during rollback%n", ReassignmentJson.format(current));
        if (throttle >= 0 || throttles.logDirs() >= 0) {
            out.println(YOU_MUST_RUN_VERIFY_PERIODICALLY_MESSAGE);
        }
        if (throttles.logDirs() >= 0) {
            LogDirMoves.setThrottle(admin, logDirMoves, throttles.logDirs(), out);
        }
        if (throttle >= 0) {
            Map<String, Map<Integer, ReassignmentThrottles.Move>> moves = ReassignmentThrottles.moves(inProgress, proposed, current);
            Map<String, String> leaders = ReassignmentThrottles.leaderThrottles(moves);
            Map<String, String> followers = ReassignmentThrottles.followerThrottles(moves);
            for (String topic : leaders.keySet()) {
                admin.alterConfigs(ConfigResource.topic(topic), List.of(
                        AlterConfigOp.set(ReassignmentThrottles.LEADER_REPLICAS, leaders.get(topic)),
                        AlterConfigOp.set(ReassignmentThrottles.FOLLOWER_REPLICAS, followers.get(topic))), false);
            }
            for (int broker : ReassignmentThrottles.brokers(moves)) {
                admin.alterConfigs(ConfigResource.broker(broker), List.of(
                        AlterConfigOp.set(ReassignmentThrottles.LEADER_RATE, Long.toString(throttle)),
                        AlterConfigOp.set(ReassignmentThrottles.FOLLOWER_RATE, Long.toString(throttle))), false);
            }
            out.println("The inter-broker throttle limit was set to " + throttle + " B/s");
        }
        Map<TopicPartition, Optional<List<Integer>>> changes = new LinkedHashMap<>();
        proposed.forEach((tp, replicas) -> changes.put(tp, Optional.of(replicas)));
        PartitionResults results = admin.alterPartitionReassignments(changes);
        if (!results.failed().isEmpty()) {
            throw new CommandFailedException("Error reassigning partition(s):" + System.lineSeparator() + errorLines(results));
        }
        out.printf("Successfully started partition reassignment%s for %s%n", proposed.size() == 1 ? "" : "s",
                joinPartitions(proposed.keySet(), ","));
        if (!logDirMoves.isEmpty()) {
            LogDirMoves.execute(admin, logDirMoves, timeoutMs, out);
        }
    }

    /** The partitions and replicas of a reassignment file for --execute, refused when empty or duplicated. */
    private static Map<TopicPartition, List<Integer>> executeTargets(List<Target> targets) {
        if (targets.isEmpty()) {
            throw new CommandFailedException("Error: Partition reassignment list cannot be empty");
        }
        if (targets.stream().anyMatch(t -> t.replicas().isEmpty())) {
            throw new CommandFailedException("Error: Partition replica list cannot be empty");
        }
        Set<TopicPartition> duplicated = duplicates(targets.stream().map(Target::partition).toList());
        if (!duplicated.isEmpty()) {
            throw new CommandFailedException("Error: Partition reassignment contains duplicate topic partitions: "
                    + joinPartitions(duplicated, ","));
        }
        List<String> duplicateReplicas = targets.stream().filter(t -> !duplicates(t.replicas()).isEmpty())
                .map(t -> t.partition() + " contains multiple entries for " + duplicates(t.replicas()).stream()
                        .map(String::valueOf).collect(Collectors.joining(","))).toList();
        if (!duplicateReplicas.isEmpty()) {
            throw new CommandFailedException("Error: Partition replica lists may not contain duplicate entries: "
                    + String.join(". ", duplicateReplicas));
        }
        Map<TopicPartition, List<Integer>> proposed = new TreeMap<>(ReassignmentJson.PARTITION_ORDER);
        targets.forEach(t -> proposed.put(t.partition(), t.replicas()));
        return proposed;
    }

    // --verify

    static void verify(GregorAdmin admin, String json, boolean preserveThrottles, PrintStream out) {
        List<Target> targets = ReassignmentJson.parseReassignment(json);
        Map<TopicPartition, PartitionReassignment> inProgress = admin.listPartitionReassignments(null);
        Map<TopicPartition, List<Integer>> notMoving = currentReplicas(admin, targets.stream().map(Target::partition)
                .filter(tp -> !inProgress.containsKey(tp)).collect(Collectors.toSet()));
        List<String> lines = new ArrayList<>();
        lines.add("Status of partition reassignment:");
        targets.stream().sorted((a, b) -> ReassignmentJson.PARTITION_ORDER.compare(a.partition(), b.partition())).forEach(t -> {
            if (inProgress.containsKey(t.partition())) {
                lines.add("Reassignment of partition " + t.partition() + " is still in progress.");
            } else if (notMoving.get(t.partition()).equals(t.replicas())) {
                lines.add("Reassignment of partition " + t.partition() + " is completed.");
            } else {
                lines.add("There is no active reassignment of partition " + t.partition() + ", but replica set is "
                        + join(notMoving.get(t.partition())) + " rather than " + join(t.replicas()) + ".");
            }
        });
        out.println(String.join(System.lineSeparator(), lines));
        Map<io.gregor.clients.admin.TopicPartitionReplica, String> logDirMoves = LogDirMoves.requested(targets);
        boolean movesDone = true;
        if (!logDirMoves.isEmpty()) {
            Map<io.gregor.clients.admin.TopicPartitionReplica, LogDirMoves.MoveState> states = LogDirMoves.states(admin, logDirMoves);
            out.println(LogDirMoves.toString(states, logDirMoves));
            movesDone = states.values().stream().allMatch(LogDirMoves.MoveState::done);
        }
        if (inProgress.isEmpty() && movesDone && !preserveThrottles) {
            clearAllThrottles(admin, targets, out);
        }
    }

    /**
     * Removes the throttle rates from every broker (of the cluster and of the targets) and the
     * throttled replicas from the targets' topics: which brokers earlier moves throttled is not known.
     */
    private static void clearAllThrottles(GregorAdmin admin, List<Target> targets, PrintStream out) {
        Set<Integer> brokers = new TreeSet<>();
        admin.describeCluster().nodes().forEach(n -> brokers.add(n.id()));
        targets.forEach(t -> brokers.addAll(t.replicas()));
        out.printf("Clearing broker-level throttles on broker%s %s%n", brokers.size() == 1 ? "" : "s", join(brokers));
        for (int broker : brokers) {
            admin.alterConfigs(ConfigResource.broker(broker),
                    ReassignmentThrottles.BROKER_LEVEL.stream().map(AlterConfigOp::delete).toList(), false);
        }
        Set<String> topics = new TreeSet<>();
        targets.forEach(t -> topics.add(t.partition().topic()));
        out.printf("Clearing topic-level throttles on topic%s %s%n", topics.size() == 1 ? "" : "s", String.join(",", topics));
        for (String topic : topics) {
            admin.alterConfigs(ConfigResource.topic(topic),
                    ReassignmentThrottles.TOPIC_LEVEL.stream().map(AlterConfigOp::delete).toList(), false);
        }
    }

    // --cancel

    static void cancel(GregorAdmin admin, String json, boolean preserveThrottles, long timeoutMs, PrintStream out) {
        List<Target> targets = ReassignmentJson.parseReassignment(json);
        Set<TopicPartition> asked = targets.stream().map(Target::partition).collect(Collectors.toSet());
        Set<TopicPartition> cancelling = new TreeSet<>(ReassignmentJson.PARTITION_ORDER);
        admin.listPartitionReassignments(asked).forEach((tp, r) -> {
            if (r.addingReplicas().isEmpty() || !r.removingReplicas().isEmpty()) {
                cancelling.add(tp);
            }
        });
        if (cancelling.isEmpty()) {
            out.println("None of the specified partition reassignments are active.");
        } else {
            Map<TopicPartition, Optional<List<Integer>>> changes = new LinkedHashMap<>();
            cancelling.forEach(tp -> changes.put(tp, Optional.empty()));
            PartitionResults results = admin.alterPartitionReassignments(changes);
            if (!results.failed().isEmpty()) {
                throw new CommandFailedException("Error cancelling partition reassignment" + (results.failed().size() == 1 ? "" : "s")
                        + " for:" + System.lineSeparator() + errorLines(results));
            }
            out.printf("Successfully cancelled partition reassignment%s for: %s%n", cancelling.size() == 1 ? "" : "s",
                    joinPartitions(cancelling, ","));
        }
        if (!LogDirMoves.cancel(admin, LogDirMoves.requested(targets), timeoutMs, out)) {
            out.println("None of the specified partition moves are active.");
        }
        if (!preserveThrottles) {
            clearAllThrottles(admin, targets, out);
        }
    }

    // --list

    static String listToString(Map<TopicPartition, PartitionReassignment> reassignments) {
        if (reassignments.isEmpty()) {
            return "No partition reassignments found.";
        }
        List<String> lines = new ArrayList<>();
        lines.add("Current partition reassignments:");
        reassignments.entrySet().stream()
                .sorted((a, b) -> ReassignmentJson.PARTITION_ORDER.compare(a.getKey(), b.getKey())).forEach(e -> {
                    PartitionReassignment r = e.getValue();
                    lines.add(e.getKey() + ": replicas: " + join(r.replicas()) + "."
                            + (r.addingReplicas().isEmpty() ? "" : " adding: " + join(r.addingReplicas()) + ".")
                            + (r.removingReplicas().isEmpty() ? "" : " removing: " + join(r.removingReplicas()) + "."));
                });
        return String.join(System.lineSeparator(), lines);
    }

    // helpers

    private static Map<String, TopicDescription> describe(GregorAdmin admin, Set<String> topics) {
        Map<String, TopicDescription> out = new TreeMap<>();
        for (String topic : topics) {
            try {
                out.putAll(admin.describeTopics(List.of(topic)));
            } catch (GregorApiException e) {
                if (e.error() == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                    throw new CommandFailedException("Error: Topic " + topic + " not found.");
                }
                throw e;
            }
        }
        return out;
    }

    /** The replicas of each partition now; a partition that does not exist fails the command. */
    private static Map<TopicPartition, List<Integer>> currentReplicas(GregorAdmin admin, Set<TopicPartition> partitions) {
        Map<TopicPartition, List<Integer>> out = new TreeMap<>(ReassignmentJson.PARTITION_ORDER);
        if (partitions.isEmpty()) {
            return out;
        }
        Set<String> topics = partitions.stream().map(TopicPartition::topic).collect(Collectors.toCollection(TreeSet::new));
        for (TopicDescription d : describe(admin, topics).values()) {
            for (PartitionInfo p : d.partitions()) {
                if (partitions.contains(p.topicPartition())) {
                    out.put(p.topicPartition(), p.replicas());
                }
            }
        }
        if (!out.keySet().containsAll(partitions)) {
            Set<TopicPartition> missing = new TreeSet<>(ReassignmentJson.PARTITION_ORDER);
            missing.addAll(partitions);
            missing.removeAll(out.keySet());
            throw new CommandFailedException("Error: Unable to find partition: " + joinPartitions(missing, ", "));
        }
        return out;
    }

    private static String errorLines(PartitionResults results) {
        return results.failed().keySet().stream().sorted(ReassignmentJson.PARTITION_ORDER)
                .map(tp -> tp + ": " + results.failed().get(tp).getMessage()).collect(Collectors.joining(System.lineSeparator()));
    }

    private static <T> Set<T> duplicates(List<T> items) {
        Set<T> seen = new HashSet<>();
        Set<T> dups = new java.util.LinkedHashSet<>();
        items.forEach(i -> {
            if (!seen.add(i)) {
                dups.add(i);
            }
        });
        return dups;
    }

    private static String joinPartitions(Set<TopicPartition> partitions, String separator) {
        return partitions.stream().sorted(ReassignmentJson.PARTITION_ORDER).map(TopicPartition::toString)
                .collect(Collectors.joining(separator));
    }

    private static String join(java.util.Collection<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
