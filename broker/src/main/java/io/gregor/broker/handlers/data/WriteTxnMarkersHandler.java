package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest.Markers;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersResponse;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ProducePartitionResult;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.TxnMarker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * WriteTxnMarkers (v0-1), sent by a transaction coordinator (the broker puts it behind the
 * ClusterAction check, as Kafka does): for each marker, appends a COMMIT or ABORT control batch to
 * every named partition this broker leads, with the producer's id and epoch and the coordinator's
 * epoch, waits as acks=all does (min.insync.replicas applies) at most {@code request.timeout.ms},
 * and answers per partition: NONE, UNKNOWN_TOPIC_OR_PARTITION for a partition this broker does not
 * host, NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, TRANSACTION_COORDINATOR_FENCED (an older
 * coordinator epoch than the partition saw), INVALID_PRODUCER_EPOCH (an older producer epoch) or
 * REQUEST_TIMED_OUT. Markers written to {@code __consumer_offsets} are passed to the
 * {@link TxnMarkerListener}.
 */
public final class WriteTxnMarkersHandler implements ApiHandler {
    static final String OFFSETS_TOPIC = "__consumer_offsets";

    private final ReplicaManager replicaManager;
    private final int timeoutMs;
    private final Supplier<TxnMarkerListener> listener;

    /**
     * @param timeoutMs the broker's {@code request.timeout.ms}: how long the markers may wait for the ISR
     * @param listener  read per request (the group coordinator may be wired after start)
     */
    public WriteTxnMarkersHandler(ReplicaManager replicaManager, int timeoutMs, Supplier<TxnMarkerListener> listener) {
        this.replicaManager = replicaManager;
        this.timeoutMs = timeoutMs;
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        List<Struct> markers = request.getStructs(WriteTxnMarkersRequest.MARKERS);
        List<CompletableFuture<Map<TopicPartition, ProducePartitionResult>>> written = new ArrayList<>(markers.size());
        for (Struct marker : markers) {
            TxnMarker txnMarker = new TxnMarker(marker.getLong(Markers.PRODUCER_ID), marker.getShort(Markers.PRODUCER_EPOCH),
                    marker.getInt(Markers.COORDINATOR_EPOCH), marker.getBool(Markers.TRANSACTION_RESULT));
            Map<TopicPartition, TxnMarker> partitions = new LinkedHashMap<>();
            for (Struct topic : marker.getStructs(Markers.TOPICS)) {
                String name = topic.getString(Markers.Topics.NAME);
                for (int index : topic.getArray(Markers.Topics.PARTITION_INDEXES)) {
                    if (!name.isEmpty() && index >= 0) {
                        partitions.put(new TopicPartition(name, index), txnMarker);
                    }
                }
            }
            written.add(replicaManager.appendTxnMarkers(timeoutMs, partitions).thenApply(results -> {
                notifyOffsetsPartitions(txnMarker, results);
                return results;
            }));
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Struct response = ApiMessages.response(ApiKey.WRITE_TXN_MARKERS).newStruct();
            for (int i = 0; i < markers.size(); i++) {
                Struct marker = markers.get(i);
                Map<TopicPartition, ProducePartitionResult> results = written.get(i).join();
                Struct out = response.addElement(WriteTxnMarkersResponse.MARKERS)
                        .set(WriteTxnMarkersResponse.Markers.PRODUCER_ID, marker.getLong(Markers.PRODUCER_ID));
                for (Struct topic : marker.getStructs(Markers.TOPICS)) {
                    String name = topic.getString(Markers.Topics.NAME);
                    Struct topicOut = out.addElement(WriteTxnMarkersResponse.Markers.TOPICS)
                            .set(WriteTxnMarkersResponse.Markers.Topics.NAME, name);
                    for (int index : topic.getArray(Markers.Topics.PARTITION_INDEXES)) {
                        ProducePartitionResult r = results.get(new TopicPartition(name, index));
                        Errors error = r == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : r.error();
                        topicOut.addElement(WriteTxnMarkersResponse.Markers.Topics.PARTITIONS)
                                .set(WriteTxnMarkersResponse.Markers.Topics.Partitions.PARTITION_INDEX, index)
                                .set(WriteTxnMarkersResponse.Markers.Topics.Partitions.ERROR_CODE, error.code());
                    }
                }
            }
            return response;
        });
    }

    private void notifyOffsetsPartitions(TxnMarker marker, Map<TopicPartition, ProducePartitionResult> results) {
        List<TopicPartition> offsets = new ArrayList<>();
        results.forEach((tp, r) -> {
            if (tp.topic().equals(OFFSETS_TOPIC) && r.error() == Errors.NONE) {
                offsets.add(tp);
            }
        });
        if (!offsets.isEmpty()) {
            listener.get().onMarkersWritten(marker.producerId(), marker.committed(), offsets);
        }
    }
}
