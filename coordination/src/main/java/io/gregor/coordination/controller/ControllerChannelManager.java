package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The controller's channels to the live brokers: one {@link BrokerRequestSender} (queue + thread)
 * per broker, on the broker's inter-broker listener (the first endpoint of its registration).
 * Requests to one broker leave in the order they were queued. Removing a broker drops its queue.
 * Used only from the controller's event thread.
 */
final class ControllerChannelManager {

    private static final Logger log = LoggerFactory.getLogger(ControllerChannelManager.class);

    private final int controllerId;
    private final int connectTimeoutMs;
    private final long retryBackoffMs;
    /** Owned by the controller event thread. */
    private final Map<Integer, BrokerRequestSender> senders = new HashMap<>();

    /** Each broker's endpoint to use; null: the first it registered. */
    private final String listenerName;
    private final ClientSecurity security;

    ControllerChannelManager(int controllerId, int connectTimeoutMs, long retryBackoffMs, String listenerName,
                             ClientSecurity security) {
        this.listenerName = listenerName;
        this.security = security;
        this.controllerId = controllerId;
        this.connectTimeoutMs = connectTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
    }

    void addBroker(BrokerInfo broker) {
        if (senders.containsKey(broker.brokerId())) {
            return;
        }
        List<EndPoint> endpoints = broker.endpoints();
        if (endpoints.isEmpty()) {
            log.error("Controller {}: broker {} registered no endpoint; cannot send it requests", controllerId, broker.brokerId());
            return;
        }
        EndPoint endpoint = listenerName == null ? endpoints.get(0)
                : endpoints.stream().filter(e -> e.listenerName().equals(listenerName)).findFirst().orElse(null);
        if (endpoint == null) {
            log.error("Controller {}: broker {} registered no endpoint on listener {} (it has {}); cannot send it requests",
                    controllerId, broker.brokerId(), listenerName, endpoints.stream().map(EndPoint::connectionString).toList());
            return;
        }
        BrokerRequestSender sender = new BrokerRequestSender(controllerId, broker.brokerId(), endpoint,
                connectTimeoutMs, retryBackoffMs, security);
        senders.put(broker.brokerId(), sender);
        sender.start();
        log.info("Controller {}: channel to broker {} at {} opened", controllerId, broker.brokerId(),
                endpoint.connectionString());
    }

    void removeBroker(int brokerId) {
        BrokerRequestSender sender = senders.remove(brokerId);
        if (sender != null) {
            sender.shutdown();
            log.info("Controller {}: channel to broker {} closed", controllerId, brokerId);
        }
    }

    /** Queues a request; returns false if there is no channel to {@code brokerId}. */
    boolean send(int brokerId, ApiKey apiKey, short version, Struct body, Consumer<Struct> onResponse) {
        return send(brokerId, new ControllerRequest(apiKey, version, body, onResponse));
    }

    /** Queues a request; returns false (and completes its {@code finished}) if there is no channel to {@code brokerId}. */
    boolean send(int brokerId, ControllerRequest request) {
        BrokerRequestSender sender = senders.get(brokerId);
        if (sender == null) {
            log.warn("Controller {}: no channel to broker {}; {} not sent", controllerId, brokerId, request.apiKey());
            request.finished().complete(null);
            return false;
        }
        sender.enqueue(request);
        return true;
    }

    /** The longest queue (requests not yet answered, the one in flight included) of any channel. */
    int maxQueuedRequests() {
        int max = 0;
        for (BrokerRequestSender sender : senders.values()) {
            max = Math.max(max, sender.queueSize());
        }
        return max;
    }

    void shutdown() {
        List.copyOf(senders.keySet()).forEach(this::removeBroker);
    }
}
