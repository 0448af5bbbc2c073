package io.gregor.coordination.controller;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse.RemainingPartitions;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stopping broker's side of controlled shutdown (Kafka's {@code controlled.shutdown.enable}):
 * finds the controller ({@code /controller}, then its registration in {@code /brokers/ids} and the
 * first endpoint there, the inter-broker listener), announces the shutdown in ZooKeeper from this
 * broker's session (Gregor's proof of origin, see {@link GregorZkClient#announceControlledShutdown}),
 * sends the controller ControlledShutdown v3 with this
 * broker's id and broker epoch (the czxid of its own registration), and repeats while the controller
 * still names partitions this broker leads or the attempt fails, at most
 * {@code controlled.shutdown.max.retries} attempts, {@code controlled.shutdown.retry.backoff.ms}
 * apart. Each attempt looks the controller up again, so a controller move between attempts is
 * followed. Blocking: call it from the shutdown thread while this broker's socket server and
 * ZooKeeper session are still up (the controller may be this very broker).
 */
public final class ControlledShutdownClient {

    private static final Logger log = LoggerFactory.getLogger(ControlledShutdownClient.class);
    static final short VERSION = 3;

    private final GregorZkClient zk;
    private final int brokerId;
    private final int maxRetries;
    private final long retryBackoffMs;
    private final int requestTimeoutMs;

    /**
     * @param maxRetries       attempts in all (Kafka's {@code controlled.shutdown.max.retries}, default 3)
     * @param retryBackoffMs   pause after a failed or incomplete attempt (default 5000)
     * @param requestTimeoutMs bound on connecting and on waiting for one answer
     */
    private final String listenerName;
    private final ClientSecurity security;

    public ControlledShutdownClient(GregorZkClient zk, int brokerId, int maxRetries, long retryBackoffMs,
                                    int requestTimeoutMs) {
        this(zk, brokerId, maxRetries, retryBackoffMs, requestTimeoutMs, null, ClientSecurity.PLAINTEXT);
    }

    /**
     * @param listenerName the controller's endpoint to use (the inter-broker listener); null: its first endpoint
     * @param security     how to connect to it (TLS for an SSL listener)
     */
    public ControlledShutdownClient(GregorZkClient zk, int brokerId, int maxRetries, long retryBackoffMs,
                                    int requestTimeoutMs, String listenerName, ClientSecurity security) {
        this.listenerName = listenerName;
        this.security = security;
        if (maxRetries < 1) {
            throw new IllegalArgumentException("controlled.shutdown.max.retries must be at least 1, got " + maxRetries);
        }
        this.zk = zk;
        this.brokerId = brokerId;
        this.maxRetries = maxRetries;
        this.retryBackoffMs = retryBackoffMs;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * Runs the controlled shutdown. Returns true once the controller answered without error and
     * with no remaining partition; false when the attempts ran out (the broker then stops anyway,
     * as Kafka's does, and the controller elects new leaders when its registration disappears).
     */
    public boolean shutdown() {
        for (int attempt = 1; attempt <= maxRetries; attempt++) {
            Optional<String> failure = attempt(attempt);
            if (failure.isEmpty()) {
                log.info("Broker {}: controlled shutdown succeeded (attempt {})", brokerId, attempt);
                return true;
            }
            log.warn("Broker {}: controlled shutdown attempt {} of {} did not complete: {}", brokerId, attempt,
                    maxRetries, failure.get());
            if (attempt < maxRetries && !pause()) {
                return false;
            }
        }
        log.warn("Broker {}: controlled shutdown gave up after {} attempts; stopping without it", brokerId, maxRetries);
        return false;
    }

    /** One attempt: empty on success, else why not. */
    private Optional<String> attempt(int attempt) {
        Optional<Long> brokerEpoch;
        Optional<Integer> controllerId;
        Optional<BrokerInfo> controller;
        try {
            brokerEpoch = zk.getBrokerEpoch(brokerId);
            controllerId = zk.getControllerId();
            controller = controllerId.flatMap(zk::getBroker);
        } catch (RuntimeException e) {
            return Optional.of("reading the controller from ZooKeeper failed: " + e);
        }
        if (brokerEpoch.isEmpty()) {
            return Optional.of("this broker is not registered at " + zk.paths().brokerId(brokerId));
        }
        if (controller.isEmpty() || controller.get().endpoints().isEmpty()) {
            return Optional.of(controllerId.map(id -> "controller " + id + " has no registration with an endpoint")
                    .orElse("no controller is registered"));
        }
        try {
            zk.announceControlledShutdown(brokerId); // the controller's proof that this request is ours
        } catch (RuntimeException e) {
            return Optional.of("announcing the controlled shutdown in ZooKeeper failed: " + e);
        }
        EndPoint endPoint = listenerName == null ? controller.get().endpoints().get(0)
                : controller.get().endpoints().stream().filter(e -> e.listenerName().equals(listenerName)).findFirst()
                        .orElse(null);
        if (endPoint == null) {
            return Optional.of("controller " + controllerId.get() + " has no endpoint on listener " + listenerName);
        }
        Struct request = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                .set(ControlledShutdownRequest.BROKER_ID, brokerId)
                .set(ControlledShutdownRequest.BROKER_EPOCH, brokerEpoch.get());
        Struct response;
        try {
            response = send(endPoint, request);
        } catch (IOException | RuntimeException e) {
            return Optional.of("ControlledShutdown to controller " + controllerId.get() + " at "
                    + endPoint.connectionString() + " failed: " + e.getMessage());
        }
        Errors error = Errors.forCode(response.getShort(ControlledShutdownResponse.ERROR_CODE));
        if (error != Errors.NONE) {
            return Optional.of("controller " + controllerId.get() + " answered " + error);
        }
        List<String> remaining = new ArrayList<>();
        for (Struct p : response.getStructs(ControlledShutdownResponse.REMAINING_PARTITIONS)) {
            remaining.add(p.getString(RemainingPartitions.TOPIC_NAME) + "-" + p.getInt(RemainingPartitions.PARTITION_INDEX));
        }
        if (!remaining.isEmpty()) {
            return Optional.of("controller " + controllerId.get() + " says this broker still leads " + remaining
                    + " (no other live in-sync replica could take them over)");
        }
        return Optional.empty();
    }

    private Struct send(EndPoint endPoint, Struct request) throws IOException {
        KafkaConnection connection = KafkaConnection.connect(new InetSocketAddress(endPoint.host(), endPoint.port()),
                "broker-" + brokerId + "-controlled-shutdown", requestTimeoutMs, security);
        try {
            CompletableFuture<Struct> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.send(ApiKey.CONTROLLED_SHUTDOWN, VERSION, request);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, runnable -> {
                Thread t = new Thread(runnable, "broker-" + brokerId + "-controlled-shutdown");
                t.setDaemon(true);
                t.start();
            });
            return answer.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + requestTimeoutMs + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the controller", e);
        } finally {
            connection.close();
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(retryBackoffMs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Broker {}: controlled shutdown interrupted", brokerId);
            return false;
        }
    }
}
