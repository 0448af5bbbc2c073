package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the cluster: a {@link BrokerConnection} per broker (opened on first use,
 * reopened after a failure), bootstrap from {@code bootstrap.servers}, and the latest metadata
 * snapshot, refreshed when asked or when older than {@code metadata.max.age.ms}. Thread safe.
 */
public final class NetworkClient implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(NetworkClient.class);

    private final CommonClientConfig config;
    private final ScheduledExecutorService timer;
    private final Map<Integer, BrokerConnection> connections = new ConcurrentHashMap<>();
    private final List<Node> bootstrapNodes = new ArrayList<>();
    private volatile Cluster cluster = Cluster.EMPTY;
    private volatile boolean metadataUpdateRequested = true;
    private volatile boolean closed;
    private volatile long lastMetadataAttemptMs;

    public NetworkClient(CommonClientConfig config) {
        this.config = config;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gregor-client-timer-" + config.clientId());
            t.setDaemon(true);
            return t;
        });
        int id = -1;
        for (InetSocketAddress a : config.bootstrapServers()) {
            bootstrapNodes.add(new Node(id--, a.getHostString(), a.getPort()));
        }
    }

    public CommonClientConfig config() {
        return config;
    }

    public Cluster cluster() {
        return cluster;
    }

    /** Marks the metadata stale, so the next {@link #maybeUpdateMetadata} fetches it. */
    public void requestMetadataUpdate() {
        metadataUpdateRequested = true;
    }

    /**
     * Refreshes metadata for {@code topics} if an update was requested or it is older than
     * metadata.max.age.ms, at most once per retry.backoff.ms.
     */
    public Cluster maybeUpdateMetadata(Collection<String> topics, boolean allowAutoTopicCreation) {
        long now = System.currentTimeMillis();
        if (now - lastMetadataAttemptMs < config.retryBackoffMs()) {
            return cluster;
        }
        if (metadataUpdateRequested || now - cluster.fetchedAtMs() >= config.metadataMaxAgeMs()) {
            lastMetadataAttemptMs = now;
            try {
                return fetchMetadata(topics, allowAutoTopicCreation, config.requestTimeoutMs());
            } catch (GregorApiException e) {
                log.debug("Metadata refresh failed: {}", e.getMessage());
            }
        }
        return cluster;
    }

    /**
     * Fetches metadata for {@code topics} (all topics when null) from any reachable broker, trying
     * brokers in turn with retry.backoff.ms between rounds until {@code timeoutMs}.
     */
    public Cluster fetchMetadata(Collection<String> topics, boolean allowAutoTopicCreation, long timeoutMs) {
        Struct response = sendToAnyNode(ApiKey.METADATA, MetadataParser.request(topics, allowAutoTopicCreation),
                ApiKey.METADATA.maxVersion, timeoutMs);
        Cluster c = MetadataParser.parse(response, System.currentTimeMillis());
        cluster = c;
        metadataUpdateRequested = false;
        return c;
    }

    /** Sends to one known broker and waits; retriable failures are retried on other brokers until {@code timeoutMs}. */
    public Struct sendToAnyNode(ApiKey apiKey, Struct request, short maxVersion, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        GregorApiException last = null;
        while (true) {
            for (Node node : candidateNodes()) {
                try {
                    return await(send(node, apiKey, request, maxVersion), deadline);
                } catch (GregorApiException e) {
                    if (!e.isRetriable()) {
                        throw e;
                    }
                    last = e;
                }
                if (System.currentTimeMillis() >= deadline) {
                    break;
                }
            }
            if (System.currentTimeMillis() + config.retryBackoffMs() >= deadline) {
                throw new GregorApiException(Errors.REQUEST_TIMED_OUT, apiKey.title + " to any of "
                        + candidateNodes() + " failed within " + timeoutMs + " ms"
                        + (last == null ? "" : "; last error: " + last.getMessage()), last);
            }
            sleep(config.retryBackoffMs());
        }
    }

    /** Known brokers first (connected ones before others), then the bootstrap addresses. */
    private List<Node> candidateNodes() {
        List<Node> nodes = new ArrayList<>();
        for (Node n : cluster.brokers().values()) {
            BrokerConnection c = connections.get(n.id());
            if (c != null && c.isOpen()) {
                nodes.add(0, n);
            } else {
                nodes.add(n);
            }
        }
        nodes.addAll(bootstrapNodes);
        return nodes;
    }

    /** Sends to {@code node}; a connection failure completes the future with a retriable NETWORK_EXCEPTION. */
    public CompletableFuture<Struct> send(Node node, ApiKey apiKey, Struct request, short maxVersion) {
        try {
            while (true) { // a connection retired meanwhile (its SASL session nearing its end) sent nothing: use the new one
                CompletableFuture<Struct> sent = connection(node).trySend(apiKey, request, maxVersion);
                if (sent != null) {
                    return sent;
                }
            }
        } catch (IOException e) {
            requestMetadataUpdate();
            return CompletableFuture.failedFuture(new GregorApiException(Errors.NETWORK_EXCEPTION, e.getMessage(), e));
        } catch (GregorApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletableFuture<Struct> send(Node node, ApiKey apiKey, Struct request) {
        return send(node, apiKey, request, apiKey.maxVersion);
    }

    /** The negotiated version table of {@code node} (connecting if needed). */
    public ApiVersionsTable versions(Node node) throws IOException {
        return connection(node).versions();
    }

    /** Sends a request without a response (Produce acks=0). */
    public void sendOneWay(Node node, ApiKey apiKey, Struct request, short maxVersion) throws IOException {
        while (true) {
            BrokerConnection c = connection(node);
            try {
                c.sendOneWay(apiKey, request, maxVersion);
                return;
            } catch (IOException e) {
                if (!c.isRetired()) {
                    throw e;
                }
            }
        }
    }

    private BrokerConnection connection(Node node) throws IOException {
        if (closed) {
            throw new IOException("client " + config.clientId() + " is closed");
        }
        BrokerConnection c = connections.get(node.id());
        if (usable(c, node)) {
            return c;
        }
        synchronized (this) {
            c = connections.get(node.id());
            if (usable(c, node)) {
                return c;
            }
            if (c != null) {
                if (c.isOpen() && c.node().equals(node)) {
                    c.retire(); // its SASL session nears its end: it closes once its responses are in
                } else {
                    c.close();
                }
            }
            c = BrokerConnection.open(node, config, timer);
            connections.put(node.id(), c);
            return c;
        }
    }

    private static boolean usable(BrokerConnection c, Node node) {
        return c != null && c.isOpen() && !c.isRetired() && !c.dueForReplacement() && c.node().equals(node);
    }

    /** Waits for {@code future} until {@code deadlineMs}, unwrapping failures into GregorApiException. */
    public static Struct await(CompletableFuture<Struct> future, long deadlineMs) {
        try {
            return future.get(Math.max(1, deadlineMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GregorApiException g) {
                throw g;
            }
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new GregorApiException(Errors.REQUEST_TIMED_OUT, "no response before the deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "interrupted while waiting for a response");
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms); // retry backoff, not waiting for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "interrupted during retry backoff");
        }
    }

    @Override
    public void close() {
        closed = true;
        connections.values().forEach(BrokerConnection::close);
        connections.clear();
        timer.shutdownNow();
    }
}
