package io.gregor.coordination.controller;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.clients.protocol.Struct;
import io.gregor.coordination.zk.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The controller's channel to one broker: a queue and one thread that sends the queued requests in
 * order over a blocking {@link KafkaConnection}, (re)connecting on demand and retrying a request
 * after a connection failure, with a backoff, until the request is answered or the sender is shut
 * down (when the broker leaves or the controller resigns). A request whose
 * {@link ControllerRequest#notBefore() gate} is still open holds the queue behind it until the gate
 * completes. Every request's {@link ControllerRequest#finished() finished} future completes once
 * it is answered or dropped; a request queued after {@link #shutdown()} is dropped at once.
 *
 * <p>Lifecycle ({@link Lifecycle}): {@link #start()} once; a second start, or one after shutdown, is
 * refused with {@link IllegalStateException} (a thread cannot run twice); a second shutdown does nothing.
 */
final class BrokerRequestSender {

    private static final Logger log = LoggerFactory.getLogger(BrokerRequestSender.class);

    private final int controllerId;
    private final int brokerId;
    private final EndPoint endPoint;
    private final int connectTimeoutMs;
    private final long retryBackoffMs;
    /** Requests not yet answered, in send order; the head is in flight. */
    private final BlockingQueue<ControllerRequest> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Lifecycle lifecycle;
    private volatile boolean running = true;
    /** Owned by the sender thread. */
    private KafkaConnection connection;
    private final ClientSecurity security;

    BrokerRequestSender(int controllerId, int brokerId, EndPoint endPoint, int connectTimeoutMs, long retryBackoffMs) {
        this(controllerId, brokerId, endPoint, connectTimeoutMs, retryBackoffMs, ClientSecurity.PLAINTEXT);
    }

    BrokerRequestSender(int controllerId, int brokerId, EndPoint endPoint, int connectTimeoutMs, long retryBackoffMs,
                        ClientSecurity security) {
        this.security = security;
        this.controllerId = controllerId;
        this.brokerId = brokerId;
        this.endPoint = endPoint;
        this.connectTimeoutMs = connectTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
        this.lifecycle = new Lifecycle("Controller " + controllerId + "'s sender to broker " + brokerId);
        this.thread = new Thread(this::run, "controller-" + controllerId + "-to-broker-" + brokerId + "-send-thread");
        this.thread.setDaemon(true);
    }

    void start() {
        lifecycle.start();
        thread.start();
    }

    void enqueue(ControllerRequest request) {
        queue.add(request);
        if (lifecycle.isClosed()) {
            dropQueued(); // shutdown may have drained the queue before this request was added
        }
    }

    int queueSize() {
        return queue.size();
    }

    /** Stops the thread and drops whatever is still queued. */
    void shutdown() {
        Lifecycle.State left = lifecycle.close();
        if (left == Lifecycle.State.CLOSED) {
            return;
        }
        running = false;
        if (left == Lifecycle.State.STARTED) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropQueued();
        closeConnection();
    }

    private void dropQueued() {
        ControllerRequest dropped;
        while ((dropped = queue.poll()) != null) {
            dropped.finished().complete(null);
        }
    }

    private void run() {
        while (running) {
            ControllerRequest request;
            try {
                request = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (!awaitGate(request)) {
                    break;
                }
                Struct response = sendWithRetries(request);
                if (response != null) {
                    try {
                        request.onResponse().accept(response);
                    } catch (RuntimeException e) {
                        log.error("Controller {}: handling the {} response of broker {} failed", controllerId,
                                request.apiKey(), brokerId, e);
                    }
                }
            } finally {
                request.finished().complete(null);
            }
        }
        closeConnection();
    }

    /** Waits until the request may go; false when interrupted (the sender is shutting down). */
    private boolean awaitGate(ControllerRequest request) {
        try {
            request.notBefore().get();
            return true;
        } catch (InterruptedException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // a failed gate does not hold the request back
        }
    }

    private Struct sendWithRetries(ControllerRequest request) {
        int attempt = 0;
        while (running) {
            attempt++;
            try {
                if (connection == null) {
                    connection = KafkaConnection.connect(new InetSocketAddress(endPoint.host(), endPoint.port()),
                            "controller-" + controllerId, connectTimeoutMs, security);
                }
                return connection.send(request.apiKey(), request.version(), request.body());
            } catch (IOException | RuntimeException e) {
                closeConnection();
                if (!running) {
                    break;
                }
                if (attempt == 1 || attempt % 20 == 0) {
                    log.warn("Controller {}: sending {} v{} to broker {} at {} failed (attempt {}): {}; retrying",
                            controllerId, request.apiKey(), request.version(), brokerId,
                            endPoint.connectionString(), attempt, e.toString());
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(retryBackoffMs);
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        return null;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                log.debug("Closing the controller connection to broker {} failed", brokerId, e);
            }
            connection = null;
        }
    }
}
