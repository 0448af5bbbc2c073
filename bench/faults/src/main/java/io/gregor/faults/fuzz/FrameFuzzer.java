package io.gregor.faults.fuzz;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends a budget of mutated frames to the brokers from {@code connections} concurrent workers
 * (each keeps one connection open at a time and reconnects as the brokers close them). Worker i
 * draws from {@code Random(seed + i)}, so a run is reproducible frame for frame (timing aside).
 */
final class FrameFuzzer {
    private final List<InetSocketAddress> brokers;
    private final FrameBuilder.Target[] targets;
    private final NamePool names;
    private final int maxRequestBytes;
    private final Mutation[] mutations;

    FrameFuzzer(List<InetSocketAddress> brokers, List<FrameBuilder.Target> targets, NamePool names,
                int maxRequestBytes, Mutation[] mutations) {
        this.brokers = List.copyOf(brokers);
        this.targets = targets.toArray(FrameBuilder.Target[]::new);
        this.names = names;
        this.maxRequestBytes = maxRequestBytes;
        this.mutations = mutations.clone();
    }

    /** Sends {@code frames} frames and returns when they are sent; {@code progress} is told every {@code everyMs}. */
    FuzzStats run(long frames, int connections, long seed, long everyMs, Consumer<FuzzStats> progress)
            throws InterruptedException {
        FuzzStats stats = new FuzzStats();
        AtomicLong budget = new AtomicLong(frames);
        ScheduledExecutorService closer = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "fuzz-connection-deadline");
            t.setDaemon(true);
            return t;
        });
        List<Thread> workers = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Thread t = new Thread(new FuzzWorker(brokers, seed + i, targets, names, maxRequestBytes, budget, stats,
                        closer, mutations), "fuzz-worker-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                while (t.isAlive()) {
                    t.join(everyMs);
                    if (t.isAlive()) {
                        progress.accept(stats);
                    }
                }
            }
        } finally {
            workers.forEach(Thread::interrupt);
            closer.shutdownNow();
            closer.awaitTermination(5, TimeUnit.SECONDS);
        }
        return stats;
    }
}
