package io.gregor.core.checkpoint;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code meta.properties} of a log dir as Kafka's ZooKeeper mode writes it: {@code version=0},
 * {@code broker.id}, {@code cluster.id}. Immutable.
 */
public record MetaProperties(int brokerId, String clusterId) {
    public static final String FILE_NAME = "meta.properties";

    /** Reads {@code <logDir>/meta.properties}; empty if absent; {@link MalformedCheckpointException} if unusable. */
    public static Optional<MetaProperties> read(Path logDir) throws IOException {
        Path file = logDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        props.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String version = props.getProperty("version");
        if (!"0".equals(version == null ? null : version.trim())) {
            throw new MalformedCheckpointException(file + " has version " + version + "; only version 0 is supported");
        }
        String brokerId = props.getProperty("broker.id");
        if (brokerId == null) {
            throw new MalformedCheckpointException(file + " has no broker.id");
        }
        try {
            String clusterId = props.getProperty("cluster.id");
            return Optional.of(new MetaProperties(Integer.parseInt(brokerId.trim()),
                    clusterId == null ? null : clusterId.trim()));
        } catch (NumberFormatException e) {
            throw new MalformedCheckpointException(file + " has a broker.id that is not a number: " + brokerId);
        }
    }

    /** Writes {@code <logDir>/meta.properties} through a fsynced temp file and an atomic rename. */
    public void write(Path logDir) throws IOException {
        Path file = logDir.resolve(FILE_NAME);
        Path tmp = logDir.resolve(FILE_NAME + ".tmp");
        StringBuilder text = new StringBuilder("#\n#Written by Gregor\n");
        text.append("version=0\n").append("broker.id=").append(brokerId).append('\n');
        if (clusterId != null) {
            text.append("cluster.id=").append(clusterId).append('\n');
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.UTF_8.encode(text.toString()));
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        CheckpointFile.fsyncDirectory(logDir);
    }

    /**
     * Checks that this log dir belongs to broker {@code brokerId} of cluster {@code clusterId} (a
     * null cluster id on either side is not compared); throws {@link IllegalStateException} naming the
     * file otherwise.
     */
    public void checkMatches(Path logDir, int expectedBrokerId, String expectedClusterId) {
        Path file = logDir.resolve(FILE_NAME);
        if (brokerId != expectedBrokerId) {
            throw new IllegalStateException("broker.id " + brokerId + " in " + file + " does not match the configured broker.id "
                    + expectedBrokerId + "; this log dir belongs to another broker");
        }
        if (clusterId != null && expectedClusterId != null && !clusterId.equals(expectedClusterId)) {
            throw new IllegalStateException("cluster.id " + clusterId + " in " + file + " does not match the cluster id "
                    + expectedClusterId + "; this log dir belongs to another cluster");
        }
    }
}
