package io.gregor.clients.admin;

import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.util.Map;

/**
 * One log directory of a broker, as {@link GregorAdmin#describeLogDirs} reports it.
 *
 * @param path        the directory's absolute path on the broker
 * @param error       NONE, or why it is not usable (KAFKA_STORAGE_ERROR: offline)
 * @param replicas    the replica logs it holds
 * @param totalBytes  the size of its file system, -1 when the broker did not say
 * @param usableBytes the bytes still usable there, -1 when the broker did not say
 */
public record LogDirInfo(String path, Errors error, Map<TopicPartition, ReplicaInfo> replicas, long totalBytes,
                         long usableBytes) {
    public LogDirInfo {
        replicas = Map.copyOf(replicas);
    }

    /**
     * One replica log in a directory.
     *
     * @param size      bytes of its segments
     * @param offsetLag how far its log end offset is behind the high watermark (a future log: behind the current log)
     * @param isFuture  true for the copy a log-dir move is building
     */
    public record ReplicaInfo(long size, long offsetLag, boolean isFuture) {
    }
}
