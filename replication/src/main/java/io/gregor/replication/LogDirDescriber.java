package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DescribeLogDirs from the log manager, as Kafka's replica manager does: every configured
 * directory with its replicas' sizes and offset lags (future logs of log dir moves included, with
 * their lag behind the current log), and the space of its file system. An offline
 * directory is reported with KAFKA_STORAGE_ERROR and nothing else. Stateless; reads are lock-free
 * snapshots of the logs.
 */
final class LogDirDescriber {
    private static final Logger log = LoggerFactory.getLogger(LogDirDescriber.class);

    private LogDirDescriber() {
    }

    /**
     * @param logManager the logs and their directories
     * @param partitions the partition this broker hosts, for the lag of a current log
     * @param wanted     the partitions to report, or empty for all of them
     */
    static List<LogDirDescription> describe(LogManager logManager, Function<TopicPartition, Optional<Partition>> partitions,
                                            Optional<Set<TopicPartition>> wanted) {
        List<LogDirDescription> out = new ArrayList<>();
        for (Path dir : logManager.logDirs()) {
            Path absolute = dir.toAbsolutePath();
            if (logManager.isOffline(dir)) {
                out.add(new LogDirDescription(absolute, Errors.KAFKA_STORAGE_ERROR, List.of(), -1, -1));
                continue;
            }
            List<LogDirDescription.Replica> replicas = new ArrayList<>();
            for (Log l : logManager.logsIn(dir)) {
                TopicPartition tp = l.topicPartition();
                if (wanted.isPresent() && !wanted.get().contains(tp)) {
                    continue;
                }
                long lag = partitions.apply(tp).map(p -> Math.max(p.highWatermark() - l.logEndOffset(), 0L)).orElse(-1L);
                replicas.add(new LogDirDescription.Replica(tp, l.size(), lag, false));
            }
            logManager.futureLogs().forEach((tp, future) -> {
                if (future.dir().getParent().equals(dir) && (wanted.isEmpty() || wanted.get().contains(tp))) {
                    long lag = logManager.getLog(tp).map(current -> Math.max(current.logEndOffset() - future.logEndOffset(), 0L))
                            .orElse(-1L);
                    replicas.add(new LogDirDescription.Replica(tp, future.size(), lag, true));
                }
            });
            replicas.sort(Comparator.comparing((LogDirDescription.Replica r) -> r.topicPartition().topic())
                    .thenComparingInt(r -> r.topicPartition().partition()).thenComparing(LogDirDescription.Replica::isFuture));
            long total = -1;
            long usable = -1;
            try {
                FileStore store = Files.getFileStore(dir);
                total = store.getTotalSpace();
                usable = store.getUsableSpace();
            } catch (IOException e) {
                log.warn("Cannot read the file system space of log dir {}: {}", dir, e.getMessage());
            }
            out.add(new LogDirDescription(absolute, Errors.NONE, replicas, total, usable));
        }
        return out;
    }
}
