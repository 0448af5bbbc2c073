package io.gregor.core.log;

import io.gregor.core.checkpoint.MetaProperties;
import io.gregor.core.checkpoint.OffsetCheckpointFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup half of the {@link LogManager}: checks or writes each dir's {@code meta.properties},
 * then loads every partition dir of the usable dirs in parallel ({@code num.recovery.threads.per.data.dir}
 * per dir), with the recovery points, log start offsets and high watermarks of the dir's
 * checkpoints: current logs, and the future logs of unfinished log dir moves ({@code -future}
 * dirs, resumed as Kafka resumes them); {@code -delete} dirs left by a finished move are deleted.
 * Stateless.
 */
final class LogDirLoader {
    private static final Logger log = LoggerFactory.getLogger(LogDirLoader.class);

    /** Opens one log as the log manager opens its logs. */
    @FunctionalInterface
    interface Opener {
        Log open(Path dir, LogConfig config, long logStartOffset, long recoveryPoint, boolean hadCleanShutdown)
                throws IOException;
    }

    /** The logs found at startup: the current log and the future log (an unfinished move) of each partition. */
    record Loaded(Map<TopicPartition, Log> logs, Map<TopicPartition, Log> futureLogs) {
    }

    private LogDirLoader() {
    }

    /**
     * Creates each dir if needed and checks (or writes) its {@code meta.properties}; returns the
     * usable dirs with whether each had a clean shutdown. A dir that cannot be used is given to
     * {@code unusable} (as Kafka: it is offline, the broker runs on the others).
     */
    static Map<Path, Boolean> prepareDirs(LogManagerConfig config, BiConsumer<Path, IOException> unusable) {
        Map<Path, Boolean> cleanDirs = new HashMap<>();
        for (Path dir : config.logDirs()) {
            try {
                Files.createDirectories(dir);
                Optional<MetaProperties> meta = MetaProperties.read(dir);
                if (meta.isPresent()) {
                    meta.get().checkMatches(dir, config.brokerId(), config.clusterId());
                    if (meta.get().clusterId() == null && config.clusterId() != null) {
                        new MetaProperties(config.brokerId(), config.clusterId()).write(dir);
                    }
                } else {
                    new MetaProperties(config.brokerId(), config.clusterId()).write(dir);
                }
                cleanDirs.put(dir, Files.exists(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
            } catch (IOException e) {
                log.error("Log directory {} is unusable and stays offline: {}", dir, e.toString());
                unusable.accept(dir, e);
            }
        }
        return cleanDirs;
    }

    /** The recovery threads: {@code num.recovery.threads.per.data.dir} per log dir; the caller shuts the pool down. */
    static ExecutorService recoveryPool(int threadsPerDataDir, int logDirs) {
        return Executors.newFixedThreadPool(threadsPerDataDir * logDirs, r -> {
            Thread t = new Thread(r, "gregor-log-recovery");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the partition dirs of {@code cleanDirs} (dir to whether it had a clean shutdown). A
     * partition with a log in two dirs, or two future logs, fails the load, as does a log that
     * cannot be loaded (every failure is attached to the one thrown).
     */
    static Loaded load(LogManagerConfig config, Map<Path, Boolean> cleanDirs, Function<String, LogConfig> topicConfigs,
                       Opener opener) throws IOException {
        ExecutorService pool = recoveryPool(config.recoveryThreadsPerDataDir(), config.logDirs().size());
        // a topic's config is looked up once per load, not once per partition (a ZooKeeper read:
        // 10,000 of them were two thirds of the loading time of a 10,000-partition topic)
        Map<String, LogConfig> configByTopic = new ConcurrentHashMap<>();
        try {
            Map<Path, Future<Log>> loading = new HashMap<>();
            Set<Path> futureDirs = new HashSet<>();
            for (Path dir : cleanDirs.keySet()) {
                boolean clean = cleanDirs.get(dir);
                Map<TopicPartition, Long> recoveryPoints =
                        LogDirCheckpoints.readLeniently(dir, OffsetCheckpointFile.RECOVERY_POINT);
                Map<TopicPartition, Long> startOffsets =
                        LogDirCheckpoints.readLeniently(dir, OffsetCheckpointFile.LOG_START_OFFSET);
                Map<TopicPartition, Long> highWatermarks =
                        LogDirCheckpoints.readLeniently(dir, OffsetCheckpointFile.REPLICATION_OFFSET);
                List<Path> partitionDirs;
                try (Stream<Path> listing = Files.list(dir)) {
                    partitionDirs = listing.filter(Files::isDirectory).sorted().toList();
                }
                for (Path partitionDir : partitionDirs) {
                    String name = partitionDir.getFileName().toString();
                    if (name.endsWith(LogDirMove.DELETE_SUFFIX)) {
                        deleteRecursively(partitionDir);
                        continue;
                    }
                    TopicPartition tp;
                    try {
                        tp = TopicPartition.fromDirName(name);
                    } catch (IllegalArgumentException e) {
                        log.warn("Ignoring directory {}: {}", partitionDir, e.getMessage());
                        continue;
                    }
                    if (name.endsWith(LogDirMove.FUTURE_SUFFIX)) {
                        futureDirs.add(partitionDir);
                    }
                    loading.put(partitionDir, pool.submit(() -> {
                        Log partitionLog = opener.open(partitionDir, configByTopic.computeIfAbsent(tp.topic(), topicConfigs),
                                startOffsets.getOrDefault(tp, 0L), recoveryPoints.getOrDefault(tp, 0L), clean);
                        partitionLog.updateHighWatermark(highWatermarks.getOrDefault(tp, 0L));
                        return partitionLog;
                    }));
                }
            }
            return collect(loading, futureDirs);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Loaded collect(Map<Path, Future<Log>> loading, Set<Path> futureDirs) throws IOException {
        Map<TopicPartition, Log> logs = new HashMap<>();
        Map<TopicPartition, Log> futureLogs = new HashMap<>();
        IOException failure = null;
        for (Map.Entry<Path, Future<Log>> e : loading.entrySet()) {
            try {
                Log loaded = e.getValue().get();
                boolean future = futureDirs.contains(e.getKey());
                Log previous = (future ? futureLogs : logs).putIfAbsent(loaded.topicPartition(), loaded);
                if (previous != null) {
                    throw new IOException("partition " + loaded.topicPartition() + " has a " + (future ? "future " : "")
                            + "log in both " + previous.dir() + " and " + loaded.dir());
                }
            } catch (ExecutionException ex) {
                failure = addTo(failure, new IOException("loading log " + e.getKey() + " failed", ex.getCause()));
            } catch (IOException ex) {
                failure = addTo(failure, ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while loading logs", ex);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Loaded(logs, futureLogs);
    }

    private static IOException addTo(IOException failure, IOException another) {
        if (failure == null) {
            return another;
        }
        failure.addSuppressed(another);
        return failure;
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
