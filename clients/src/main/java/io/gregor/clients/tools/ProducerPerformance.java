package io.gregor.clients.tools;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.producer.ByteArraySerializer;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/gregor-producer-perf-test.sh}: sends {@code --num-records} records to a topic with
 * {@link GregorProducer}, optionally paced to {@code --throughput} records/s, and prints Kafka's
 * {@code kafka-producer-perf-test.sh} lines: one per 5 s window, then the total with latency
 * percentiles. Latency is from {@code send} to acknowledgement. Records have no key; the payload is
 * {@code --record-size} random letters (the same bytes every time), a randomly chosen line of
 * {@code --payload-file}, or with {@code --payload-monotonic} the record's sequence number as text.
 * Failed sends are printed to stderr and counted; the exit code is 1 if any failed.
 */
public final class ProducerPerformance {
    static final long REPORTING_INTERVAL_MS = 5000;
    private static final int MAX_PRINTED_ERRORS = 10;

    private ProducerPerformance() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("This tool is used to verify the producer performance (Gregor's producer).")
                .option("topic", "topic", "REQUIRED: produce messages to this topic.")
                .option("num-records", "num-records", "REQUIRED: number of messages to produce.")
                .option("throughput", "throughput", "REQUIRED: throttle maximum message throughput to *approximately* "
                        + "this many messages/sec; -1 disables throttling.")
                .option("record-size", "record-size", "message size in bytes; exactly one of --record-size, "
                        + "--payload-file or --payload-monotonic.")
                .option("payload-file", "payload-file", "file of UTF-8 payloads, one picked at random per message.")
                .flag("payload-monotonic", "payload is the message's sequence number as text.")
                .option("payload-delimiter", "payload-delimiter", "delimiter of payloads in --payload-file (default: \\n).")
                .repeatable("producer-props", "prop-name=prop-value", "producer properties (bootstrap.servers, acks, ...), "
                        + "one or more after the flag; they take precedence over --producer.config.")
                .option("producer.config", "config-file", "producer config properties file.");
    }

    /** Kafka's {@code --producer-props a=1 b=2} takes several values: spread them over repeated options. */
    static String[] spreadMultiValued(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            out.add(args[i]);
            if (args[i].equals("--producer-props")) {
                int first = i + 1;
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    if (i + 1 > first) {
                        out.add("--producer-props");
                    }
                    out.add(args[++i]);
                }
            }
        }
        return out.toArray(new String[0]);
    }

    /** Chooses the value of each send. */
    interface Payloads {
        byte[] next(long sequence);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = options();
        Map<String, Object> props = new HashMap<>();
        String topic;
        long numRecords;
        double throughput;
        Payloads payloads;
        try {
            cl.parse(spreadMultiValued(args));
            if (cl.has("help")) {
                cl.printUsage(out);
                return 0;
            }
            topic = cl.required("topic");
            numRecords = cl.longValue("num-records", -1);
            if (!cl.has("num-records")) {
                cl.required("num-records");
            }
            if (numRecords < 0) {
                throw new CommandLine.UsageException("--num-records must not be negative");
            }
            throughput = parseThroughput(cl.required("throughput"));
            payloads = payloads(cl);
            props.putAll(cl.propertiesFile("producer.config"));
            props.putAll(cl.keyValues("producer-props"));
            if (!props.containsKey("bootstrap.servers")) {
                throw new CommandLine.UsageException("bootstrap.servers must be given with --producer-props or --producer.config");
            }
            props.putIfAbsent("client.id", "perf-producer-client");
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            cl.printUsage(err);
            return 1;
        }
        return produce(props, topic, numRecords, throughput, payloads, out, err);
    }

    private static double parseThroughput(String v) throws CommandLine.UsageException {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException("Option --throughput: '" + v + "' is not a number");
        }
        if (d == 0 || Double.isNaN(d)) {
            throw new CommandLine.UsageException("--throughput must be positive, or -1 for no throttling");
        }
        return d;
    }

    private static Payloads payloads(CommandLine cl) throws CommandLine.UsageException {
        int given = (cl.has("record-size") ? 1 : 0) + (cl.has("payload-file") ? 1 : 0) + (cl.has("payload-monotonic") ? 1 : 0);
        if (given != 1) {
            throw new CommandLine.UsageException("Exactly one of --record-size, --payload-file or --payload-monotonic must be given");
        }
        if (cl.has("payload-monotonic")) {
            return seq -> Long.toString(seq).getBytes(StandardCharsets.UTF_8);
        }
        if (cl.has("record-size")) {
            int size = cl.intValue("record-size", 0);
            if (size < 0) {
                throw new CommandLine.UsageException("--record-size must not be negative");
            }
            byte[] payload = new byte[size];
            Random random = new Random();
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) ('A' + random.nextInt(26));
            }
            return seq -> payload;
        }
        String delimiter = cl.get("payload-delimiter") == null ? "\n" : cl.get("payload-delimiter").replace("\\n", "\n");
        String text;
        try {
            text = Files.readString(Path.of(cl.get("payload-file")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.UsageException("Cannot read --payload-file " + cl.get("payload-file") + ": " + e.getMessage());
        }
        List<byte[]> list = new ArrayList<>();
        for (String s : text.split(java.util.regex.Pattern.quote(delimiter))) {
            if (!s.isEmpty()) {
                list.add(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (list.isEmpty()) {
            throw new CommandLine.UsageException("--payload-file " + cl.get("payload-file") + " holds no payload");
        }
        Random random = new Random();
        return seq -> list.get(random.nextInt(list.size()));
    }

    private static int produce(Map<String, Object> props, String topic, long numRecords, double throughput,
                               Payloads payloads, PrintStream out, PrintStream err) {
        AtomicLong failed = new AtomicLong();
        ProducerStats stats = null;
        try (GregorProducer<byte[], byte[]> producer = new GregorProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerStats s = new ProducerStats(numRecords, REPORTING_INTERVAL_MS, out);
            stats = s;
            Throttle throttle = new Throttle(throughput); // paced from here, not from before the producer started
            for (long i = 0; i < numRecords; i++) {
                throttle.pace(i);
                byte[] value = payloads.next(i);
                long sequence = i;
                long sentAt = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                    long now = System.currentTimeMillis();
                    if (exception != null) {
                        if (failed.incrementAndGet() <= MAX_PRINTED_ERRORS) {
                            err.println("ERROR send " + sequence + " to " + topic + " failed: " + exception);
                        }
                    } else {
                        s.record(sequence, now - sentAt, value.length, now);
                    }
                });
            }
            producer.flush();
            s.printTotal(System.currentTimeMillis());
        } catch (GregorApiException | IllegalArgumentException | IllegalStateException e) {
            err.println("ERROR producing to " + topic + ": " + e.getMessage());
            if (stats != null) {
                stats.printTotal(System.currentTimeMillis());
            }
            return 1;
        }
        if (failed.get() > 0) {
            err.println("ERROR " + failed.get() + " of " + numRecords + " sends failed");
            return 1;
        }
        return 0;
    }
}
