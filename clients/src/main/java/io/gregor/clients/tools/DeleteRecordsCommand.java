package io.gregor.clients.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.clients.admin.DeletedRecords;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-delete-records.sh}: deletes the records of the partitions named in a JSON file
 * before the offsets given there (-1: up to the high watermark), with the flags, file format and
 * output of Kafka's {@code kafka-delete-records.sh}:
 * <pre>{"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version": 1}</pre>
 * Exit code 0 when every partition's records were deleted; 1 on a usage error (message and usage
 * on stderr), an unreadable or invalid file, or a partition that failed (its error line on stdout).
 */
public final class DeleteRecordsCommand {
    private static final int VERSION = 1;

    private DeleteRecordsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("This tool helps to delete records of the given partitions down to the specified offset.")
                .option("bootstrap-server", "server(s) to use for bootstrapping",
                        "REQUIRED: The Gregor (Kafka protocol) server to connect to, host:port.")
                .option("offset-json-file", "Offset json file path", "REQUIRED: The JSON file with offset per partition."
                        + " The format to use is: {\"partitions\": [{\"topic\": \"foo\", \"partition\": 1, \"offset\": 1}],"
                        + " \"version\": 1}")
                .option("command-config", "command config property file path",
                        "A property file containing configs to be passed to the admin client.");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, out, err));
    }

    private static int runParsed(CommandLine cl, PrintStream out, PrintStream err) throws CommandLine.UsageException {
        Map<TopicPartition, Long> offsets;
        Map<String, Object> adminProps;
        try {
            cl.required("bootstrap-server");
            String file = cl.required("offset-json-file");
            offsets = parseOffsets(readFile(file));
            adminProps = AdminCommand.adminProperties(cl, "command-config", Map.of());
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        out.println("Executing records delete operation");
        DeletedRecords result;
        try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
            result = admin.deleteRecords(offsets);
        } catch (GregorApiException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        out.println("Records delete operation completed:");
        offsets.keySet().stream().sorted(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition)).forEach(tp -> {
                    Long lowWatermark = result.lowWatermarks().get(tp);
                    if (lowWatermark != null) {
                        out.printf("partition: %s\tlow_watermark: %s%n", tp, lowWatermark);
                    } else {
                        out.printf("partition: %s\terror: %s%n", tp, result.failed().get(tp).getMessage());
                    }
                });
        return result.failed().isEmpty() ? 0 : 1;
    }

    private static String readFile(String file) throws CommandLine.UsageException {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CommandLine.UsageException("Cannot read --offset-json-file " + file + ": " + e.getMessage());
        }
    }

    /**
     * The offsets of Kafka's offset JSON (version 1, the default when absent); a partition named
     * twice, a missing field or another version is an {@link IllegalArgumentException}.
     */
    static Map<TopicPartition, Long> parseOffsets(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("The input string is not a valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The input string is not a valid JSON");
        }
        JsonNode version = root.get("version");
        if (version != null && (!version.canConvertToInt() || version.asInt() != VERSION)) {
            throw new IllegalArgumentException("Not supported version field value " + version);
        }
        JsonNode partitions = root.get("partitions");
        if (partitions == null || !partitions.isArray()) {
            throw new IllegalArgumentException("Missing partitions field");
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        List<TopicPartition> duplicates = new ArrayList<>();
        for (JsonNode p : partitions) {
            JsonNode topic = p.get("topic");
            JsonNode partition = p.get("partition");
            JsonNode offset = p.get("offset");
            if (topic == null || !topic.isTextual() || partition == null || !partition.canConvertToInt()
                    || offset == null || !offset.canConvertToLong()) {
                throw new IllegalArgumentException("Each partition needs a string topic, an int partition and a"
                        + " long offset: " + p);
            }
            TopicPartition tp = new TopicPartition(topic.asText(), partition.asInt());
            if (offsets.put(tp, offset.asLong()) != null) {
                duplicates.add(tp);
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("Offset json file contains duplicate topic partitions: "
                    + duplicates.stream().map(TopicPartition::toString).collect(Collectors.joining(",")));
        }
        return offsets;
    }
}
