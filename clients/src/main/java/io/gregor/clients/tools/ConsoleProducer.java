package io.gregor.clients.tools;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.producer.ByteArraySerializer;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.RecordMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/gregor-console-producer.sh}: sends each line of standard input as one record, like
 * Kafka's {@code kafka-console-producer.sh}. With {@code --property parse.key=true} a line is
 * {@code key<key.separator>value} (separator default tab). Exits 0 after sending every line, 1 on
 * a usage error or a failed send.
 */
public final class ConsoleProducer {
    private ConsoleProducer() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static CommandLine options() {
        return new CommandLine("Read data from standard input and publish it to a topic.")
                .option("bootstrap-server", "server to connect to", "REQUIRED: The server(s) to connect to, host:port[,host:port].")
                .option("topic", "topic", "REQUIRED: The topic to produce messages to.")
                .repeatable("property", "prop", "A line reader property: parse.key, key.separator, ignore.error (repeatable).")
                .repeatable("producer-property", "producer_prop", "A producer property as key=value (repeatable).")
                .option("producer.config", "config file", "A file of producer properties.")
                .optionalValue("compression-codec", "compression-codec",
                        "none, gzip, snappy, lz4 or zstd; without a value: gzip.", "gzip")
                .flag("sync", "Send each message synchronously, one at a time as it arrives.")
                .option("request-required-acks", "request required acks", "The acks of the producer requests (default: all).")
                .option("linger-ms", "Integer: linger ms", "How long to wait for more records before sending a batch (default: 1000).")
                .option("batch-size", "Integer: size", "The producer batch.size.");
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine cl = options();
        Map<String, Object> props = new HashMap<>();
        boolean parseKey;
        String keySeparator;
        boolean ignoreError;
        String topic;
        try {
            cl.parse(args);
            if (cl.has("help")) {
                cl.printUsage(out);
                return 0;
            }
            props.put("linger.ms", "1000");
            props.putAll(cl.propertiesFile("producer.config"));
            props.putAll(cl.keyValues("producer-property"));
            props.put("bootstrap.servers", cl.required("bootstrap-server"));
            topic = cl.required("topic");
            if (cl.has("compression-codec")) {
                props.put("compression.type", cl.get("compression-codec"));
            }
            if (cl.has("request-required-acks")) {
                props.put("acks", cl.get("request-required-acks"));
            }
            if (cl.has("linger-ms")) {
                props.put("linger.ms", String.valueOf(cl.longValue("linger-ms", 1000)));
            }
            if (cl.has("batch-size")) {
                props.put("batch.size", String.valueOf(cl.intValue("batch-size", 16384)));
            }
            props.putIfAbsent("client.id", "console-producer");
            Map<String, String> reader = cl.keyValues("property");
            parseKey = Boolean.parseBoolean(reader.getOrDefault("parse.key", "false").trim());
            keySeparator = reader.getOrDefault("key.separator", "\t");
            ignoreError = Boolean.parseBoolean(reader.getOrDefault("ignore.error", "false").trim());
            if (keySeparator.isEmpty()) {
                throw new CommandLine.UsageException("key.separator must not be empty");
            }
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            cl.printUsage(err);
            return 1;
        }
        AtomicReference<Exception> firstError = new AtomicReference<>();
        try (GregorProducer<byte[], byte[]> producer = new GregorProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                byte[] key = null;
                String value = line;
                if (parseKey) {
                    int idx = line.indexOf(keySeparator);
                    if (idx < 0) {
                        if (!ignoreError) {
                            err.println("No key separator found on line number " + lineNumber + ": '" + line + "'");
                            return 1;
                        }
                    } else {
                        key = line.substring(0, idx).getBytes(StandardCharsets.UTF_8);
                        value = line.substring(idx + keySeparator.length());
                    }
                }
                Future<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)),
                        (md, e) -> {
                            if (e != null && firstError.compareAndSet(null, e)) {
                                err.println("Error when sending message to topic " + topic + ": " + e.getMessage());
                            }
                        });
                if (cl.has("sync")) {
                    f.get();
                }
            }
            producer.flush();
        } catch (IOException e) {
            err.println("Error reading standard input: " + e.getMessage());
            return 1;
        } catch (ExecutionException e) {
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (GregorApiException | IllegalArgumentException | IllegalStateException e) {
            err.println("ERROR " + e.getMessage());
            return 1;
        }
        return firstError.get() == null ? 0 : 1;
    }
}
