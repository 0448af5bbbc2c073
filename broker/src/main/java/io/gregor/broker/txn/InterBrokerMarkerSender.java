package io.gregor.broker.txn;

import io.gregor.broker.metadata.MetadataCache;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest.Markers;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersResponse;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MarkerSender} over the inter-broker listener: each round groups the partitions still
 * waiting for a marker by their leader (as this broker's metadata knows it) and sends each leader
 * one WriteTxnMarkers v1 with every waiting transaction's markers. A partition answered NONE is
 * done; a retriable answer (not leader, not enough replicas, timeout, unknown partition) or a
 * failed connection is tried again in the next round, {@code retryBackoffMs} later, so a leader
 * change is followed; a partition whose topic is gone is done (as in Kafka). A transaction whose
 * coordinator moved away, or that a leader answers with INVALID_PRODUCER_EPOCH or
 * TRANSACTION_COORDINATOR_FENCED, is dropped: the newer coordinator finishes it. Thread-safety:
 * {@link #send} may be called from any thread; all the work, the waiting transactions and the
 * connections belong to one sender thread.
 */
final class InterBrokerMarkerSender implements MarkerSender, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InterBrokerMarkerSender.class);
    private static final short VERSION = 1;

    private final MetadataCache metadataCache;
    private final long retryBackoffMs;
    private final BiPredicate<String, Integer> stillCoordinator;
    private final ScheduledExecutorService sender;
    private final List<Waiting> waiting = new ArrayList<>();               // sender thread only
    private final InterBrokerConnections connections;                        // sender thread only
    private final Map<Integer, Integer> failures = new HashMap<>();              // sender thread only: in a row, by broker
    private boolean retryScheduled;                                         // sender thread only

    /** A transaction and its partitions still without a marker. */
    private static final class Waiting {
        final Job job;
        final Set<TopicPartition> remaining;
        boolean dropped;

        Waiting(Job job) {
            this.job = job;
            this.remaining = new HashSet<>(job.partitions());
        }
    }

    /**
     * @param stillCoordinator whether a transactional id is still coordinated here in a coordinator epoch
     */
    InterBrokerMarkerSender(int brokerId, MetadataCache metadataCache, String listenerName, ClientSecurity security,
                            int requestTimeoutMs, long retryBackoffMs, BiPredicate<String, Integer> stillCoordinator) {
        this.metadataCache = metadataCache;
        this.connections = new InterBrokerConnections(brokerId, metadataCache, listenerName, security, requestTimeoutMs,
                "txn-markers");
        this.retryBackoffMs = retryBackoffMs;
        this.stillCoordinator = stillCoordinator;
        this.sender = Executors.newSingleThreadScheduledExecutor(
                InterBrokerConnections.senderThread("txn-marker-sender", brokerId));
    }

    @Override
    public void send(Job job) {
        sender.execute(() -> {
            waiting.add(new Waiting(job));
            round();
        });
    }

    private void scheduledRound() {
        retryScheduled = false;
        round();
    }

    private void round() {
        waiting.removeIf(w -> {
            if (!stillCoordinator.test(w.job.transactionalId(), w.job.coordinatorEpoch())) {
                log.info("Not writing the markers of {} any more: this broker no longer coordinates it in epoch {}",
                        w.job.transactionalId(), w.job.coordinatorEpoch());
                return true;
            }
            return false;
        });
        Map<Integer, Map<Waiting, Set<TopicPartition>>> byLeader = new TreeMap<>();
        for (Waiting w : waiting) {
            for (Iterator<TopicPartition> it = w.remaining.iterator(); it.hasNext(); ) {
                TopicPartition tp = it.next();
                if (!metadataCache.contains(tp.topic())) {
                    log.info("Partition {} of transaction {} no longer exists: no marker needed", tp, w.job.transactionalId());
                    it.remove();
                    continue;
                }
                int leader = metadataCache.partition(tp.topic(), tp.partition()).map(p -> p.leader()).orElse(-1);
                if (leader >= 0) {
                    byLeader.computeIfAbsent(leader, l -> new HashMap<>()).computeIfAbsent(w, x -> new HashSet<>()).add(tp);
                }
            }
        }
        byLeader.forEach(this::sendTo);
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.dropped) {
                it.remove();
            } else if (w.remaining.isEmpty()) {
                it.remove();
                try {
                    w.job.onAllWritten().run();
                } catch (RuntimeException e) {
                    log.error("Completing the transaction of {} after its markers failed", w.job.transactionalId(), e);
                }
            }
        }
        if (!waiting.isEmpty() && !retryScheduled) {
            retryScheduled = true;
            sender.schedule(this::scheduledRound, retryBackoffMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One WriteTxnMarkers to {@code leader}; updates the waiting partitions from its answer. */
    private void sendTo(int leader, Map<Waiting, Set<TopicPartition>> markers) {
        Map<Long, Waiting> byProducer = new HashMap<>();
        Struct request = ApiMessages.request(ApiKey.WRITE_TXN_MARKERS).newStruct();
        markers.forEach((w, partitions) -> {
            if (byProducer.putIfAbsent(w.job.producerId(), w) != null) {
                return; // one transaction per producer at a time; the other goes in the next round
            }
            Struct marker = request.addElement(WriteTxnMarkersRequest.MARKERS)
                    .set(Markers.PRODUCER_ID, w.job.producerId())
                    .set(Markers.PRODUCER_EPOCH, w.job.producerEpoch())
                    .set(Markers.TRANSACTION_RESULT, w.job.commit())
                    .set(Markers.COORDINATOR_EPOCH, w.job.coordinatorEpoch());
            InterBrokerConnections.byTopic(partitions).forEach((topic, ids) -> marker.addElement(Markers.TOPICS)
                    .set(Markers.Topics.NAME, topic).set(Markers.Topics.PARTITION_INDEXES, ids));
        });
        Struct response;
        try {
            response = connections.to(leader).send(ApiKey.WRITE_TXN_MARKERS, VERSION, request);
        } catch (IOException | RuntimeException e) {
            int inARow = failures.merge(leader, 1, Integer::sum);
            if (inARow == 1 || inARow % 100 == 0) { // retried every round: one line per 100 failures
                log.info("Writing transaction markers to broker {} failed ({} in a row), retrying: {}", leader, inARow,
                        e.toString());
            }
            connections.close(leader);
            return;
        }
        failures.remove(leader);
        for (Struct result : response.getStructs(WriteTxnMarkersResponse.MARKERS)) {
            Waiting w = byProducer.get(result.getLong(WriteTxnMarkersResponse.Markers.PRODUCER_ID));
            if (w == null) {
                continue;
            }
            for (Struct topic : result.getStructs(WriteTxnMarkersResponse.Markers.TOPICS)) {
                String name = topic.getString(WriteTxnMarkersResponse.Markers.Topics.NAME);
                for (Struct p : topic.getStructs(WriteTxnMarkersResponse.Markers.Topics.PARTITIONS)) {
                    TopicPartition tp = new TopicPartition(name,
                            p.getInt(WriteTxnMarkersResponse.Markers.Topics.Partitions.PARTITION_INDEX));
                    onPartitionResult(w, tp, Errors.forCode(
                            p.getShort(WriteTxnMarkersResponse.Markers.Topics.Partitions.ERROR_CODE)));
                }
            }
        }
    }

    private void onPartitionResult(Waiting w, TopicPartition tp, Errors error) {
        switch (error) {
            case NONE, UNSUPPORTED_FOR_MESSAGE_FORMAT -> w.remaining.remove(tp);
            case INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED -> {
                log.info("Broker refused the marker of {} for {} with {}: a newer coordinator owns it",
                        w.job.transactionalId(), tp, error);
                w.dropped = true;
            }
            default -> log.debug("Marker of {} for {} not written ({}), retrying", w.job.transactionalId(), tp, error);
        }
    }

    @Override
    public void close() {
        sender.execute(connections::closeAll);
        sender.shutdown();
    }
}
