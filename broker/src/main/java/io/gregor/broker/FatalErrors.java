package io.gregor.broker;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker process does with an exception no thread caught. Every one is logged with its
 * thread. A {@link VirtualMachineError} (out of memory, an internal JVM error) ends the process:
 * a broker that lost, say, the thread that keeps its ZooKeeper registration would otherwise linger
 * alive but unregistered, refused by its peers, until someone noticed. A stack overflow is only
 * logged: it is the one such error confined to the thread that met it.
 *
 * <p>{@code bin/gregor-server-start.sh} also passes {@code -XX:+ExitOnOutOfMemoryError}, which ends
 * the process even when the error is caught and logged by the code that met it.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);
    static final int EXIT_STATUS = 1;

    private final IntConsumer halt;

    /** @param halt ends the process with the given status (Runtime.halt: no shutdown hooks, which could block) */
    FatalErrors(IntConsumer halt) {
        this.halt = halt;
    }

    /** Installs the handler for every thread of this JVM that has none of its own. */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(status -> Runtime.getRuntime().halt(status)));
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
            try {
                System.err.println("FATAL: thread " + thread.getName() + " died of " + error + "; the broker exits");
                log.error("Thread {} died of {}; the broker exits (status {})", thread.getName(), error, EXIT_STATUS);
            } finally {
                halt.accept(EXIT_STATUS);
            }
            return;
        }
        log.error("Uncaught exception in thread {}", thread.getName(), error);
    }
}
