package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.nio.file.Path;
import java.util.List;

/**
 * One log directory of this broker as DescribeLogDirs reports it.
 *
 * @param dir         the directory's absolute path
 * @param error       NONE, or KAFKA_STORAGE_ERROR for an offline directory (then no replicas and no sizes)
 * @param replicas    the replica logs the directory holds (those asked for)
 * @param totalBytes  the size of the file system holding it, -1 when unknown
 * @param usableBytes the bytes still usable on that file system, -1 when unknown
 */
public record LogDirDescription(Path dir, Errors error, List<Replica> replicas, long totalBytes, long usableBytes) {
    public LogDirDescription {
        replicas = List.copyOf(replicas);
    }

    /**
     * One replica log in the directory.
     *
     * @param size      bytes of its segments
     * @param offsetLag high watermark minus log end offset, at least 0 (a future log: the current log's end
     *                  offset minus its own); -1 when this broker no longer hosts the partition
     * @param isFuture  true for the copy AlterReplicaLogDirs is building
     */
    public record Replica(TopicPartition topicPartition, long size, long offsetLag, boolean isFuture) {
    }
}
