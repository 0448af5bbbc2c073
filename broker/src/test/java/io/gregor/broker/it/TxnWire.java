package io.gregor.broker.it;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersResponse;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Wire helpers for tests that play a transaction coordinator: transactional batches, transactional
 * Produce requests and WriteTxnMarkers, with raw requests (no transactional client involved).
 */
public final class TxnWire {
    private static final short ACKS_ALL = -1;
    private static final short PRODUCE_VERSION = 9;

    private TxnWire() {
    }

    public static MemoryRecords txnBatch(long producerId, short epoch, int baseSequence, String... values) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0,
                RecordBatch.NO_TIMESTAMP, producerId, epoch, baseSequence, true, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (String value : values) {
            builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A transactional Produce of one batch; returns the partition's response. */
    public static Struct produceTxn(KafkaConnection conn, String transactionalId, String topic, MemoryRecords records)
            throws Exception {
        Struct request = WireRequests.produce(ACKS_ALL, topic, 0, records).set(ProduceRequest.TRANSACTIONAL_ID, transactionalId);
        return conn.send(ApiKey.PRODUCE, PRODUCE_VERSION, request).getStructs(ProduceResponse.RESPONSES).get(0)
                .getStructs(ProduceResponse.Responses.PARTITION_RESPONSES).get(0);
    }

    /** WriteTxnMarkers for partition 0 of {@code topic}, as a coordinator of {@code coordinatorEpoch}; returns the error. */
    public static Errors writeMarker(KafkaConnection conn, String topic, long producerId, short epoch,
                                      int coordinatorEpoch, boolean commit) throws Exception {
        Struct request = ApiMessages.request(ApiKey.WRITE_TXN_MARKERS).newStruct();
        request.addElement(WriteTxnMarkersRequest.MARKERS)
                .set(WriteTxnMarkersRequest.Markers.PRODUCER_ID, producerId)
                .set(WriteTxnMarkersRequest.Markers.PRODUCER_EPOCH, epoch)
                .set(WriteTxnMarkersRequest.Markers.TRANSACTION_RESULT, commit)
                .set(WriteTxnMarkersRequest.Markers.COORDINATOR_EPOCH, coordinatorEpoch)
                .addElement(WriteTxnMarkersRequest.Markers.TOPICS)
                .set(WriteTxnMarkersRequest.Markers.Topics.NAME, topic)
                .set(WriteTxnMarkersRequest.Markers.Topics.PARTITION_INDEXES, List.of(0));
        Struct response = conn.send(ApiKey.WRITE_TXN_MARKERS, (short) 1, request);
        short code = response.getStructs(WriteTxnMarkersResponse.MARKERS).get(0)
                .getStructs(WriteTxnMarkersResponse.Markers.TOPICS).get(0)
                .getStructs(WriteTxnMarkersResponse.Markers.Topics.PARTITIONS).get(0)
                .getShort(WriteTxnMarkersResponse.Markers.Topics.Partitions.ERROR_CODE);
        return Errors.forCode(code);
    }

    /** The values of the data records of {@code records} (control batches left out). */
    public static List<String> dataValues(io.gregor.clients.record.Records records) throws Exception {
        List<String> values = new java.util.ArrayList<>();
        for (RecordBatch batch : WireRequests.batches(records)) {
            if (!batch.isControlBatch()) {
                for (io.gregor.clients.record.Record record : batch.recordList()) {
                    values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
                }
            }
        }
        return values;
    }

}
