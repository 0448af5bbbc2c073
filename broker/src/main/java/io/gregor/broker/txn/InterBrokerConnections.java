package io.gregor.broker.txn;

import io.gregor.broker.metadata.MetadataCache;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections a component of this broker (the transaction coordinator's marker sender and
 * partition verifier, the group coordinator's consumer lag) keeps to other brokers over the
 * inter-broker listener, one per broker id, opened on first use and reopened after a failure.
 * Thread-safety: none; the owner uses it from its one sender thread only.
 */
public final class InterBrokerConnections {
    private static final Logger log = LoggerFactory.getLogger(InterBrokerConnections.class);

    private final int brokerId;
    private final MetadataCache metadataCache;
    private final String listenerName;
    private final ClientSecurity security;
    private final int requestTimeoutMs;
    private final String clientIdSuffix;
    private final Map<Integer, KafkaConnection> connections = new HashMap<>(); // owner's sender thread only

    /** @param clientIdSuffix what the connections are for, in their client id {@code broker-<id>-<suffix>} */
    public InterBrokerConnections(int brokerId, MetadataCache metadataCache, String listenerName, ClientSecurity security,
                           int requestTimeoutMs, String clientIdSuffix) {
        this.brokerId = brokerId;
        this.metadataCache = metadataCache;
        this.listenerName = listenerName;
        this.security = security;
        this.requestTimeoutMs = requestTimeoutMs;
        this.clientIdSuffix = clientIdSuffix;
    }

    /** The open connection to {@code broker}, connecting when there is none or it has dropped. */
    public KafkaConnection to(int broker) throws IOException {
        KafkaConnection c = connections.get(broker);
        if (c != null && c.isConnected()) {
            return c;
        }
        close(broker);
        Optional<EndPoint> endpoint = metadataCache.aliveBroker(broker).flatMap(b -> b.endpoint(listenerName));
        if (endpoint.isEmpty()) {
            throw new IOException("broker " + broker + " has no live endpoint on listener " + listenerName);
        }
        c = KafkaConnection.connect(new InetSocketAddress(endpoint.get().host(), endpoint.get().port()),
                "broker-" + brokerId + "-" + clientIdSuffix, requestTimeoutMs, security).withReadTimeout(requestTimeoutMs);
        connections.put(broker, c);
        return c;
    }

    /** Closes the connection to {@code broker}, if any; the next {@link #to} opens a new one. */
    public void close(int broker) {
        KafkaConnection c = connections.remove(broker);
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("Closing the {} connection to broker {}: {}", clientIdSuffix, broker, e.toString());
            }
        }
    }

    public void closeAll() {
        new ArrayList<>(connections.keySet()).forEach(this::close);
    }

    /** A daemon thread factory for the owner's one sender thread, named {@code <name>-<brokerId>}. */
    public static ThreadFactory senderThread(String name, int brokerId) {
        return r -> {
            Thread t = new Thread(r, name + "-" + brokerId);
            t.setDaemon(true);
            return t;
        };
    }

    /** The partition indexes of {@code partitions} by topic, topics sorted, as requests list them. */
    public static Map<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        return byTopic;
    }
}
