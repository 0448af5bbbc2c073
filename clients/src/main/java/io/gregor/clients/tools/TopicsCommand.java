package io.gregor.clients.tools;

import io.gregor.clients.admin.AlterConfigOp;
import io.gregor.clients.admin.BatchResult;
import io.gregor.clients.admin.ConfigEntry;
import io.gregor.clients.admin.CreatedTopic;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.protocol.Errors;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code bin/gregor-topics.sh}: create, delete, list, describe and alter topics, with the flags and
 * output of Kafka's {@code kafka-topics.sh}. Exit code 0 on success, 1 on a usage or broker error.
 */
public final class TopicsCommand {
    private TopicsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("Create, delete, describe, or change a topic.")
                .option("bootstrap-server", "server to connect to", "REQUIRED: The Gregor (Kafka protocol) server to connect to, host:port.")
                .option("command-config", "command config property file", "A file of admin client properties.")
                .flag("create", "Create a new topic.")
                .flag("delete", "Delete a topic.")
                .flag("list", "List all available topics.")
                .flag("describe", "List details for the given topics.")
                .flag("alter", "Alter the number of partitions and the configs of a topic.")
                .option("topic", "topic", "The topic to create, alter, describe or delete.")
                .option("partitions", "Integer: # of partitions", "The number of partitions for the topic being created or altered.")
                .option("replication-factor", "Integer: replication factor", "The replication factor for each partition of the topic being created.")
                .repeatable("config", "name=value", "A topic configuration override for the topic being created or altered (repeatable).")
                .repeatable("delete-config", "name", "A topic configuration override to be removed for an existing topic (with --alter).")
                .flag("if-not-exists", "With --create: only create the topic if it does not already exist.")
                .flag("if-exists", "With --alter, --delete or --describe: only act if the topic exists.")
                .flag("exclude-internal", "Exclude internal topics when listing or describing all topics.")
                .flag("under-replicated-partitions", "With --describe: only show partitions whose ISR is smaller than"
                        + " their replica list (no topic lines).");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return AdminCommand.run(options(), args, out, err, cl -> runParsed(cl, out, err));
    }

    private static int runParsed(CommandLine cl, PrintStream out, PrintStream err) throws CommandLine.UsageException {
        try {
            String action = singleAction(cl);
            String server = cl.required("bootstrap-server");
            if ((action.equals("create") || action.equals("delete") || action.equals("alter")) && !cl.has("topic")) {
                throw new CommandLine.UsageException("Missing required argument \"[topic]\"");
            }
            if (cl.has("if-not-exists") && !action.equals("create")) {
                throw new CommandLine.UsageException("Option --if-not-exists can only be used with --create");
            }
            if ((cl.has("replication-factor")) && !action.equals("create")) {
                throw new CommandLine.UsageException("Option --replication-factor can only be used with --create");
            }
            if (cl.has("partitions") && !(action.equals("create") || action.equals("alter"))) {
                throw new CommandLine.UsageException("Option --partitions can only be used with --create or --alter");
            }
            if (cl.has("config") && !(action.equals("create") || action.equals("alter"))) {
                throw new CommandLine.UsageException("Option --config can only be used with --create or --alter");
            }
            int partitions = cl.intValue("partitions", -1);
            int rf = cl.intValue("replication-factor", -1);
            if (cl.has("partitions") && partitions < 1) {
                throw new CommandLine.UsageException("The partitions must be greater than 0");
            }
            if (cl.has("replication-factor") && (rf < 1 || rf > Short.MAX_VALUE)) {
                throw new CommandLine.UsageException("The replication factor must be between 1 and " + Short.MAX_VALUE);
            }
            Map<String, String> configs = cl.keyValues("config");
            Map<String, Object> adminProps = AdminCommand.adminProperties(cl, "command-config", Map.of());
            try (GregorAdmin admin = GregorAdmin.create(adminProps)) {
                switch (action) {
                    case "create" -> create(admin, cl.get("topic"), partitions, (short) rf, configs, cl.has("if-not-exists"), out);
                    case "delete" -> delete(admin, cl.get("topic"), cl.has("if-exists"));
                    case "list" -> admin.listTopics(!cl.has("exclude-internal")).forEach(out::println);
                    case "describe" -> describe(admin, cl.get("topic"), cl.has("if-exists"), cl.has("exclude-internal"),
                            cl.has("under-replicated-partitions"), out);
                    default -> alter(admin, cl.get("topic"), partitions, configs, cl.getAll("delete-config"), cl.has("if-exists"));
                }
            }
            return 0;
        } catch (GregorApiException | IllegalArgumentException e) {
            err.println("Error while executing topic command : " + e.getMessage());
            return 1;
        }
    }

    private static String singleAction(CommandLine cl) throws CommandLine.UsageException {
        List<String> actions = new ArrayList<>();
        for (String a : List.of("create", "delete", "list", "describe", "alter")) {
            if (cl.has(a)) {
                actions.add(a);
            }
        }
        if (actions.size() != 1) {
            throw new CommandLine.UsageException("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        }
        return actions.get(0);
    }

    private static void create(GregorAdmin admin, String topic, int partitions, short rf, Map<String, String> configs,
                               boolean ifNotExists, PrintStream out) {
        BatchResult<CreatedTopic> r = admin.createTopics(List.of(new NewTopic(topic, partitions, rf, configs)), false);
        GregorApiException e = r.failed().get(topic);
        if (e != null) {
            if (ifNotExists && e.error() == Errors.TOPIC_ALREADY_EXISTS) {
                return;
            }
            throw e;
        }
        out.println("Created topic " + topic + ".");
    }

    private static void delete(GregorAdmin admin, String topic, boolean ifExists) {
        if (!admin.listTopics(true).contains(topic)) {
            if (ifExists) {
                return;
            }
            throw new IllegalArgumentException("Topic '" + topic + "' does not exist as expected");
        }
        admin.deleteTopics(List.of(topic)).all();
    }

    private static void alter(GregorAdmin admin, String topic, int partitions, Map<String, String> configs,
                              List<String> deleteConfigs, boolean ifExists) {
        if (!admin.listTopics(true).contains(topic)) {
            if (ifExists) {
                return;
            }
            throw new IllegalArgumentException("Topic '" + topic + "' does not exist as expected");
        }
        if (partitions > 0) {
            admin.createPartitions(Map.of(topic, partitions), false).all();
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(AlterConfigOp.set(k, v)));
        deleteConfigs.forEach(k -> ops.add(AlterConfigOp.delete(k)));
        if (!ops.isEmpty()) {
            admin.alterTopicConfigs(topic, ops, false);
        }
    }

    private static void describe(GregorAdmin admin, String topic, boolean ifExists, boolean excludeInternal,
                                 boolean underReplicatedOnly, PrintStream out) {
        List<String> names;
        if (topic == null) {
            names = new ArrayList<>(admin.listTopics(!excludeInternal));
        } else {
            if (!admin.listTopics(true).contains(topic)) {
                if (ifExists) {
                    return;
                }
                throw new IllegalArgumentException("Topic '" + topic + "' does not exist as expected");
            }
            names = List.of(topic);
        }
        if (names.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(names);
        Map<String, List<ConfigEntry>> configs = admin.describeTopicConfigs(names);
        for (String name : names) {
            TopicDescription d = descriptions.get(name);
            out.print(underReplicatedOnly ? formatUnderReplicated(d)
                    : formatDescription(d, configs.getOrDefault(name, List.of())));
        }
    }

    /** Kafka's describe layout: a topic line, then one tab-indented line per partition. */
    static String formatDescription(TopicDescription d, List<ConfigEntry> configs) {
        String overrides = configs.stream().filter(c -> !c.isDefault())
                .map(c -> c.name() + "=" + (c.sensitive() ? "<sensitive>" : c.value())).collect(Collectors.joining(","));
        StringBuilder sb = new StringBuilder();
        sb.append("Topic: ").append(d.name()).append("\tTopicId: ").append(kafkaUuid(d.topicId()))
                .append("\tPartitionCount: ").append(d.partitions().size())
                .append("\tReplicationFactor: ").append(d.replicationFactor())
                .append("\tConfigs: ").append(overrides).append('\n');
        for (PartitionInfo p : d.partitions()) {
            appendPartition(sb, d, p);
        }
        return sb.toString();
    }

    /** Kafka's {@code --under-replicated-partitions}: only the lines of partitions with fewer in-sync replicas than replicas. */
    static String formatUnderReplicated(TopicDescription d) {
        StringBuilder sb = new StringBuilder();
        for (PartitionInfo p : d.partitions()) {
            if (p.isr().size() < p.replicas().size()) {
                appendPartition(sb, d, p);
            }
        }
        return sb.toString();
    }

    private static void appendPartition(StringBuilder sb, TopicDescription d, PartitionInfo p) {
        sb.append("\tTopic: ").append(d.name()).append("\tPartition: ").append(p.topicPartition().partition())
                .append("\tLeader: ").append(p.hasLeader() ? String.valueOf(p.leader()) : "none")
                .append("\tReplicas: ").append(join(p.replicas()))
                .append("\tIsr: ").append(join(p.isr()));
        if (!p.offlineReplicas().isEmpty()) {
            sb.append("\tOffline: ").append(join(p.offlineReplicas()));
        }
        sb.append('\n');
    }

    private static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** A topic id as Kafka prints it: URL-safe base64 of its 16 bytes, without padding. */
    static String kafkaUuid(UUID id) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }
}
