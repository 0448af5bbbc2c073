package io.gregor.clients.tools;

import io.gregor.clients.consumer.ByteArrayDeserializer;
import io.gregor.clients.consumer.ConsumerRebalanceListener;
import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.consumer.ConsumerRecords;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/gregor-consumer-perf-test.sh}: reads {@code --messages} records of a topic with
 * {@link GregorConsumer} and prints Kafka's {@code kafka-consumer-perf-test.sh} lines: a header,
 * then either one summary line or, with {@code --show-detailed-stats}, one line per reporting
 * interval (5 s by default). As Kafka's tool it subscribes in consumer group {@code --group}
 * (default {@code perf-consumer-<random>}) with {@code auto.offset.reset=earliest}
 * ({@code --from-latest}: latest); {@code rebalance.time.ms} is the time spent joining the group,
 * {@code fetch.time.ms} the rest. Bytes are key plus value sizes; MB is 2^20 bytes. Exits 1 if no
 * record arrived for {@code --timeout} ms before the count was reached.
 */
public final class ConsumerPerformance {
    private static final double MIB = 1024.0 * 1024.0;
    private static final String EXTRA_HEADER = ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    private ConsumerPerformance() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("This tool is used to verify the consumer performance (Gregor's consumer).")
                .option("bootstrap-server", "server to connect to", "REQUIRED: The server(s) to connect to.")
                .option("topic", "topic", "REQUIRED: The topic to consume from.")
                .option("messages", "Long: count", "REQUIRED: The number of messages to consume.")
                .option("consumer.config", "config file", "Consumer config properties file.")
                .option("fetch-size", "Integer: size", "The amount of data to fetch in a single request (default: 1048576).")
                .option("socket-buffer-size", "Integer: size", "The size of the tcp RECV size (default: 2097152).")
                .flag("from-latest", "Start with the latest message present in the log rather than the earliest.")
                .option("reporting-interval", "Long: interval_ms", "Interval in milliseconds at which to print progress "
                        + "info (default: 5000).")
                .flag("show-detailed-stats", "If set, stats are reported for each reporting interval.")
                .optionalValue("timeout", "Long: milliseconds", "The maximum allowed time in milliseconds between "
                        + "returned records (default: 10000).", "10000")
                .option("date-format", "date format", "The date format of the time fields, see java.text.SimpleDateFormat "
                        + "(default: yyyy-MM-dd HH:mm:ss:SSS).")
                .flag("hide-header", "If set, skips printing the header for the stats.")
                .option("group", "gid", "The group id to consume on (default: perf-consumer-<random>).");
    }

    /** What to read and how to report it. */
    record Settings(String topic, long messages, boolean fromLatest, long reportingIntervalMs, boolean detailed,
                    long timeoutMs, SimpleDateFormat dateFormat, boolean hideHeader) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = options();
        Map<String, Object> props = new HashMap<>();
        Settings settings;
        try {
            cl.parse(args);
            if (cl.has("help")) {
                cl.printUsage(out);
                return 0;
            }
            props.putAll(cl.propertiesFile("consumer.config"));
            props.put("bootstrap.servers", cl.required("bootstrap-server"));
            props.putIfAbsent("client.id", "perf-consumer-client");
            props.put("group.id", cl.get("group") != null ? cl.get("group")
                    : "perf-consumer-" + java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000));
            props.put("auto.offset.reset", cl.has("from-latest") ? "latest" : "earliest");
            props.put("max.partition.fetch.bytes", String.valueOf(positive(cl, "fetch-size", 1048576)));
            props.put("receive.buffer.bytes", String.valueOf(positive(cl, "socket-buffer-size", 2097152)));
            String topic = cl.required("topic");
            cl.required("messages");
            long messages = cl.longValue("messages", 0);
            if (messages < 0) {
                throw new CommandLine.UsageException("--messages must not be negative");
            }
            SimpleDateFormat dateFormat;
            try {
                dateFormat = new SimpleDateFormat(cl.get("date-format") == null ? "yyyy-MM-dd HH:mm:ss:SSS" : cl.get("date-format"));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.UsageException("--date-format: " + e.getMessage());
            }
            settings = new Settings(topic, messages, cl.has("from-latest"), positive(cl, "reporting-interval", 5000),
                    cl.has("show-detailed-stats"), positive(cl, "timeout", 10000), dateFormat, cl.has("hide-header"));
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            cl.printUsage(err);
            return 1;
        }
        try (GregorConsumer<byte[], byte[]> consumer = new GregorConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consume(consumer, settings, out, err);
        } catch (GregorApiException | IllegalArgumentException | IllegalStateException e) {
            err.println("ERROR consuming " + settings.topic() + ": " + e.getMessage());
            return 1;
        }
    }

    private static long positive(CommandLine cl, String name, long defaultValue) throws CommandLine.UsageException {
        long v = cl.longValue(name, defaultValue);
        if (v <= 0) {
            throw new CommandLine.UsageException("--" + name + " must be positive, got " + v);
        }
        return v;
    }

    private static int consume(GregorConsumer<byte[], byte[]> consumer, Settings s, PrintStream out, PrintStream err) {
        long[] joinStartMs = {System.currentTimeMillis()};
        long[] joinTimeMs = {0};
        long[] lastConsumedMs = {joinStartMs[0]};
        boolean[] joined = {false};
        consumer.subscribe(List.of(s.topic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                joinStartMs[0] = System.currentTimeMillis();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                long now = System.currentTimeMillis();
                joinTimeMs[0] += now - joinStartMs[0];
                lastConsumedMs[0] = Math.max(lastConsumedMs[0], now); // --timeout counts from the assignment
                joined[0] = true;
            }
        });
        if (!s.hideHeader()) {
            out.printf(s.detailed() ? "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec%s%n"
                    : "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec%s%n", EXTRA_HEADER);
        }
        long startMs = System.currentTimeMillis();
        long messagesRead = 0;
        long bytesRead = 0;
        long windowStartMs = startMs;
        long windowMessages = 0;
        long windowBytes = 0;
        // until the group has assigned partitions (e.g. group.initial.rebalance.delay.ms), allow at least a minute
        long joinTimeoutMs = Math.max(s.timeoutMs(), 60_000);
        while (messagesRead < s.messages()
                && System.currentTimeMillis() - lastConsumedMs[0] <= (joined[0] ? s.timeoutMs() : joinTimeoutMs)) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (messagesRead == s.messages()) {
                    break;
                }
                messagesRead++;
                bytesRead += size(r.key()) + size(r.value());
                lastConsumedMs[0] = now;
            }
            if (s.detailed() && now - windowStartMs >= s.reportingIntervalMs()) {
                printProgress(out, s, now, windowStartMs, bytesRead, bytesRead - windowBytes, messagesRead,
                        messagesRead - windowMessages);
                windowStartMs = now;
                windowBytes = bytesRead;
                windowMessages = messagesRead;
            }
        }
        long endMs = messagesRead < s.messages() ? lastConsumedMs[0] : System.currentTimeMillis();
        if (!s.detailed()) {
            double seconds = Math.max(1, endMs - startMs) / 1000.0;
            double mb = bytesRead / MIB;
            long fetchMs = Math.max(0, endMs - startMs - joinTimeMs[0]);
            double fetchSeconds = Math.max(1, fetchMs) / 1000.0;
            out.printf("%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n", s.dateFormat().format(new Date(startMs)),
                    s.dateFormat().format(new Date(endMs)), mb, mb / seconds, messagesRead, messagesRead / seconds,
                    joinTimeMs[0], fetchMs, mb / fetchSeconds, messagesRead / fetchSeconds);
        }
        out.flush();
        if (messagesRead < s.messages()) {
            err.printf("WARNING: Exiting before consuming the expected number of messages: timeout (%d ms) exceeded. "
                    + "You can use the --timeout option to increase the timeout.%n", s.timeoutMs());
            return 1;
        }
        return 0;
    }

    private static void printProgress(PrintStream out, Settings s, long nowMs, long windowStartMs, long totalBytes,
                                      long windowBytes, long totalMessages, long windowMessages) {
        double seconds = Math.max(1, nowMs - windowStartMs) / 1000.0;
        double windowMbPerSec = windowBytes / MIB / seconds;
        double windowMsgPerSec = windowMessages / seconds;
        out.printf("%s, %d, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n", s.dateFormat().format(new Date(nowMs)), 0,
                totalBytes / MIB, windowMbPerSec, totalMessages, windowMsgPerSec, 0L, nowMs - windowStartMs,
                windowMbPerSec, windowMsgPerSec);
        out.flush();
    }

    private static int size(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
