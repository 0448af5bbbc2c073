package io.gregor.core.log;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where any thread reports that a log directory failed with an I/O error (Kafka's
 * LogDirFailureChannel): each directory is reported once, and one handler takes the reported
 * directories in order and takes them offline. Thread safe.
 */
public final class LogDirFailureChannel {
    private static final Logger log = LoggerFactory.getLogger(LogDirFailureChannel.class);

    private final Set<Path> reported = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Path> pending = new LinkedBlockingQueue<>();

    /** Reports that {@code dir} failed; a directory already reported is ignored. */
    public void maybeAddOfflineLogDir(Path dir, String message, Throwable cause) {
        if (reported.add(dir)) {
            log.error("Log directory {} failed and goes offline: {}", dir, message, cause);
            pending.add(dir);
        }
    }

    /** True once {@code dir} was reported. */
    public boolean hasFailed(Path dir) {
        return reported.contains(dir);
    }

    /** The next failed directory to handle, waiting until there is one. */
    public Path takeNextOfflineLogDir() throws InterruptedException {
        return pending.take();
    }
}
