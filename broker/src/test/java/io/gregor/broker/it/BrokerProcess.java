package io.gregor.broker.it;

import io.gregor.broker.Main;
import io.gregor.coordination.zk.BrokerInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A broker running {@link Main} in a child JVM with this test's classpath
 * ({@code java.class.path}), a temp properties file and {@code --override}s. {@link #start} returns
 * once the broker has written a fresh {@code /brokers/ids/<id>} registration (one made after this
 * process was launched), whose port is {@link #port()}. The child's stdout and stderr go to
 * {@link #outputFile()}, quoted in failures. {@link #stop()} is a graceful SIGTERM
 * ({@link Process#destroy()}), {@link #kill()} a kill -9 ({@link Process#destroyForcibly()}).
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final int brokerId;
    private final Process process;
    private final Path outputFile;
    private final int port;
    private final BrokerInfo registration;

    private BrokerProcess(int brokerId, Process process, Path outputFile, BrokerInfo registration) {
        this.brokerId = brokerId;
        this.process = process;
        this.outputFile = outputFile;
        this.port = registration.port();
        this.registration = registration;
    }

    /**
     * Launches the broker: every property of {@code properties} is written to the properties file
     * except {@code listeners} and {@code log.dirs}, which go on the command line as
     * {@code --override}s (as an operator would pass them).
     */
    static BrokerProcess start(GregorCluster cluster, int brokerId, Map<String, String> properties) throws Exception {
        return start(cluster, brokerId, properties, Map.of());
    }

    /**
     * As {@link #start(GregorCluster, int, Map)}, the JVM started with {@code systemProperties}
     * ({@code -Dk=v}; through the bin scripts in {@code GREGOR_OPTS}), e.g. the JAAS file.
     */
    static BrokerProcess start(GregorCluster cluster, int brokerId, Map<String, String> properties,
                               Map<String, String> systemProperties) throws Exception {
        List<String> jvmProperties = new ArrayList<>();
        new TreeMap<>(systemProperties).forEach((k, v) -> jvmProperties.add("-D" + k + "=" + v));
        Path dir = cluster.newDir("broker-process-" + brokerId + "-");
        Path propertiesFile = dir.resolve("server.properties");
        Properties fileProps = new Properties();
        List<String> overrides = new ArrayList<>();
        new TreeMap<>(properties).forEach((k, v) -> {
            if (k.equals("listeners") || k.equals("log.dirs")) {
                overrides.add("--override");
                overrides.add(k + "=" + v);
            } else {
                fileProps.setProperty(k, v);
            }
        });
        try (OutputStream out = Files.newOutputStream(propertiesFile)) {
            fileProps.store(out, "Gregor integration test broker " + brokerId);
        }
        ProcessBuilder builder;
        if (THROUGH_BIN_SCRIPTS) {
            // As an operator starts it: bin/gregor-server-start.sh in the foreground, which execs the
            // JVM, so this Process is the broker's JVM and kill -9 / SIGTERM reach it directly.
            List<String> command = new ArrayList<>(List.of(repositoryRoot().resolve("bin/gregor-server-start.sh").toString(),
                    propertiesFile.toString()));
            command.addAll(overrides);
            builder = new ProcessBuilder(command);
            builder.environment().put("GREGOR_HEAP_OPTS", "-Xmx256m");
            builder.environment().put("GREGOR_OPTS", String.join(" ", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                    String.join(" ", jvmProperties)).strip());
            builder.environment().put("LOG_DIR", dir.resolve("logs").toString());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        } else {
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1"));
            command.addAll(jvmProperties);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    propertiesFile.toString()));
            command.addAll(overrides);
            builder = new ProcessBuilder(command);
        }
        Path outputFile = dir.resolve("broker.out");
        long launchedAtMs = System.currentTimeMillis();
        Process process = builder.redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
        try {
            BrokerInfo registered = awaitRegistration(cluster, brokerId, process, outputFile, launchedAtMs);
            return new BrokerProcess(brokerId, process, outputFile, registered);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw e;
        }
    }

    private static BrokerInfo awaitRegistration(GregorCluster cluster, int brokerId, Process process, Path outputFile,
                                                long launchedAtMs) {
        try {
            return Awaitility.await("broker process " + brokerId + " registered in ZooKeeper")
                    .atMost(GregorCluster.STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("broker process " + brokerId + " exited with "
                                    + process.exitValue() + " before registering:\n" + tail(outputFile));
                        }
                        return cluster.registeredBroker(brokerId).filter(b -> b.timestamp() >= launchedAtMs);
                    }, Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; its output:\n" + tail(outputFile), e);
        }
    }

    /**
     * True in the {@code integration-test} phase (after {@code package}, when the module jars the bin
     * scripts need exist): brokers then start through {@code bin/gregor-server-start.sh}.
     */
    private static final boolean THROUGH_BIN_SCRIPTS = Boolean.getBoolean("gregor.brokers.throughBinScripts");

    /** The checkout's root: surefire runs in the broker module's directory. */
    private static Path repositoryRoot() {
        Path moduleDir = Path.of("").toAbsolutePath();
        return Files.isDirectory(moduleDir.resolve("bin")) ? moduleDir : moduleDir.getParent();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public int brokerId() {
        return brokerId;
    }

    /** The port of the PLAINTEXT listener, as registered in ZooKeeper. */
    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** host:port of the listener {@code listenerName}, as registered in ZooKeeper. */
    public String bootstrapServers(String listenerName) {
        return registration.endpoints().stream().filter(e -> e.listenerName().equals(listenerName))
                .map(e -> "127.0.0.1:" + e.port()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("broker " + brokerId + " has no listener " + listenerName));
    }

    public Path outputFile() {
        return outputFile;
    }

    /** The exit code of the process, which has exited (IllegalThreadStateException while it runs). */
    public int exitCode() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM and wait for the JVM to exit (the shutdown hook stops the broker cleanly); returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        return awaitExit("graceful stop");
    }

    /** kill -9 and wait for the process to be gone; returns the exit code. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit("kill -9");
    }

    private int awaitExit(String how) throws InterruptedException {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("broker process " + brokerId + " did not exit within " + STOP_TIMEOUT
                    + " after " + how + "; its output:\n" + tail(outputFile));
        }
        return process.exitValue();
    }

    /** The OS process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** SIGSTOP: the JVM stays alive (sockets open, ZooKeeper session ticking) but does nothing. */
    public void pause() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed for broker " + brokerId);
        }
    }

    /** The last lines the broker wrote, for failure messages. */
    public String outputTail() {
        return tail(outputFile);
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
