package io.gregor.faults.fuzz;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fuzzing connection at a time: connects to a random broker, sends it frames one by one, each
 * followed by a short wait for its response or for the broker to close the connection, and opens a
 * new connection when the broker closes it, after a few frames, or after a frame that leaves the
 * stream unframeable. A connection is cut after {@code connectionDeadlineMs} whatever happens (a
 * write blocked by backpressure included). Stops when the shared frame budget is spent.
 */
final class FuzzWorker implements Runnable {
    private static final int MAX_FRAMES_PER_CONNECTION = 20;
    private static final int ANSWER_WAIT_MS = 20;
    private static final int CONNECTION_DEADLINE_MS = 10_000;

    private final List<InetSocketAddress> brokers;
    private final Random random;
    private final FrameBuilder builder;
    private final AtomicLong budget;
    private final FuzzStats stats;
    private final ScheduledExecutorService closer;
    private final Mutation[] mutations;

    FuzzWorker(List<InetSocketAddress> brokers, long seed, FrameBuilder.Target[] targets, NamePool names,
               int maxRequestBytes, AtomicLong budget, FuzzStats stats, ScheduledExecutorService closer,
               Mutation[] mutations) {
        this.brokers = brokers;
        this.random = new Random(seed);
        this.builder = new FrameBuilder(random, names, List.of(targets), maxRequestBytes);
        this.budget = budget;
        this.stats = stats;
        this.closer = closer;
        this.mutations = mutations;
    }

    @Override
    public void run() {
        while (budget.get() > 0 && !Thread.currentThread().isInterrupted()) {
            InetSocketAddress broker = brokers.get(random.nextInt(brokers.size()));
            try {
                oneConnection(broker, 1 + random.nextInt(MAX_FRAMES_PER_CONNECTION));
            } catch (IOException e) {
                // counted where it happened; go on with a new connection
            }
        }
    }

    private void oneConnection(InetSocketAddress broker, int frames) throws IOException {
        Socket socket = new Socket();
        long start = System.nanoTime();
        try {
            socket.connect(broker, 5_000);
        } catch (IOException e) {
            stats.connectFailures.increment();
            socket.close();
            sleepQuietly(20);
            return;
        }
        stats.longestConnectMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
        stats.connections.increment();
        ScheduledFuture<?> deadline = closer.schedule(() -> closeQuietly(socket), CONNECTION_DEADLINE_MS,
                TimeUnit.MILLISECONDS);
        try (socket) {
            socket.setSoTimeout(ANSWER_WAIT_MS);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < frames; i++) {
                if (budget.getAndDecrement() <= 0) {
                    return;
                }
                FrameBuilder.Frame frame;
                Mutation mutation = mutations[random.nextInt(mutations.length)];
                try {
                    frame = builder.next(mutation);
                } catch (RuntimeException e) {
                    stats.buildFailures.increment();
                    budget.incrementAndGet();
                    continue;
                }
                try {
                    out.write(frame.bytes());
                    out.flush();
                } catch (SocketException e) {
                    stats.closedByBroker.increment();
                    return;
                }
                stats.sent(frame);
                Answer answer = awaitAnswer(in);
                if (answer == Answer.CLOSED) {
                    stats.closedByBroker.increment();
                    return;
                }
                if (answer == Answer.LOST_TRACK) {
                    return;
                }
                if (answer == Answer.NONE) {
                    stats.unanswered.increment();
                } else if (answer == Answer.RESPONSE) {
                    stats.responses.increment();
                }
                if (frame.mutation().endsConnection) {
                    return;
                }
            }
        } finally {
            deadline.cancel(false);
        }
    }

    /** LOST_TRACK: a wait timed out inside a response, so the next size read would be garbage. */
    private enum Answer { RESPONSE, CLOSED, NONE, LOST_TRACK }

    /** Reads one response frame, or sees the connection closed, within the answer wait. */
    private static Answer awaitAnswer(DataInputStream in) {
        try {
            int size = in.readInt();
            if (size < 0 || size > 64 * 1024 * 1024) {
                return Answer.LOST_TRACK;
            }
            skipFully(in, size);
            return Answer.RESPONSE;
        } catch (SocketTimeoutException e) {
            return Answer.NONE;
        } catch (EOFException e) {
            return Answer.CLOSED;
        } catch (IOException e) {
            return Answer.CLOSED;
        }
    }

    private static void skipFully(InputStream in, int n) throws IOException {
        byte[] scratch = new byte[Math.min(n, 64 * 1024)];
        int left = n;
        while (left > 0) {
            int r;
            try {
                r = in.read(scratch, 0, Math.min(left, scratch.length));
            } catch (SocketTimeoutException e) {
                continue; // a large response still arriving: wait on (the deadline bounds it)
            }
            if (r < 0) {
                throw new EOFException();
            }
            left -= r;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
