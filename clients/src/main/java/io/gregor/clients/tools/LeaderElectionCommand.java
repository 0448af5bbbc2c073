package io.gregor.clients.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.clients.admin.ElectionType;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.PartitionResults;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-leader-election.sh}: elects partition leaders, preferred or unclean, for one
 * partition ({@code --topic} and {@code --partition}), the partitions of a JSON file
 * ({@code {"partitions":[{"topic":"foo","partition":1}]}}) or every partition, with the flags and
 * messages of Kafka's {@code kafka-leader-election.sh}. Exit code 0 when every election succeeded
 * or was not needed, 1 on a usage, file or broker error or when a partition could not be elected.
 */
public final class LeaderElectionCommand {
    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
    private static final int DEFAULT_TIMEOUT_MS = 30_000;

    /** A failure the command reports with its message alone. */
    static final class CommandFailedException extends RuntimeException {
        CommandFailedException(String message) {
            super(message);
        }
    }

    private LeaderElectionCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("This tool attempts to elect a new leader for a set of topic partitions. The type of elections"
                + " supported are preferred replicas and unclean replicas.")
                .option("bootstrap-server", "host:port", "A hostname and port for the broker to connect to, in the form"
                        + " host:port. Multiple comma separated URLs can be given. REQUIRED.")
                .option("admin.config", "config file", "Configuration properties files to pass to the admin client.")
                .option("path-to-json-file", "Path to JSON file", "The JSON file with the list of partitions for which leader"
                        + " elections should be performed: {\"partitions\":[{\"topic\": \"foo\", \"partition\": 1}]}."
                        + " Not allowed if --all-topic-partitions or --topic flags are specified.")
                .option("topic", "topic name", "Name of topic for which to perform an election. Not allowed if"
                        + " --path-to-json-file or --all-topic-partitions is specified.")
                .option("partition", "partition id", "Partition id for which to perform an election. REQUIRED if --topic is specified.")
                .flag("all-topic-partitions", "Perform election on all of the eligible topic partitions based on the type of"
                        + " election (see --election-type). Not allowed if --topic or --path-to-json-file is specified.")
                .option("election-type", "election type", "Type of election to attempt: \"preferred\" (only if the current"
                        + " leader is not the preferred replica) or \"unclean\" (only if the partition has no leader). REQUIRED.");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, out, err));
    }

    private static int runParsed(CommandLine cl, PrintStream out, PrintStream err) throws CommandLine.UsageException {
        try {
            ElectionType type = validate(cl);
            Set<TopicPartition> partitions = null;
            if (cl.has("path-to-json-file")) {
                partitions = parseElectionData(cl.get("path-to-json-file"));
            } else if (cl.has("topic")) {
                partitions = Set.of(new TopicPartition(cl.get("topic"), cl.intValue("partition", -1)));
            }
            Map<String, Object> adminProps = AdminCommand.adminProperties(cl, "admin.config", Map.of(
                    "default.api.timeout.ms", Integer.toString(DEFAULT_TIMEOUT_MS),
                    "request.timeout.ms", Integer.toString(DEFAULT_TIMEOUT_MS / 2)));
            try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
                return report(type, admin.electLeaders(type, partitions), out, err);
            }
        } catch (CommandFailedException e) {
            err.println(e.getMessage());
            return 1;
        } catch (GregorApiException e) {
            if (e.error() == Errors.REQUEST_TIMED_OUT) {
                out.println("Timeout waiting for election results");
            }
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    private static ElectionType validate(CommandLine cl) throws CommandLine.UsageException {
        List<String> missing = new ArrayList<>();
        for (String required : List.of("bootstrap-server", "election-type")) {
            if (!cl.has(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new CommandLine.UsageException("Missing required option(s): " + String.join(", ", missing));
        }
        long targets = List.of("topic", "all-topic-partitions", "path-to-json-file").stream().filter(cl::has).count();
        if (targets != 1) {
            throw new CommandLine.UsageException("One and only one of the following options is required: topic,"
                    + " all-topic-partitions, path-to-json-file");
        }
        if (cl.has("topic") && !cl.has("partition")) {
            throw new CommandLine.UsageException("Missing required option(s): partition");
        }
        if (!cl.has("topic") && cl.has("partition")) {
            throw new CommandLine.UsageException("Option partition is only allowed if topic is used");
        }
        if (cl.has("partition") && cl.intValue("partition", -1) < 0) {
            throw new CommandLine.UsageException("Option --partition: a partition id is 0 or more, got " + cl.get("partition"));
        }
        try {
            return ElectionType.valueOf(cl.get("election-type").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.UsageException("Option --election-type: '" + cl.get("election-type")
                    + "' is not one of [preferred, unclean]");
        }
    }

    /** The partitions of a replica election file; duplicates are refused. */
    static Set<TopicPartition> parseElectionData(String file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            throw new CommandFailedException("Error: cannot read the replica election data in " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CommandFailedException("Error: Replica election data is empty");
        }
        JsonNode list = root.get("partitions");
        if (list == null || !list.isArray()) {
            throw new CommandFailedException("Error: Replica election data is missing \"partitions\" field");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode topic = p.get("topic");
            JsonNode partition = p.get("partition");
            if (topic == null || !topic.isTextual() || partition == null || !partition.isInt()) {
                throw new CommandFailedException("Error: each entry of \"partitions\" needs a \"topic\" string and a"
                        + " \"partition\" number, got " + p);
            }
            partitions.add(new TopicPartition(topic.textValue(), partition.intValue()));
        }
        Set<TopicPartition> seen = new LinkedHashSet<>();
        Set<TopicPartition> duplicates = new TreeSet<>(PARTITION_ORDER);
        partitions.forEach(tp -> {
            if (!seen.add(tp)) {
                duplicates.add(tp);
            }
        });
        if (!duplicates.isEmpty()) {
            throw new CommandFailedException("Error: Replica election data contains duplicate partitions: " + duplicates);
        }
        return seen;
    }

    /** Prints Kafka's lines for the elected, the not needed and the failed partitions; 1 if any failed. */
    static int report(ElectionType type, PartitionResults results, PrintStream out, PrintStream err) {
        Set<TopicPartition> succeeded = new TreeSet<>(PARTITION_ORDER);
        succeeded.addAll(results.succeeded());
        Set<TopicPartition> noop = new TreeSet<>(PARTITION_ORDER);
        Map<TopicPartition, GregorApiException> failed = new TreeMap<>(PARTITION_ORDER);
        results.failed().forEach((tp, e) -> {
            if (e.error() == Errors.ELECTION_NOT_NEEDED) {
                noop.add(tp);
            } else {
                failed.put(tp, e);
            }
        });
        if (!succeeded.isEmpty()) {
            out.printf("Successfully completed leader election (%s) for partitions %s%n", type, join(succeeded));
        }
        if (!noop.isEmpty()) {
            out.printf("Valid replica already elected for partitions %s%n", join(noop));
        }
        if (failed.isEmpty()) {
            return 0;
        }
        failed.forEach((tp, e) -> out.printf("Error completing leader election (%s) for partition: %s: %s%n", type, tp, e.getMessage()));
        err.println(failed.size() + " replica(s) could not be elected");
        return 1;
    }

    private static String join(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).collect(Collectors.joining(", "));
    }
}
