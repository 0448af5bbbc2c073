package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request-handler threads: {@code num.io.threads} for most requests, and a quarter as many
 * (at least one) of their own for the admin requests whose handlers read or write ZooKeeper once
 * per topic or resource on the calling thread (CreateTopics, DeleteTopics, CreatePartitions,
 * AlterConfigs, IncrementalAlterConfigs, DescribeConfigs, DescribeClientQuotas, AlterClientQuotas). A flood of those, hostile or not (a
 * DescribeConfigs of thousands of topics is thousands of ZooKeeper reads), then queues behind
 * itself and never holds up Produce, Fetch, replication or the group coordinator. The requests of
 * one connection still run one at a time in order ({@link SerialExecutor}). Lifecycle: created
 * started, {@link #shutdownNow()} once.
 */
final class RequestPools {
    /** The APIs served by the admin threads. */
    static final Set<ApiKey> ADMIN_APIS = EnumSet.of(ApiKey.CREATE_TOPICS, ApiKey.DELETE_TOPICS,
            ApiKey.CREATE_PARTITIONS, ApiKey.ALTER_CONFIGS, ApiKey.INCREMENTAL_ALTER_CONFIGS, ApiKey.DESCRIBE_CONFIGS,
            ApiKey.DESCRIBE_CLIENT_QUOTAS, ApiKey.ALTER_CLIENT_QUOTAS);

    private final ThreadPoolExecutor requests;
    private final ThreadPoolExecutor admin;
    /** The request threads' queue, timing their waits; the admin threads' waits are not counted (Kafka has no such pool). */
    private final IdleTimingQueue requestQueue;

    RequestPools(int numIoThreads) {
        this(numIoThreads, nanos -> { });
    }

    /** @param idleNanosPerThread told how long the {@code num.io.threads} threads wait for work (see {@link IdleTimingQueue}) */
    RequestPools(int numIoThreads, java.util.function.LongConsumer idleNanosPerThread) {
        this.requestQueue = new IdleTimingQueue(idleNanosPerThread, numIoThreads);
        this.requests = fixed(numIoThreads, "gregor-request-handler", requestQueue);
        this.admin = fixed(Math.max(1, numIoThreads / 4), "gregor-admin-request-handler", new LinkedBlockingQueue<>());
    }

    /** The pool that runs the handler of {@code api}. */
    Executor poolFor(ApiKey api) {
        return ADMIN_APIS.contains(api) ? admin : requests;
    }

    /** Sets the number of request threads (a dynamic {@code num.io.threads} change), the admin threads with it. */
    synchronized void resize(int numIoThreads) {
        setSize(requests, numIoThreads);
        requestQueue.threads(numIoThreads);
        setSize(admin, Math.max(1, numIoThreads / 4));
    }

    private static void setSize(ThreadPoolExecutor pool, int threads) {
        if (threads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
        } else {
            pool.setCorePoolSize(threads);
            pool.setMaximumPoolSize(threads);
        }
    }

    int numIoThreads() {
        return requests.getCorePoolSize();
    }

    void shutdownNow() {
        requests.shutdownNow();
        admin.shutdownNow();
    }

    private static ThreadPoolExecutor fixed(int threads, String prefix, java.util.concurrent.BlockingQueue<Runnable> queue) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, factory);
    }
}
