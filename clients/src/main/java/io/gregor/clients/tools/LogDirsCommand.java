package io.gregor.clients.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.LogDirInfo;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-log-dirs.sh}: describes the log directories of brokers (all, or those of
 * {@code --broker-list}) and the replicas each holds (of all topics, or of {@code --topic-list}),
 * with the flags and output of Kafka's {@code kafka-log-dirs.sh}: two status lines, then one line of
 * JSON, {@code {"brokers":[{"broker":0,"logDirs":[{"partitions":[{"partition":"t-0","size":0,
 * "offsetLag":0,"isFuture":false}],"error":null,"logDir":"/data"}]}],"version":1}}. Exit code 0 on
 * success, 1 on a usage error, a broker not in the cluster or a failed request.
 */
public final class LogDirsCommand {
    /** The Kafka exception class names the JSON's "error" field carries, for the errors a log dir can have. */
    private static final Map<Errors, String> KAFKA_EXCEPTIONS = Map.of(
            Errors.KAFKA_STORAGE_ERROR, "org.apache.kafka.common.errors.KafkaStorageException",
            Errors.UNKNOWN_SERVER_ERROR, "org.apache.kafka.common.errors.UnknownServerException",
            Errors.LOG_DIR_NOT_FOUND, "org.apache.kafka.common.errors.LogDirNotFoundException");

    private LogDirsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("This tool helps to query log directory usage on the specified brokers.")
                .option("bootstrap-server", "The server(s) to use for bootstrapping",
                        "REQUIRED: the server(s) to use for bootstrapping")
                .option("command-config", "Admin client property file",
                        "Property file containing configs to be passed to Admin Client.")
                .flag("describe", "Describe the specified log directories on the specified brokers.")
                .option("topic-list", "Topic list", "The list of topics to be queried in the form \"topic1,topic2,topic3\"."
                        + " All topics will be queried if no topic list is specified")
                .option("broker-list", "Broker list", "The list of brokers to be queried in the form \"0,1,2\"."
                        + " All brokers in the cluster will be queried if no broker list is specified");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, out, err));
    }

    private static int runParsed(CommandLine cl, PrintStream out, PrintStream err) throws CommandLine.UsageException {
        cl.required("bootstrap-server");
        if (!cl.has("describe")) {
            throw new CommandLine.UsageException("Missing required argument \"[describe]\"");
        }
        Set<String> topics = commaSeparated(cl.get("topic-list"));
        Set<Integer> askedBrokers = new TreeSet<>();
        for (String id : commaSeparated(cl.get("broker-list"))) {
            try {
                askedBrokers.add(Integer.valueOf(id));
            } catch (NumberFormatException e) {
                throw new CommandLine.UsageException("Invalid broker id in --broker-list: " + id);
            }
        }
        Map<String, Object> adminProps = AdminCommand.adminProperties(cl, "command-config",
                Map.of("client.id", "log-dirs-tool"));
        try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
            Set<Integer> clusterBrokers = admin.describeCluster().nodes().stream().map(Node::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<Integer> missing = new TreeSet<>(askedBrokers);
            missing.removeAll(clusterBrokers);
            if (!missing.isEmpty()) {
                err.printf("ERROR: The given brokers do not exist from --broker-list: %s. Current existent brokers: %s%n",
                        joined(missing), joined(clusterBrokers));
                return 1;
            }
            Set<Integer> brokers = askedBrokers.isEmpty() ? clusterBrokers : askedBrokers;
            out.println("Querying brokers for log directories information");
            Map<Integer, Map<String, LogDirInfo>> dirs = admin.describeLogDirs(brokers);
            out.printf("Received log directory information from brokers %s%n", joined(brokers));
            out.println(json(dirs, topics));
            return 0;
        } catch (GregorApiException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static Set<String> commaSeparated(String value) {
        if (value == null) {
            return new TreeSet<>();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String joined(Set<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Kafka's JSON: brokers, then their dirs, then the partitions of the topics asked for (all when none). */
    static String json(Map<Integer, Map<String, LogDirInfo>> dirsByBroker, Set<String> topics) {
        List<Map<String, Object>> brokers = new ArrayList<>();
        dirsByBroker.forEach((broker, dirs) -> {
            List<Map<String, Object>> logDirs = new ArrayList<>();
            for (LogDirInfo dir : dirs.values()) {
                List<Map<String, Object>> partitions = new ArrayList<>();
                dir.replicas().entrySet().stream()
                        .filter(e -> topics.isEmpty() || topics.contains(e.getKey().topic()))
                        .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                                .thenComparingInt(TopicPartition::partition)))
                        .forEach(e -> {
                            Map<String, Object> p = new LinkedHashMap<>();
                            p.put("partition", e.getKey().toString());
                            p.put("size", e.getValue().size());
                            p.put("offsetLag", e.getValue().offsetLag());
                            p.put("isFuture", e.getValue().isFuture());
                            partitions.add(p);
                        });
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("partitions", partitions);
                d.put("error", dir.error() == Errors.NONE ? null
                        : KAFKA_EXCEPTIONS.getOrDefault(dir.error(), dir.error().name()));
                d.put("logDir", dir.path());
                logDirs.add(d);
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("broker", broker);
            b.put("logDirs", logDirs);
            brokers.add(b);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("brokers", brokers);
        root.put("version", 1);
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the log dirs as JSON", e);
        }
    }
}
