package io.gregor.broker.e2e;

import io.gregor.broker.GregorServer;
import io.gregor.broker.config.BrokerConfig;
import io.gregor.clients.e2e.ClusterUnderTest;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;

/**
 * One real Gregor broker (in-process {@link GregorServer}) on an ephemeral 127.0.0.1 port, with a
 * fresh temp log dir and a fresh ZooKeeper chroot on a real ZooKeeper server (Curator
 * {@code TestingServer}) shared by every cluster of this JVM. {@link #close()} stops the broker and
 * deletes its log dir; the chroot is left behind on the shared server.
 */
public final class GregorTestCluster implements ClusterUnderTest {
    private static final AtomicInteger CHROOTS = new AtomicInteger();
    private static TestingServer zookeeper;

    private final Path logDir;
    private final String zkConnect;
    private final GregorServer server;

    private GregorTestCluster(Path logDir, String zkConnect, GregorServer server) {
        this.logDir = logDir;
        this.zkConnect = zkConnect;
        this.server = server;
    }

    /**
     * Starts a broker with id 0 and returns once it is the controller and has its first
     * UpdateMetadata; {@code overrides} are broker config keys (e.g. auto.create.topics.enable).
     */
    public static GregorTestCluster start(Map<String, String> overrides) throws Exception {
        String zkConnect = sharedZooKeeper() + "/gregor-e2e-" + CHROOTS.incrementAndGet();
        Path logDir = Files.createTempDirectory("gregor-e2e-");
        Map<String, String> raw = new HashMap<>();
        raw.put("broker.id", "0");
        raw.put("listeners", "PLAINTEXT://127.0.0.1:0");
        raw.put("log.dirs", logDir.toString());
        raw.put("zookeeper.connect", zkConnect);
        raw.put("controlled.shutdown.retry.backoff.ms", "200");
        raw.put("zookeeper.session.timeout.ms", "6000");
        raw.put("num.io.threads", "2");
        raw.put("num.network.threads", "1");
        raw.put("num.partitions", "1");
        raw.putAll(overrides);
        GregorServer server = new GregorServer(BrokerConfig.fromMap(raw));
        try {
            server.startup();
            // ready = elected controller and its UpdateMetadata received, as a client expects of a started cluster
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.controllerElection().isActive()
                    && server.metadataCache().snapshot().controllerEpoch() >= 0);
        } catch (Exception | Error e) {
            server.shutdown();
            deleteRecursively(logDir);
            throw e;
        }
        return new GregorTestCluster(logDir, zkConnect, server);
    }

    public static GregorTestCluster start() throws Exception {
        return start(Map.of());
    }

    private static synchronized String sharedZooKeeper() throws Exception {
        if (zookeeper == null) {
            zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 250, -1,
                    Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
            TestingServer started = zookeeper;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the temp dir of ZooKeeper is removed by Curator if it can
                }
            }, "gregor-e2e-zookeeper-stop"));
        }
        return zookeeper.getConnectString();
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + server.boundPort("PLAINTEXT");
    }

    @Override
    public int brokerCount() {
        return 1;
    }

    public GregorServer server() {
        return server;
    }

    /** {@code zookeeper.connect} of this cluster, chroot included. */
    public String zookeeperConnect() {
        return zkConnect;
    }

    /** Every batch in the broker's log files of a partition, read from disk in offset order. */
    public List<RecordBatch> batches(String topic, int partition) throws IOException {
        Path dir = logDir.resolve(topic + "-" + partition);
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        List<RecordBatch> batches = new ArrayList<>();
        for (Path segment : segments) {
            MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(segment)));
            records.batches().forEach(batches::add);
        }
        return batches;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        deleteRecursively(logDir);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
