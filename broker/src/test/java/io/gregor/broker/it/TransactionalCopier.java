package io.gregor.broker.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Kafka 3.9.1's own {@code org.apache.kafka.tools.TransactionalMessageCopier} (kafka-tools, test
 * scope) in a child JVM with this test's classpath, copying one input partition to an output topic
 * in transactions, its consumer offsets committed in the same transactions. As Kafka's system test
 * does, it is run again whenever it exits (it exits on errors it does not retry, and with 0 once it
 * has copied up to the input's end offset as of its start), until {@link #close()}; each run takes
 * the bootstrap list of the brokers alive at that moment. Output of every run goes to one file.
 */
final class TransactionalCopier implements AutoCloseable {
    private final String transactionalId;
    private final List<String> arguments;
    private final Supplier<String> bootstrap;
    private final Path outputFile;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger failedRuns = new AtomicInteger();
    private final Thread supervisor;
    private volatile Process current; // the run in progress, null between runs

    /**
     * Starts copying {@code inputTopic}-{@code inputPartition} to {@code outputTopic} as
     * {@code transactionalId}, committing offsets for {@code consumerGroup}; {@code useGroupMetadata}
     * passes the consumer's group metadata to sendOffsetsToTransaction (else only the group id).
     */
    TransactionalCopier(Supplier<String> bootstrap, Path workDir, String inputTopic, int inputPartition,
                        String outputTopic, String transactionalId, String consumerGroup, int transactionSize,
                        boolean useGroupMetadata) {
        this.transactionalId = transactionalId;
        this.bootstrap = bootstrap;
        this.outputFile = workDir.resolve(transactionalId + ".out");
        List<String> args = new ArrayList<>(List.of("--input-topic", inputTopic,
                "--input-partition", Integer.toString(inputPartition), "--output-topic", outputTopic,
                "--transactional-id", transactionalId, "--consumer-group", consumerGroup,
                "--transaction-size", Integer.toString(transactionSize),
                // Kafka's system test: below its progress timeout, above the 30 s request timeout
                "--transaction-timeout", "40000"));
        if (useGroupMetadata) {
            args.add("--use-group-metadata");
        }
        this.arguments = List.copyOf(args);
        this.supervisor = new Thread(this::superviseRuns, "copier-" + transactionalId);
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void superviseRuns() {
        while (running.get()) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.TransactionalMessageCopier",
                    "--broker-list", bootstrap.get()));
            command.addAll(arguments);
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile())).start();
                current = process;
                runs.incrementAndGet();
                if (!running.get()) {
                    process.destroyForcibly();
                }
                if (process.waitFor() != 0 && running.get()) {
                    failedRuns.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the copier " + transactionalId, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                current = null;
            }
        }
    }

    String transactionalId() {
        return transactionalId;
    }

    /** How many times the copier was started. */
    int runs() {
        return runs.get();
    }

    /** How many runs exited with an error (not counting those {@link #close()} ended). */
    int failedRuns() {
        return failedRuns.get();
    }

    String outputTail() {
        return BrokerProcess.tail(outputFile);
    }

    /** Stops running the copier: the run in progress is killed (as a copier is bounced), no new one starts. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        Process process = current;
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        supervisor.join(30_000);
    }
}
