package io.gregor.broker.it;

import io.gregor.clients.protocol.ApiKey;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a broker's listener that holds every request frame of one
 * API (e.g. LeaderAndIsr) for a fixed delay before passing it on, and the frames behind it on the
 * same connection with it, so their order holds. Everything else passes unchanged, both ways. A
 * broker advertising the proxy's port gets its controller requests through it: a way to make a
 * broker apply its LeaderAndIsr late, deterministically, on a real cluster. Until
 * {@link #forwardTo} is called, connections are accepted and closed at once (as a broker not yet
 * listening would refuse them). It also notes the API key and version of every request frame it
 * passes ({@link #requestsSeen}), so a test can tell which versions the clients chose.
 */
final class DelayingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final short delayedApiKey;
    private final long delayMs;
    private final AtomicInteger delayedRequests = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final java.util.Set<RequestSeen> requestsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress upstream;
    private volatile boolean closed;

    DelayingProxy(ApiKey delayed, Duration delay) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.delayedApiKey = delayed.id;
        this.delayMs = delay.toMillis();
        Thread acceptor = new Thread(this::accept, "delaying-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** An API key and version of a request frame that went through. */
    record RequestSeen(short apiKey, short version) {
    }

    /** Every distinct (API key, version) of the request frames that went through so far. */
    java.util.Set<RequestSeen> requestsSeen() {
        return java.util.Set.copyOf(requestsSeen);
    }

    /** Starts forwarding accepted connections to {@code address}. */
    void forwardTo(InetSocketAddress address) {
        this.upstream = address;
    }

    /** How many requests of the delayed API went through (each held for the delay). */
    int delayedRequests() {
        return delayedRequests.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            InetSocketAddress target = upstream;
            Socket broker = new Socket();
            try {
                if (target == null) {
                    throw new IOException("no upstream yet");
                }
                broker.connect(target, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(broker);
                continue;
            }
            sockets.add(client);
            sockets.add(broker);
            start("requests", () -> pumpRequests(client, broker));
            start("responses", () -> pumpBytes(broker, client));
        }
    }

    private void start(String name, Runnable pump) {
        Thread t = new Thread(pump, "delaying-proxy-" + server.getLocalPort() + "-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Client to broker, frame by frame, holding frames of the delayed API. */
    private void pumpRequests(Socket from, Socket to) {
        try (from; to) {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            while (true) {
                int size = in.readInt();
                byte[] frame = new byte[size];
                in.readFully(frame);
                short apiKey = (short) (((frame[0] & 0xff) << 8) | (frame[1] & 0xff));
                requestsSeen.add(new RequestSeen(apiKey, (short) (((frame[2] & 0xff) << 8) | (frame[3] & 0xff))));
                if (apiKey == delayedApiKey) {
                    delayedRequests.incrementAndGet();
                    TimeUnit.MILLISECONDS.sleep(delayMs);
                }
                out.write(new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
                out.write(frame);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // connection over
        }
    }

    private static void pumpBytes(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // connection over
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(DelayingProxy::closeQuietly);
    }
}
