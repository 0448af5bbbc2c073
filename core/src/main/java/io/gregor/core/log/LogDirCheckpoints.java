package io.gregor.core.log;

import io.gregor.core.checkpoint.OffsetCheckpointFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offset checkpoints of each log dir, in Kafka's files: {@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint} and {@code replication-offset-checkpoint} (high watermarks),
 * written for the logs (current and future) a dir holds and read back at startup. Stateless.
 */
final class LogDirCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(LogDirCheckpoints.class);

    private LogDirCheckpoints() {
    }

    /**
     * Writes the three checkpoints of every dir of {@code dirs} for the {@code logs} it holds; a
     * dir that fails is reported to {@code failures} and does not keep the others' from being
     * written; the first failure is thrown at the end, with the others attached.
     */
    static void write(List<Path> dirs, Collection<Log> logs, LogDirFailureChannel failures) throws IOException {
        IOException failure = null;
        for (Path dir : dirs) {
            Map<TopicPartition, Long> recoveryPoints = new HashMap<>();
            Map<TopicPartition, Long> startOffsets = new HashMap<>();
            Map<TopicPartition, Long> highWatermarks = new HashMap<>();
            for (Log l : logs) {
                if (l.dir().getParent().equals(dir)) {
                    recoveryPoints.put(l.topicPartition(), l.recoveryPoint());
                    startOffsets.put(l.topicPartition(), l.logStartOffset());
                    highWatermarks.put(l.topicPartition(), l.highWatermark());
                }
            }
            try {
                new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT)).write(recoveryPoints);
                new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET)).write(startOffsets);
                new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.REPLICATION_OFFSET)).write(highWatermarks);
            } catch (IOException e) {
                failures.maybeAddOfflineLogDir(dir, "writing the offset checkpoints failed", e);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The checkpoint {@code name} of {@code dir}; an unreadable one is logged and read as empty (full recovery). */
    static Map<TopicPartition, Long> readLeniently(Path dir, String name) {
        OffsetCheckpointFile file = new OffsetCheckpointFile(dir.resolve(name));
        try {
            return file.read();
        } catch (IOException e) {
            log.warn("Ignoring unreadable checkpoint {}; affected logs will be fully recovered: {}", file.file(),
                    e.getMessage());
            return Map.of();
        }
    }
}
