package io.gregor.core.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LogListener}s of a {@link LogManager}: each is told of every log added or removed; one
 * that fails is logged and does not keep the others from hearing. Thread safe (the manager tells
 * them under its creation lock, so they hear of a partition's logs in order).
 */
final class LogListeners {
    private static final Logger log = LoggerFactory.getLogger(LogListeners.class);

    private final List<LogListener> listeners = new CopyOnWriteArrayList<>();

    void add(LogListener listener) {
        listeners.add(listener);
    }

    void added(TopicPartition tp) {
        tell(tp, "added", LogListener::logAdded);
    }

    void removed(TopicPartition tp) {
        tell(tp, "removed", LogListener::logRemoved);
    }

    private void tell(TopicPartition tp, String what, BiConsumer<LogListener, TopicPartition> call) {
        for (LogListener l : listeners) {
            try {
                call.accept(l, tp);
            } catch (RuntimeException e) {
                log.error("A log listener failed on the log of {} {}", tp, what, e);
            }
        }
    }
}
