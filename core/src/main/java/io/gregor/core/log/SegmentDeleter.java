package io.gregor.core.log;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of one log on the shared scheduler: deleting removed segments after
 * {@code file.delete.delay.ms} (renamed to {@code .deleted} at once, so a restart cleans them up
 * and reads in flight can finish), and flushes after a roll. Without a scheduler, or once it is shut
 * down, deletions run inline and flushes are skipped. An I/O error of either is reported to the
 * log (which takes its directory offline unless the log is closed). Thread safe.
 */
final class SegmentDeleter {
    private static final Logger log = LoggerFactory.getLogger(SegmentDeleter.class);

    private final TopicPartition topicPartition;
    private final ScheduledExecutorService scheduler; // may be null
    private final BiConsumer<String, IOException> failures; // the log's report of an I/O error of its dir

    SegmentDeleter(TopicPartition topicPartition, ScheduledExecutorService scheduler,
                   BiConsumer<String, IOException> failures) {
        this.topicPartition = topicPartition;
        this.scheduler = scheduler;
        this.failures = failures;
    }

    /** Renames the segment's files to {@code .deleted}, then closes and deletes them after {@code delayMs}. */
    void delete(LogSegment segment, long delayMs) throws IOException {
        segment.changeFileSuffixes(LogSegment.DELETED_SUFFIX);
        deleteRenamed(segment, delayMs);
    }

    /** Closes and deletes a segment already renamed to {@code .deleted}, after {@code delayMs}. */
    void deleteRenamed(LogSegment segment, long delayMs) throws IOException {
        if (scheduler != null && delayMs > 0) {
            try {
                scheduler.schedule(() -> {
                    try {
                        segment.deleteIfExists();
                    } catch (IOException e) {
                        log.warn("Deleting segment files {} of {} failed", segment, topicPartition, e);
                        failures.accept("deleting segment " + segment, e);
                    } catch (RuntimeException e) {
                        log.warn("Deleting segment files {} of {} failed", segment, topicPartition, e);
                    }
                }, delayMs, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                log.debug("Scheduler is shut down; deleting {} of {} now", segment, topicPartition);
            }
        }
        segment.deleteIfExists();
    }

    /** Runs {@code flush} in the background if there is a running scheduler. */
    void flushInBackground(String what, IoAction flush) {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.execute(() -> {
                try {
                    flush.run();
                } catch (IOException e) {
                    log.warn("Background flush of {} ({}) failed", topicPartition, what, e);
                    failures.accept("flushing (" + what + ")", e);
                } catch (RuntimeException e) {
                    log.warn("Background flush of {} ({}) failed", topicPartition, what, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Scheduler is shut down; {} is flushed when it closes", topicPartition);
        }
    }

    /** An action that may throw IOException. */
    interface IoAction {
        void run() throws IOException;
    }
}
