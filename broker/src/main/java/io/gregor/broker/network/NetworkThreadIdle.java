package io.gregor.broker.network;

import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * How idle one network thread (a Netty event loop) is: every {@value #PERIOD_MS} ms a task on the
 * loop reads the CPU time its own thread used since the last sample and reports one minus its share
 * of the wall time between them. An event loop blocked in epoll_wait uses no CPU, and everything it
 * does for its connections (socket reads and writes, TLS, framing, request and response coding,
 * flushing) uses its CPU, so this is the share of time the thread did no work, without any timing
 * on the request path. Unlike Kafka's processors, which count time outside their select() as busy,
 * a thread that is runnable but waiting for a CPU counts as idle here. NaN until two samples were
 * taken, or where the JVM cannot measure thread CPU time. The fraction is written on the loop and
 * read from any thread.
 */
final class NetworkThreadIdle implements Runnable {
    static final long PERIOD_MS = 2_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long lastCpuNanos = -1; // the loop's thread only
    private long lastWallNanos;     // the loop's thread only
    private volatile double idleFraction = Double.NaN;

    /** Starts sampling {@code loop} (one thread) on the loop itself; sampling ends with the loop. */
    static NetworkThreadIdle sample(EventLoopGroup loop) {
        NetworkThreadIdle idle = new NetworkThreadIdle();
        loop.next().scheduleAtFixedRate(idle, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        return idle;
    }

    @Override
    public void run() {
        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        long wall = System.nanoTime();
        if (cpu < 0) {
            return;
        }
        if (lastCpuNanos >= 0 && wall - lastWallNanos > 0) {
            double busy = (double) (cpu - lastCpuNanos) / (wall - lastWallNanos);
            idleFraction = Math.max(0.0, Math.min(1.0, 1.0 - busy));
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
    }

    /** The idle share of the last sampling period, 0..1, or NaN if not known yet. */
    double idleFraction() {
        return idleFraction;
    }
}
