package io.gregor.clients.tools;

import io.gregor.clients.consumer.ByteArrayDeserializer;
import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.consumer.ConsumerRecords;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.record.TimestampType;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/gregor-console-consumer.sh}: prints records of a topic to standard output, like Kafka's
 * {@code kafka-console-consumer.sh}. Without a consumer group it assigns every partition of the
 * topic (or the one given by {@code --partition}) and starts at the end, at the beginning with
 * {@code --from-beginning}, or at {@code --offset}. With {@code --group} (or a {@code group.id}
 * consumer property) it subscribes to the topic in that group (or assigns {@code --partition}
 * under it), starts at the group's committed offsets, else at the end or, with
 * {@code --from-beginning}, the beginning, and commits as Kafka's tool does: auto-commit while
 * running and on exit. Stops after {@code --max-messages}, after {@code --timeout-ms} without a
 * record, or on Ctrl-C; then prints the count to stderr.
 */
public final class ConsoleConsumer {
    private ConsoleConsumer() {
    }

    /** How each record is printed (Kafka's DefaultMessageFormatter properties). */
    record Format(boolean printKey, boolean printValue, boolean printTimestamp, boolean printPartition,
                  boolean printOffset, String keySeparator, String lineSeparator) {
        static Format from(Map<String, String> p) {
            return new Format(bool(p, "print.key", false), bool(p, "print.value", true), bool(p, "print.timestamp", false),
                    bool(p, "print.partition", false), bool(p, "print.offset", false),
                    unescape(p.getOrDefault("key.separator", "\t")), unescape(p.getOrDefault("line.separator", "\n")));
        }

        private static boolean bool(Map<String, String> p, String k, boolean def) {
            return Boolean.parseBoolean(p.getOrDefault(k, String.valueOf(def)).trim());
        }

        private static String unescape(String s) {
            return s.replace("\\t", "\t").replace("\\n", "\n");
        }

        String format(ConsumerRecord<byte[], byte[]> r) {
            StringBuilder sb = new StringBuilder();
            if (printTimestamp) {
                sb.append(r.timestampType() == TimestampType.LOG_APPEND_TIME ? "LogAppendTime:" : "CreateTime:")
                        .append(r.timestamp()).append('\t');
            }
            if (printPartition) {
                sb.append("Partition:").append(r.partition()).append('\t');
            }
            if (printOffset) {
                sb.append("Offset:").append(r.offset()).append('\t');
            }
            if (printKey) {
                sb.append(text(r.key()));
                if (printValue) {
                    sb.append(keySeparator);
                }
            }
            if (printValue) {
                sb.append(text(r.value()));
            }
            return sb.append(lineSeparator).toString();
        }

        private static String text(byte[] b) {
            return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
        }
    }

    public static void main(String[] args) {
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                main.join(5000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }));
        int code = run(args, System.out, System.err, stop);
        if (!stop.get()) {
            System.exit(code); // after Ctrl-C the JVM is already exiting; the hook waits for this thread instead
        }
    }

    static CommandLine options() {
        return new CommandLine("Read records from a topic and print them to standard output.")
                .option("bootstrap-server", "server to connect to", "REQUIRED: The server(s) to connect to, host:port[,host:port].")
                .option("topic", "topic", "REQUIRED: The topic to consume from.")
                .option("partition", "Integer: partition", "The partition to consume from (default: all partitions).")
                .option("offset", "consume offset", "earliest, latest or a non-negative offset; needs --partition (default: latest).")
                .flag("from-beginning", "Start with the earliest record present instead of the latest.")
                .option("max-messages", "Integer: num_messages", "The number of records to consume before exiting.")
                .option("timeout-ms", "Integer: timeout_ms", "Exit if no record arrived for this long.")
                .repeatable("property", "prop", "A formatter property: print.key, print.value, print.timestamp, "
                        + "print.partition, print.offset, key.separator, line.separator (repeatable).")
                .repeatable("consumer-property", "consumer_prop", "A consumer property as key=value (repeatable).")
                .option("consumer.config", "config file", "A file of consumer properties.")
                .option("group", "consumer group id", "The consumer group id of the consumer; it commits its offsets there.")
                .option("isolation-level", "isolation level", "read_uncommitted (default) or read_committed.");
    }

    /** The group of {@code --group} or of the group.id property; both given must agree, as in Kafka's tool. */
    private static String groupId(String option, Object property) throws CommandLine.UsageException {
        if (option != null && property != null && !option.equals(property.toString())) {
            throw new CommandLine.UsageException("The group ids provided in different places (directly using '--group', "
                    + "via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: '"
                    + option + "', '" + property + "'");
        }
        return option != null ? option : property == null || property.toString().isEmpty() ? null : property.toString();
    }

    /** Where assigned partitions start; in a group without --offset the committed offsets (else auto.offset.reset) decide. */
    private static void position(GregorConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, String offset,
                                 boolean fromBeginning, boolean inGroup) {
        if ("earliest".equals(offset) || (offset == null && fromBeginning && !inGroup)) {
            consumer.seekToBeginning(partitions);
        } else if ("latest".equals(offset) || (offset == null && !inGroup)) {
            consumer.seekToEnd(partitions);
        } else if (offset != null) {
            consumer.seek(partitions.get(0), Long.parseLong(offset));
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new AtomicBoolean());
    }

    static int run(String[] args, PrintStream out, PrintStream err, AtomicBoolean stop) {
        CommandLine cl = options();
        Map<String, Object> props = new HashMap<>();
        Format format;
        String topic;
        Integer partition;
        String offset;
        long maxMessages;
        long timeoutMs;
        String group;
        try {
            cl.parse(args);
            if (cl.has("help")) {
                cl.printUsage(out);
                return 0;
            }
            props.putAll(cl.propertiesFile("consumer.config"));
            props.putAll(cl.keyValues("consumer-property"));
            group = groupId(cl.get("group"), props.get("group.id"));
            props.put("bootstrap.servers", cl.required("bootstrap-server"));
            props.putIfAbsent("client.id", "console-consumer");
            if (cl.has("isolation-level")) {
                String isolation = cl.get("isolation-level");
                if (!isolation.equals("read_committed") && !isolation.equals("read_uncommitted")) {
                    throw new CommandLine.UsageException("--isolation-level must be read_committed or read_uncommitted, not '"
                            + isolation + "'");
                }
                props.put("isolation.level", isolation);
            }
            topic = cl.required("topic");
            partition = cl.has("partition") ? cl.intValue("partition", 0) : null;
            if (partition != null && partition < 0) {
                throw new CommandLine.UsageException("--partition must not be negative");
            }
            offset = cl.get("offset");
            if (offset != null && partition == null) {
                throw new CommandLine.UsageException("The partition is required when offset is specified.");
            }
            if (offset != null && cl.has("from-beginning")) {
                throw new CommandLine.UsageException("Options --from-beginning and --offset cannot be used together");
            }
            if (offset != null && !offset.equals("earliest") && !offset.equals("latest")) {
                try {
                    if (Long.parseLong(offset) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new CommandLine.UsageException("The provided offset value '" + offset
                            + "' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
                }
            }
            maxMessages = cl.longValue("max-messages", -1);
            timeoutMs = cl.longValue("timeout-ms", -1);
            format = Format.from(cl.keyValues("property"));
            if (group != null) {
                props.put("group.id", group);
                String reset = cl.has("from-beginning") ? "earliest" : "latest";
                Object configured = props.putIfAbsent("auto.offset.reset", reset);
                if (configured != null && cl.has("from-beginning") && !"earliest".equals(configured.toString())) {
                    throw new CommandLine.UsageException("Can't simultaneously specify --from-beginning and 'auto.offset.reset="
                            + configured + "'");
                }
            }
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            cl.printUsage(err);
            return 1;
        }
        long processed = 0;
        try (GregorConsumer<byte[], byte[]> consumer = new GregorConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            if (group != null && partition == null) {
                consumer.subscribe(List.of(topic));
            } else {
                List<TopicPartition> partitions = partition != null ? List.of(new TopicPartition(topic, partition))
                        : consumer.partitionsFor(topic, Duration.ofMillis(timeoutMs > 0 ? Math.max(timeoutMs, 10000) : 60000));
                consumer.assign(partitions);
                position(consumer, partitions, offset, cl.has("from-beginning"), group != null);
            }
            long lastRecordAt = System.currentTimeMillis();
            while (!stop.get() && (maxMessages < 0 || processed < maxMessages)) {
                long wait = timeoutMs < 0 ? 1000 : Math.max(0, Math.min(1000, lastRecordAt + timeoutMs - System.currentTimeMillis()));
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(wait));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (maxMessages >= 0 && processed >= maxMessages) {
                        break;
                    }
                    out.print(format.format(r));
                    processed++;
                }
                out.flush();
                if (!records.isEmpty()) {
                    lastRecordAt = System.currentTimeMillis();
                } else if (timeoutMs >= 0 && System.currentTimeMillis() - lastRecordAt >= timeoutMs) {
                    err.println("[" + java.time.Instant.now() + "] ERROR Error processing message, terminating consumer process: "
                            + "no record within --timeout-ms " + timeoutMs);
                    break;
                }
            }
        } catch (GregorApiException | IllegalArgumentException | IllegalStateException e) {
            err.println("ERROR " + e.getMessage());
            err.println("Processed a total of " + processed + " messages");
            return 1;
        }
        err.println("Processed a total of " + processed + " messages");
        return 0;
    }
}
