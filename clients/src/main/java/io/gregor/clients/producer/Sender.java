package io.gregor.clients.producer;

import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's I/O thread: refreshes metadata, obtains a producer id (idempotence), drains ready
 * batches into one Produce request per leader, and handles responses. All producer-id and sequence
 * state lives on this thread. One batch per partition is in flight at a time, so per-partition
 * order holds across retries; a retried batch keeps its sequence. Sequence errors or a batch given
 * up after being sent make the sender take a new producer id, since the broker's sequence for the
 * old one can no longer line up.
 *
 * <p>A transactional producer's sender takes its producer id and epoch from the
 * {@link TransactionManager}, sends the manager's requests ({@link TransactionalRequests}) between
 * produce rounds, sends a batch only once its partition is in the transaction, fails queued batches
 * while the transaction aborts, and reports failed batches to the manager instead of dropping the
 * producer id.
 */
final class Sender implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final int MAX_TRANSACTIONAL_REQUESTS_PER_ROUND = 8;

    private record Completion(Node node, Map<TopicPartition, ProducerBatch> batches, Struct response,
                              Throwable error) {
    }

    private final ProducerConfig config;
    private final NetworkClient client;
    private final RecordAccumulator accumulator;
    private final Set<String> topics;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Set<TopicPartition> inFlight = new HashSet<>();
    /** Batches sent and not yet answered, failed if the sender stops before their response. */
    private final Set<ProducerBatch> inFlightBatches = new HashSet<>();
    private final Map<TopicPartition, Integer> nextSequence = new HashMap<>();
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    /** Null unless {@code transactional.id} is set. */
    private final TransactionManager transactions;
    private final TransactionalRequests transactionalRequests;
    private volatile boolean running = true;
    private volatile boolean forceClose;

    Sender(ProducerConfig config, NetworkClient client, RecordAccumulator accumulator, Set<String> topics,
           TransactionManager transactions) {
        this.config = config;
        this.transactions = transactions;
        this.transactionalRequests = transactions == null ? null
                : new TransactionalRequests(transactions, client, config.common().requestTimeoutMs());
        this.topics = topics;
        this.client = client;
        this.accumulator = accumulator;
    }

    void wakeup() {
        events.offer(Boolean.TRUE);
    }

    /** Stops after every queued and in-flight batch completed (graceful) or at once (forced). */
    void initiateClose(boolean force) {
        running = false;
        forceClose = force;
        wakeup();
    }

    @Override
    public void run() {
        while (running || (!forceClose && (accumulator.hasIncomplete() || !inFlight.isEmpty() || transactionEnding()))) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.error("Producer sender iteration failed (client id {})", config.common().clientId(), e);
                NetworkClient.sleep(config.common().retryBackoffMs());
            }
        }
        GregorApiException closed = new GregorApiException(Errors.UNKNOWN_SERVER_ERROR,
                "producer closed before the record was sent");
        List<ProducerBatch> unfinished = new ArrayList<>(accumulator.drainAll());
        unfinished.addAll(inFlightBatches);
        inFlightBatches.clear();
        for (ProducerBatch b : unfinished) {
            finish(b, () -> b.fail(closed));
        }
    }

    /** True while a commit or abort (or the epoch bump after one) still has requests to send. */
    private boolean transactionEnding() {
        if (transactions == null) {
            return false;
        }
        TransactionState s = transactions.state();
        return s == TransactionState.COMMITTING_TRANSACTION || s == TransactionState.ABORTING_TRANSACTION
                || (s == TransactionState.INITIALIZING && transactions.hasProducerId());
    }

    /**
     * The transactional part of a round: fail what an aborting transaction still has queued, send
     * the manager's next request, and take its producer id and epoch. False when produce must wait.
     */
    private boolean runTransactionalSteps() {
        if (transactions.failsQueuedBatches()) {
            GregorApiException e = transactions.queuedBatchFailure();
            for (ProducerBatch b : accumulator.drainAll()) {
                finish(b, () -> b.fail(e));
            }
        }
        // a few requests may follow one another (FindCoordinator, then the request that needed it);
        // the bound keeps produce going should a coordinator answer every request at once forever
        for (int i = 0; i < MAX_TRANSACTIONAL_REQUESTS_PER_ROUND; i++) {
            if (!transactionalRequests.sendNext(!accumulator.hasIncomplete() && inFlight.isEmpty())) {
                break;
            }
        }
        if (!transactions.hasProducerId()) {
            return false;
        }
        long id = transactions.producerId();
        short epoch = transactions.producerEpoch();
        if (id != producerId || epoch != producerEpoch) {
            producerId = id;
            producerEpoch = epoch;
            nextSequence.clear();
        }
        return true;
    }

    private void runOnce() {
        long now = System.currentTimeMillis();
        expireBatches(now);
        if (transactions != null) {
            if (!runTransactionalSteps()) {
                handleCompletions(config.common().retryBackoffMs());
                return;
            }
        } else if (config.idempotence() && producerId == RecordBatch.NO_PRODUCER_ID && accumulator.hasQueued()) {
            if (!initProducerId()) {
                waitForEvents(config.common().retryBackoffMs());
                return;
            }
        }
        Cluster cluster = client.cluster();
        if (accumulator.hasQueued()) {
            cluster = client.maybeUpdateMetadata(Set.copyOf(topics), true);
        }
        Map<Node, List<ProducerBatch>> byLeader = new LinkedHashMap<>();
        Set<TopicPartition> notSendable = new HashSet<>(inFlight);
        for (TopicPartition tp : accumulator.ready(now, inFlight)) {
            if (transactions != null && !transactions.isSendToPartitionAllowed(tp)) {
                notSendable.add(tp); // waits for AddPartitionsToTxn
                continue;
            }
            var leader = cluster.leaderFor(tp);
            if (leader.isEmpty()) {
                client.requestMetadataUpdate();
                notSendable.add(tp);
                continue;
            }
            List<ProducerBatch> batches = byLeader.computeIfAbsent(leader.get(), n -> new ArrayList<>());
            int requestBytes = batches.stream().mapToInt(ProducerBatch::estimatedBytes).sum();
            if (!batches.isEmpty() && requestBytes >= config.maxRequestSize()) {
                continue;
            }
            ProducerBatch batch = accumulator.drain(tp);
            if (batch != null) {
                batches.add(batch);
            }
        }
        byLeader.forEach(this::sendProduce);
        long maxWait = notSendable.size() > inFlight.size() ? config.common().retryBackoffMs() : 100;
        handleCompletions(accumulator.nextReadyDelayMs(System.currentTimeMillis(), notSendable, maxWait));
    }

    private boolean initProducerId() {
        Struct req = ApiMessages.request(ApiKey.INIT_PRODUCER_ID).newStruct()
                .set(InitProducerIdRequest.TRANSACTIONAL_ID, null)
                .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, 60000);
        try {
            Struct resp = client.sendToAnyNode(ApiKey.INIT_PRODUCER_ID, req, ApiKey.INIT_PRODUCER_ID.maxVersion,
                    config.common().requestTimeoutMs());
            Errors error = Errors.forCode(resp.getShort(InitProducerIdResponse.ERROR_CODE));
            if (error != Errors.NONE) {
                log.warn("InitProducerId failed: {}; retrying", error);
                return false;
            }
            producerId = resp.getLong(InitProducerIdResponse.PRODUCER_ID);
            producerEpoch = resp.getShort(InitProducerIdResponse.PRODUCER_EPOCH);
            nextSequence.clear();
            log.info("Producer {} got producer id {} epoch {}", config.common().clientId(), producerId, producerEpoch);
            return true;
        } catch (GregorApiException e) {
            log.warn("InitProducerId failed: {}; retrying", e.getMessage());
            return false;
        }
    }

    private void sendProduce(Node node, List<ProducerBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        Struct req = ApiMessages.request(ApiKey.PRODUCE).newStruct()
                .set(ProduceRequest.TRANSACTIONAL_ID, config.transactionalId()).set(ProduceRequest.ACKS, config.acks())
                .set(ProduceRequest.TIMEOUT_MS, config.common().requestTimeoutMs());
        Map<String, Struct> topicData = new LinkedHashMap<>();
        Map<TopicPartition, ProducerBatch> sent = new LinkedHashMap<>();
        for (ProducerBatch b : batches) {
            TopicPartition tp = b.topicPartition();
            MemoryRecords records;
            if (config.idempotence()) {
                int seq = b.isBuiltFor(producerId, producerEpoch) ? b.baseSequence() : nextSequence.getOrDefault(tp, 0);
                boolean fresh = !b.isBuiltFor(producerId, producerEpoch);
                records = b.build(config.compression(), producerId, producerEpoch, seq, transactions != null);
                if (fresh) {
                    nextSequence.put(tp, seq + b.recordCount());
                }
            } else {
                records = b.build(config.compression(), RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                        RecordBatch.NO_SEQUENCE);
            }
            b.recordAttempt();
            topicData.computeIfAbsent(tp.topic(), t -> req.addElement(ProduceRequest.TOPIC_DATA).set(TopicData.NAME, t))
                    .addElement(TopicData.PARTITION_DATA).set(PartitionData.INDEX, tp.partition())
                    .set(PartitionData.RECORDS, records);
            sent.put(tp, b);
        }
        if (config.acks() == 0) {
            try {
                client.sendOneWay(node, ApiKey.PRODUCE, req, ApiKey.PRODUCE.maxVersion);
                sent.values().forEach(b -> finish(b, () -> b.complete(-1, -1)));
            } catch (Exception e) {
                client.requestMetadataUpdate();
                sent.values().forEach(b -> retryOrFail(b, new GregorApiException(Errors.NETWORK_EXCEPTION,
                        e.getMessage(), e), System.currentTimeMillis()));
            }
            return;
        }
        inFlight.addAll(sent.keySet());
        inFlightBatches.addAll(sent.values());
        CompletableFuture<Struct> f = client.send(node, ApiKey.PRODUCE, req, ApiKey.PRODUCE.maxVersion);
        f.whenComplete((resp, err) -> {
            events.offer(new Completion(node, sent, resp, err));
        });
    }

    private void handleCompletions(long waitMs) {
        Object event = waitForEvents(waitMs);
        while (event != null) {
            if (event instanceof Completion c) {
                handle(c);
            }
            event = events.poll();
        }
    }

    private Object waitForEvents(long waitMs) {
        try {
            return events.poll(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            forceClose = true;
            return null;
        }
    }

    private void handle(Completion c) {
        long now = System.currentTimeMillis();
        inFlight.removeAll(c.batches.keySet());
        c.batches.values().forEach(inFlightBatches::remove);
        if (c.error != null) {
            Throwable cause = c.error instanceof java.util.concurrent.CompletionException ? c.error.getCause() : c.error;
            GregorApiException e = cause instanceof GregorApiException g ? g
                    : new GregorApiException(Errors.NETWORK_EXCEPTION, String.valueOf(cause), cause);
            client.requestMetadataUpdate();
            c.batches.values().forEach(b -> retryOrFail(b, e, now));
            return;
        }
        Map<TopicPartition, ProducerBatch> pending = new LinkedHashMap<>(c.batches);
        for (Struct topic : c.response.getStructs(ProduceResponse.RESPONSES)) {
            for (Struct p : topic.getStructs(Responses.PARTITION_RESPONSES)) {
                TopicPartition tp = new TopicPartition(topic.getString(Responses.NAME),
                        p.getInt(PartitionResponses.INDEX));
                ProducerBatch b = pending.remove(tp);
                if (b == null) {
                    continue;
                }
                Errors error = Errors.forCode(p.getShort(PartitionResponses.ERROR_CODE));
                switch (error) {
                    case NONE -> finish(b,
                            () -> b.complete(p.getLong(PartitionResponses.BASE_OFFSET),
                                    p.getLong(PartitionResponses.LOG_APPEND_TIME_MS)));
                    case DUPLICATE_SEQUENCE_NUMBER -> finish(b, () -> b.complete(-1, -1));
                    default -> {
                        String msg = p.getString(PartitionResponses.ERROR_MESSAGE);
                        GregorApiException e = new GregorApiException(error, "produce to " + tp + " on " + c.node
                                + (msg == null ? "" : ": " + msg));
                        if (error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.UNKNOWN_TOPIC_OR_PARTITION
                                || error == Errors.LEADER_NOT_AVAILABLE || error == Errors.NOT_ENOUGH_REPLICAS) {
                            client.requestMetadataUpdate();
                        }
                        retryOrFail(b, e, now);
                    }
                }
            }
        }
        for (ProducerBatch b : pending.values()) {
            retryOrFail(b, new GregorApiException(Errors.UNKNOWN_SERVER_ERROR,
                    "produce response from " + c.node + " did not mention " + b.topicPartition()), now);
        }
    }

    private void retryOrFail(ProducerBatch b, GregorApiException e, long now) {
        boolean timeLeft = now - b.createdMs() < config.deliveryTimeoutMs();
        if (e.isRetriable() && b.attempts() <= config.retries() && timeLeft) {
            log.debug("Retrying batch for {} after {}", b.topicPartition(), e.getMessage());
            accumulator.reenqueue(b, now);
            return;
        }
        if (transactions != null) {
            transactions.onBatchFailed(b.topicPartition(), e, b.attempts() > 0);
        } else if (config.idempotence() && b.attempts() > 0) {
            resetProducerId("batch for " + b.topicPartition() + " failed: " + e.getMessage());
        }
        finish(b, () -> b.fail(e));
    }

    private void expireBatches(long now) {
        for (ProducerBatch b : accumulator.expireQueued(now - config.deliveryTimeoutMs())) {
            GregorApiException e = new GregorApiException(Errors.REQUEST_TIMED_OUT, "expiring " + b.recordCount()
                    + " record(s) for " + b.topicPartition() + ": " + (now - b.createdMs())
                    + " ms passed since batch creation (delivery.timeout.ms=" + config.deliveryTimeoutMs() + ")");
            if (transactions != null) {
                transactions.onBatchFailed(b.topicPartition(), e, b.attempts() > 0);
            } else if (config.idempotence() && b.attempts() > 0) {
                resetProducerId("batch for " + b.topicPartition() + " expired");
            }
            finish(b, () -> b.fail(e));
        }
    }

    private void resetProducerId(String why) {
        if (producerId != RecordBatch.NO_PRODUCER_ID) {
            log.warn("Producer {} drops producer id {} ({}); sequences restart under a new id",
                    config.common().clientId(), producerId, why);
        }
        producerId = RecordBatch.NO_PRODUCER_ID;
        producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        nextSequence.clear();
    }

    private void finish(ProducerBatch b, Runnable completion) {
        try {
            completion.run();
        } finally {
            accumulator.deallocate(b);
        }
    }
}
