package io.gregor.core.log;

import java.io.IOException;
import java.util.Arrays;

/**
 * Runs each step of a close or delete over several files even when an earlier step fails, so that
 * one bad file does not leave the others open or on disk. After the last step the first failure is
 * thrown with the later ones attached as suppressed exceptions. Errors (such as OutOfMemoryError)
 * are not caught.
 */
final class EveryStep {
    /** One step: closing or deleting one file. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    private EveryStep() {
    }

    /** One action on one item of a collection: closing or deleting one segment. */
    @FunctionalInterface
    interface Action<T> {
        void apply(T item) throws IOException;
    }

    /** Runs every step in order; throws the first failure, with the others suppressed, once all have run. */
    static void run(Step... steps) throws IOException {
        forEach(Arrays.asList(steps), Step::run);
    }

    /** Applies {@code action} to every item in order; throws as {@link #run} does. */
    static <T> void forEach(Iterable<T> items, Action<? super T> action) throws IOException {
        Exception first = null;
        for (T item : items) {
            try {
                action.apply(item);
            } catch (IOException | RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
    }
}
