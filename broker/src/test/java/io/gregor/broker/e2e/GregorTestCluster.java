package io.gregor.broker.e2e;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.GregorCluster;
import io.gregor.clients.e2e.ClusterUnderTest;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The clients' {@link ClusterUnderTest} view of one in-process broker (id 0) on the shared
 * {@link GregorCluster} fixture: a fresh ZooKeeper chroot on the JVM's shared ZooKeeper server
 * ({@link GregorCluster#startOnSharedZooKeeper()}) and a fresh temp log dir. {@link #close()} stops
 * the broker and deletes its files.
 */
public final class GregorTestCluster implements ClusterUnderTest {
    private final GregorCluster cluster;
    private final Path logDir;
    private final GregorServer server;

    private GregorTestCluster(GregorCluster cluster, Path logDir, GregorServer server) {
        this.cluster = cluster;
        this.logDir = logDir;
        this.server = server;
    }

    /**
     * Starts a broker with id 0 and returns once it is the controller and has its first
     * UpdateMetadata; {@code overrides} are broker config keys (e.g. auto.create.topics.enable).
     */
    public static GregorTestCluster start(Map<String, String> overrides) throws Exception {
        GregorCluster cluster = GregorCluster.startOnSharedZooKeeper();
        try {
            Map<String, String> settings = new HashMap<>();
            settings.put("num.io.threads", "2");
            settings.put("num.network.threads", "1");
            settings.putAll(overrides);
            Path logDir = cluster.newDir("logs-0-");
            GregorServer server = cluster.joinInProcessBroker(0, logDir, settings);
            // ready = elected controller and its UpdateMetadata received, as a client expects of a started cluster
            Awaitility.await("broker 0 elected controller with metadata").atMost(GregorCluster.STARTUP_TIMEOUT)
                    .until(() -> server.controllerElection().isActive()
                            && server.metadataCache().snapshot().controllerEpoch() >= 0);
            return new GregorTestCluster(cluster, logDir, server);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public static GregorTestCluster start() throws Exception {
        return start(Map.of());
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
        return cluster.zookeeperConnect();
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
        try {
            cluster.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("closing the test cluster failed", e);
        }
    }
}
