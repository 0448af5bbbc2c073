package io.gregor.clients.protocol;

import java.lang.management.ManagementFactory;

/** Bytes of heap the current thread allocates while running a piece of code (HotSpot's counter). */
final class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocation() {
    }

    /**
     * Runs {@code action} twice, swallowing a {@link ProtocolException}, and returns the bytes the
     * second run allocated: the first pays for one-time costs (call-site bootstraps of lambdas and
     * string concatenation in the error path), which are not what is measured.
     */
    static long whileReading(Runnable action) {
        once(action);
        return once(action);
    }

    private static long once(Runnable action) {
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        try {
            action.run();
        } catch (ProtocolException expected) {
            // the point is what it cost to get here
        }
        return THREADS.getThreadAllocatedBytes(tid) - before;
    }
}
