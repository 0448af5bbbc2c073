package io.gregor.broker.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real ZooKeeper server ({@code ZooKeeperServerMain}) in a child JVM with this test's classpath,
 * on 127.0.0.1 and a free port, for tests that need server-side settings ZooKeeper only reads once
 * per JVM from system properties, such as a small {@code jute.maxbuffer}. Its output goes to
 * {@code zookeeper.log} in its directory. {@link #close()} stops it (SIGTERM, then SIGKILL).
 */
public final class ZooKeeperProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int securePort; // -1: none

    private ZooKeeperProcess(Process process, int port, int securePort) {
        this.process = process;
        this.port = port;
        this.securePort = securePort;
    }

    /** Starts ZooKeeper in {@code dir} with {@code systemProperties} and waits until it answers. */
    public static ZooKeeperProcess start(Path dir, Map<String, String> systemProperties) throws IOException {
        return start(dir, systemProperties, false);
    }

    /**
     * As {@link #start(Path, Map)}; with {@code securePort}, ZooKeeper also listens on a TLS port
     * ({@code secureClientPort}, {@link #secureConnectString()}), whose {@code zookeeper.ssl.*}
     * server settings and Netty connection factory {@code systemProperties} must give.
     */
    public static ZooKeeperProcess start(Path dir, Map<String, String> systemProperties, boolean securePort)
            throws IOException {
        int port = freePort();
        int tlsPort = securePort ? freePort() : -1;
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("zookeeper.properties");
        List<String> lines = new ArrayList<>(List.of("dataDir=" + data, "clientPort=" + port,
                "clientPortAddress=127.0.0.1", "tickTime=500", "maxClientCnxns=0", "admin.enableServer=false"));
        if (securePort) {
            lines.add("secureClientPort=" + tlsPort);
            lines.add("secureClientPortAddress=127.0.0.1");
        }
        lines.add("");
        Files.writeString(config, String.join("\n", lines), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("org.apache.zookeeper.server.ZooKeeperServerMain");
        command.add(config.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("zookeeper.log").toFile()).start();
        ZooKeeperProcess zk = new ZooKeeperProcess(process, port, tlsPort);
        try {
            Awaitility.await("ZooKeeper on 127.0.0.1:" + port).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> zk.answers(port) && (tlsPort < 0 || zk.answers(tlsPort)));
        } catch (RuntimeException e) {
            zk.close();
            throw e;
        }
        return zk;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private boolean answers(int port) {
        if (!process.isAlive()) {
            throw new IllegalStateException("ZooKeeper exited with " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public String connectString() {
        return "127.0.0.1:" + port;
    }

    /** The TLS port's {@code host:port}; only when started with a secure port. */
    public String secureConnectString() {
        if (securePort < 0) {
            throw new IllegalStateException("this ZooKeeper has no secure client port");
        }
        return "127.0.0.1:" + securePort;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
