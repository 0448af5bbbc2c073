package io.gregor.broker.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The socket server's network threads ({@code num.network.threads}) as one Netty
 * {@link EventLoopGroup} whose size may change while it runs (Kafka adds and removes processors).
 * Each thread is its own single-thread event loop group; a new connection is registered with the
 * next active one, round robin. {@link #resize} adds loops, or takes loops out of the rotation and
 * hands them back to the caller, which closes their connections and shuts them down: a channel
 * stays on the loop it was registered with for its whole life, as Netty requires. Thread-safe:
 * the active loops are an immutable list replaced under {@code this}.
 */
final class NetworkThreadPool extends AbstractEventExecutorGroup implements EventLoopGroup {
    private final ThreadFactory threadFactory;
    private final IoHandlerFactory ioFactory;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final Promise<Void> terminated = GlobalEventExecutor.INSTANCE.newPromise();
    private volatile List<EventLoopGroup> active; // replaced under this
    /** Every loop group not yet shut down by this pool, active or removed; guarded by this. */
    private final List<EventLoopGroup> all = new ArrayList<>();
    private boolean shuttingDown; // guarded by this
    /** Each loop's idle sampler; loops are added under this, read from any thread. */
    private final java.util.Map<EventLoopGroup, NetworkThreadIdle> idle = new java.util.concurrent.ConcurrentHashMap<>();

    NetworkThreadPool(int threads, ThreadFactory threadFactory, IoHandlerFactory ioFactory) {
        this.threadFactory = threadFactory;
        this.ioFactory = ioFactory;
        List<EventLoopGroup> loops = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            loops.add(newLoop());
        }
        this.active = List.copyOf(loops);
    }

    private EventLoopGroup newLoop() {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, threadFactory, ioFactory);
        all.add(loop);
        idle.put(loop, NetworkThreadIdle.sample(loop));
        return loop;
    }

    /** The loops new connections go to. */
    int size() {
        return active.size();
    }

    /**
     * Makes {@code threads} loops active. Grown: the new loops take new connections at once.
     * Shrunk: the last loops stop taking new connections and are returned; the caller closes their
     * connections and shuts them down ({@link #retire}).
     */
    synchronized List<EventLoopGroup> resize(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("num.network.threads must be at least 1: " + threads);
        }
        if (shuttingDown) {
            return List.of();
        }
        List<EventLoopGroup> current = new ArrayList<>(active);
        List<EventLoopGroup> removed = new ArrayList<>();
        while (current.size() < threads) {
            current.add(newLoop());
        }
        while (current.size() > threads) {
            removed.add(0, current.remove(current.size() - 1));
        }
        active = List.copyOf(current);
        return removed;
    }

    /**
     * The average idle fraction (0..1) of the active network threads ({@link NetworkThreadIdle}),
     * NaN until one has been measured.
     */
    double avgIdleFraction() {
        double sum = 0;
        int measured = 0;
        for (EventLoopGroup loop : active) {
            NetworkThreadIdle sampler = idle.get(loop);
            double fraction = sampler == null ? Double.NaN : sampler.idleFraction();
            if (!Double.isNaN(fraction)) {
                sum += fraction;
                measured++;
            }
        }
        return measured == 0 ? Double.NaN : sum / measured;
    }

    /** Whether {@code channel} is served by one of {@code loops}. */
    static boolean servedBy(Channel channel, List<EventLoopGroup> loops) {
        return loops.contains(channel.eventLoop().parent());
    }

    /** Shuts down loops {@link #resize} took out (their remaining channels are closed by Netty). */
    synchronized void retire(List<EventLoopGroup> loops, long timeoutMs) {
        for (EventLoopGroup loop : loops) {
            all.remove(loop);
            idle.remove(loop);
            loop.shutdownGracefully(0, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public EventLoop next() {
        List<EventLoopGroup> loops = active;
        return loops.get(Math.floorMod(nextIndex.getAndIncrement(), loops.size())).next();
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return next().register(channel);
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return next().register(promise);
    }

    @Deprecated
    @Override
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return next().register(channel, promise);
    }

    @Override
    public Iterator<EventExecutor> iterator() {
        List<EventExecutor> executors = new ArrayList<>();
        for (EventLoopGroup loop : active) {
            loop.forEach(executors::add);
        }
        return executors.iterator();
    }

    @Override
    public synchronized boolean isShuttingDown() {
        return shuttingDown;
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        List<EventLoopGroup> loops;
        synchronized (this) {
            if (shuttingDown) {
                return terminated;
            }
            shuttingDown = true;
            loops = List.copyOf(all);
            all.clear();
        }
        AtomicInteger left = new AtomicInteger(loops.size());
        if (loops.isEmpty()) {
            terminated.trySuccess(null);
        }
        for (EventLoopGroup loop : loops) {
            loop.shutdownGracefully(quietPeriod, timeout, unit).addListener(f -> {
                if (left.decrementAndGet() == 0) {
                    terminated.trySuccess(null);
                }
            });
        }
        return terminated;
    }

    @Override
    public Future<?> terminationFuture() {
        return terminated;
    }

    @Deprecated
    @Override
    public void shutdown() {
        shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Override
    public boolean isShutdown() {
        return isShuttingDown();
    }

    @Override
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }
}
