package io.gregor.replication;

import io.gregor.core.log.LogDirFailureChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that takes failed log directories offline, one at a time in the order they were
 * reported to the {@link LogDirFailureChannel} (Kafka's LogDirFailureHandler), then tells the
 * listeners (the broker's notification to the controller). Started and closed once.
 */
final class LogDirFailureHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogDirFailureHandler.class);

    private final int brokerId;
    private final LogDirFailureChannel channel;
    private final Consumer<Path> takeOffline;
    private final List<Consumer<Path>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /** @param takeOffline takes a failed dir's partitions offline (runs on this handler's thread) */
    LogDirFailureHandler(int brokerId, LogDirFailureChannel channel, Consumer<Path> takeOffline) {
        this.brokerId = brokerId;
        this.channel = channel;
        this.takeOffline = takeOffline;
        this.thread = new Thread(this::run, "gregor-log-dir-failure-handler-" + brokerId);
        this.thread.setDaemon(true);
    }

    void addListener(Consumer<Path> listener) {
        listeners.add(listener);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Path dir;
            try {
                dir = channel.takeNextOfflineLogDir();
            } catch (InterruptedException e) {
                return;
            }
            try {
                takeOffline.accept(dir);
            } catch (RuntimeException e) {
                log.error("Broker {} could not take log dir {} offline cleanly", brokerId, dir, e);
            }
            for (Consumer<Path> listener : listeners) {
                try {
                    listener.accept(dir);
                } catch (RuntimeException e) {
                    log.error("Broker {}: a log dir failure listener failed for {}", brokerId, dir, e);
                }
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
