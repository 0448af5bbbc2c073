package io.gregor.replication.isr;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest.Topics.Partitions.NewIsrWithEpochs;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends leaders' ISR changes to the controller as AlterPartition requests. Proposals waiting at
 * the same time go in one request (v3, topics by id, when every topic's id is known; else v1 by
 * name). Version 3 names each ISR member with its broker epoch (NewIsrWithEpochs, KIP-903): this
 * broker's own, and each follower's as its last fetch carried it ({@link IsrProposal#followerEpochs},
 * -1 where unknown), so the controller refuses a member whose live registration is another one. Failures of the whole request (no controller known, connection errors, a request-level
 * error such as NOT_CONTROLLER) are retried after {@code retryBackoffMs}; a per-partition answer,
 * success or error, completes that proposal's future. A newer proposal for a partition replaces a
 * waiting one: if the older one is not in a request on the wire its future completes with
 * OPERATION_NOT_ATTEMPTED, else with the controller's answer to that request (which may have
 * committed it), or OPERATION_NOT_ATTEMPTED if the request failed as a whole.
 *
 * <p>Thread safety: {@link #submit} is callable from any thread and never blocks; the network
 * work runs on one sender thread, which also owns the connection.
 */
public final class AlterPartitionManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlterPartitionManager.class);
    private static final short NAMES_VERSION = 1;
    private static final short IDS_VERSION = 3;

    private final int brokerId;
    private final Supplier<Optional<ControllerNode>> controller;
    private final LongSupplier brokerEpoch;
    private final Function<String, Optional<UUID>> topicIds;
    private final long retryBackoffMs;
    private final int connectTimeoutMs;
    private final ScheduledExecutorService sender;
    private final Map<TopicPartition, Waiting> waiting = new LinkedHashMap<>(); // guarded by this
    private boolean sendScheduled;                                             // guarded by this
    private boolean closed;                                                    // guarded by this
    private Map<TopicPartition, Waiting> inFlight = Map.of();                  // guarded by this
    private KafkaConnection connection;          // sender thread only
    private final io.gregor.clients.security.ClientSecurity security;
    private ControllerNode connectedTo;          // sender thread only

    private record Waiting(IsrProposal proposal, CompletableFuture<AlterPartitionOutcome> future) {
    }

    /**
     * @param controller  the active controller, if known (e.g. from the controller znode and the live brokers)
     * @param brokerEpoch this broker's epoch (the czxid of its registration znode), -1 if unknown
     * @param topicIds    a topic's id, if known, for AlterPartition v2
     */
    public AlterPartitionManager(int brokerId, Supplier<Optional<ControllerNode>> controller, LongSupplier brokerEpoch,
                                 Function<String, Optional<UUID>> topicIds, long retryBackoffMs, int connectTimeoutMs) {
        this(brokerId, controller, brokerEpoch, topicIds, retryBackoffMs, connectTimeoutMs,
                io.gregor.clients.security.ClientSecurity.PLAINTEXT);
    }

    /** @param security how to connect to the controller (the inter-broker listener's protocol and TLS settings) */
    public AlterPartitionManager(int brokerId, Supplier<Optional<ControllerNode>> controller, LongSupplier brokerEpoch,
                                 Function<String, Optional<UUID>> topicIds, long retryBackoffMs, int connectTimeoutMs,
                                 io.gregor.clients.security.ClientSecurity security) {
        this.security = security;
        this.brokerId = brokerId;
        this.controller = controller;
        this.brokerEpoch = brokerEpoch;
        this.topicIds = topicIds;
        this.retryBackoffMs = retryBackoffMs;
        this.connectTimeoutMs = connectTimeoutMs;
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alter-partition-sender-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues {@code proposal}; the future completes with the controller's answer for its partition,
     * or at once with OPERATION_NOT_ATTEMPTED after {@link #close()}.
     */
    public CompletableFuture<AlterPartitionOutcome> submit(IsrProposal proposal) {
        CompletableFuture<AlterPartitionOutcome> future = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                future.complete(AlterPartitionOutcome.failed(Errors.OPERATION_NOT_ATTEMPTED));
                return future;
            }
            Waiting replaced = waiting.put(proposal.topicPartition(), new Waiting(proposal, future));
            if (replaced != null && inFlight.get(proposal.topicPartition()) != replaced) {
                replaced.future().complete(AlterPartitionOutcome.failed(Errors.OPERATION_NOT_ATTEMPTED));
            }
            scheduleSend(0);
        }
        return future;
    }

    private synchronized void scheduleSend(long delayMs) {
        if (!sendScheduled && !sender.isShutdown()) {
            sendScheduled = true;
            sender.schedule(this::sendWaiting, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void sendWaiting() {
        Map<TopicPartition, Waiting> batch;
        synchronized (this) {
            sendScheduled = false;
            batch = new LinkedHashMap<>(waiting);
            inFlight = batch;
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, AlterPartitionOutcome> outcomes = send(batch);
            List<Runnable> answers = new ArrayList<>(outcomes.size());
            synchronized (this) {
                inFlight = Map.of();
                for (Map.Entry<TopicPartition, AlterPartitionOutcome> e : outcomes.entrySet()) {
                    Waiting w = batch.get(e.getKey());
                    if (w != null && waiting.get(e.getKey()) == w) {
                        waiting.remove(e.getKey());
                    }
                    if (w != null) {
                        answers.add(() -> w.future().complete(e.getValue()));
                    }
                }
                if (!waiting.isEmpty()) {
                    scheduleSend(outcomes.isEmpty() ? retryBackoffMs : 0);
                }
            }
            // Outside the monitor: the callers' reactions (applying the ISR to the partition) must not hold up
            // submit(), which request handlers call while they answer follower fetches.
            answers.forEach(Runnable::run);
        } catch (IOException | RuntimeException e) {
            log.warn("Broker {} could not send AlterPartition for {} to the controller ({}); retrying in {} ms",
                    brokerId, batch.keySet(), e.toString(), retryBackoffMs);
            closeConnection();
            synchronized (this) {
                inFlight = Map.of();
                // proposals replaced while this request was on the wire are not retried: their successors are
                batch.forEach((tp, w) -> {
                    if (waiting.get(tp) != w) {
                        w.future().complete(AlterPartitionOutcome.failed(Errors.OPERATION_NOT_ATTEMPTED));
                    }
                });
            }
            scheduleSend(retryBackoffMs);
        }
    }

    /** Sends one request; returns the per-partition outcomes, or throws if the request as a whole failed. */
    private Map<TopicPartition, AlterPartitionOutcome> send(Map<TopicPartition, Waiting> batch) throws IOException {
        ControllerNode node = controller.get().orElseThrow(() -> new IOException("no controller is known"));
        if (connection == null || !node.equals(connectedTo)) {
            closeConnection();
            connection = KafkaConnection.connect(node.address(), "broker-" + brokerId + "-alter-partition",
                    connectTimeoutMs, security);
            connectedTo = node;
        }
        boolean byId = batch.keySet().stream().allMatch(tp -> topicIds.apply(tp.topic()).isPresent());
        short version = byId ? IDS_VERSION : NAMES_VERSION;
        long ownEpoch = brokerEpoch.getAsLong();
        Struct request = ApiMessages.request(ApiKey.ALTER_PARTITION).newStruct()
                .set(AlterPartitionRequest.BROKER_ID, brokerId).set(AlterPartitionRequest.BROKER_EPOCH, ownEpoch);
        Map<String, Struct> topics = new HashMap<>();
        for (Waiting w : batch.values()) {
            IsrProposal p = w.proposal();
            String topic = p.topicPartition().topic();
            Struct t = topics.computeIfAbsent(topic, name -> {
                Struct s = request.addElement(AlterPartitionRequest.TOPICS);
                return byId ? s.set(AlterPartitionRequest.Topics.TOPIC_ID, topicIds.apply(name).orElseThrow())
                        : s.set(AlterPartitionRequest.Topics.TOPIC_NAME, name);
            });
            Struct partition = t.addElement(AlterPartitionRequest.Topics.PARTITIONS)
                    .set(AlterPartitionRequest.Topics.Partitions.PARTITION_INDEX, p.topicPartition().partition())
                    .set(AlterPartitionRequest.Topics.Partitions.LEADER_EPOCH, p.leaderEpoch())
                    .set(AlterPartitionRequest.Topics.Partitions.LEADER_RECOVERY_STATE, (byte) 0)
                    .set(AlterPartitionRequest.Topics.Partitions.PARTITION_EPOCH, p.partitionEpoch());
            if (byId) {
                for (int member : p.newIsr()) {
                    long epoch = member == brokerId ? ownEpoch : p.followerEpochs().getOrDefault(member, -1L);
                    partition.addElement(AlterPartitionRequest.Topics.Partitions.NEW_ISR_WITH_EPOCHS)
                            .set(NewIsrWithEpochs.BROKER_ID, member).set(NewIsrWithEpochs.BROKER_EPOCH, epoch);
                }
            } else {
                partition.set(AlterPartitionRequest.Topics.Partitions.NEW_ISR, p.newIsr());
            }
        }
        Struct response = connection.send(ApiKey.ALTER_PARTITION, version, request);
        Errors error = Errors.forCode(response.getShort(AlterPartitionResponse.ERROR_CODE));
        if (error != Errors.NONE) {
            throw new IllegalStateException("controller " + node.brokerId() + " answered AlterPartition with " + error);
        }
        Map<UUID, String> namesById = new HashMap<>();
        batch.keySet().forEach(tp -> topicIds.apply(tp.topic()).ifPresent(id -> namesById.put(id, tp.topic())));
        Map<TopicPartition, AlterPartitionOutcome> outcomes = new LinkedHashMap<>();
        for (Struct t : response.getStructs(AlterPartitionResponse.TOPICS)) {
            String name = byId ? namesById.get(t.getUuid(AlterPartitionResponse.Topics.TOPIC_ID)) : t.getString(AlterPartitionResponse.Topics.TOPIC_NAME);
            if (name == null) {
                continue;
            }
            for (Struct p : t.getStructs(AlterPartitionResponse.Topics.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(name,
                        p.getInt(AlterPartitionResponse.Topics.Partitions.PARTITION_INDEX));
                Errors partitionError = Errors.forCode(p.getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));
                List<Integer> isr = new ArrayList<>(p.<Integer>getArray(AlterPartitionResponse.Topics.Partitions.ISR));
                outcomes.put(tp, partitionError == Errors.NONE
                        ? new AlterPartitionOutcome(Errors.NONE,
                                p.getInt(AlterPartitionResponse.Topics.Partitions.LEADER_ID),
                                        p.getInt(AlterPartitionResponse.Topics.Partitions.LEADER_EPOCH), isr,
                        p.getInt(AlterPartitionResponse.Topics.Partitions.PARTITION_EPOCH))
                        : AlterPartitionOutcome.failed(partitionError));
            }
        }
        for (TopicPartition tp : batch.keySet()) {
            if (!outcomes.containsKey(tp)) {
                outcomes.put(tp, AlterPartitionOutcome.failed(Errors.UNKNOWN_SERVER_ERROR));
            }
        }
        return outcomes;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing more to do
            }
            connection = null;
            connectedTo = null;
        }
    }

    /** Stops the sender; waiting proposals, and any submitted later, complete with OPERATION_NOT_ATTEMPTED. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        sender.shutdownNow();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        synchronized (this) {
            waiting.values().forEach(w -> w.future().complete(AlterPartitionOutcome.failed(Errors.OPERATION_NOT_ATTEMPTED)));
            waiting.clear();
        }
    }
}
