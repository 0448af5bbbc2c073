package io.gregor.broker.it;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Records;
import io.gregor.clients.record.TimestampType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka requests built by hand with Gregor's own protocol classes, for tests that need control
 * over the bytes a real client would not give (replayed batches, sequence gaps, bad frames).
 */
public final class WireRequests {
    public static final short PRODUCE_VERSION = 9;
    public static final short FETCH_VERSION = 12;
    public static final short INIT_PRODUCER_ID_VERSION = 4;

    private WireRequests() {
    }

    public static KafkaConnection connect(int port, String clientId) throws IOException {
        return KafkaConnection.connect(new InetSocketAddress("127.0.0.1", port), clientId, 5_000);
    }

    /** One record batch of {@code values}; producer id -1 for a plain (non-idempotent) batch. */
    public static MemoryRecords batch(long producerId, short epoch, int baseSequence, String... values) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0,
                RecordBatch.NO_TIMESTAMP, producerId, epoch, baseSequence, false, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (String value : values) {
            builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A Produce request of one batch to one partition. */
    public static Struct produce(short acks, String topic, int partition, MemoryRecords records) {
        Struct request = ApiMessages.request(ApiKey.PRODUCE).newStruct().set(ProduceRequest.ACKS, acks)
                .set(ProduceRequest.TIMEOUT_MS, 10_000);
        request.addElement(ProduceRequest.TOPIC_DATA).set(TopicData.NAME, topic).addElement(TopicData.PARTITION_DATA)
                .set(PartitionData.INDEX, partition).set(PartitionData.RECORDS, records);
        return request;
    }

    /** Sends a Produce of one batch and returns the partition's response (ErrorCode, BaseOffset, ...). */
    public static Struct producePartition(KafkaConnection conn, short acks, String topic, int partition,
                                          MemoryRecords records) throws IOException {
        return conn.send(ApiKey.PRODUCE, PRODUCE_VERSION, produce(acks, topic, partition, records))
                .getStructs(ProduceResponse.RESPONSES).get(0).getStructs(ProduceResponse.Responses.PARTITION_RESPONSES).get(0);
    }

    /** A consumer Fetch of one partition from {@code offset}; returns the partition's response. */
    public static Struct fetchPartition(KafkaConnection conn, String topic, int partition, long offset)
            throws IOException {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.REPLICA_ID, -1).set(FetchRequest.MAX_WAIT_MS, 0).set(FetchRequest.MIN_BYTES, 0)
                .set(FetchRequest.MAX_BYTES, 1 << 24)
                .set(FetchRequest.ISOLATION_LEVEL, (byte) 0).set(FetchRequest.SESSION_ID, 0)
                .set(FetchRequest.SESSION_EPOCH, -1);
        request.addElement(FetchRequest.TOPICS).set(Topics.TOPIC, topic).addElement(Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, partition)
                .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, offset)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 24);
        return conn.send(ApiKey.FETCH, FETCH_VERSION, request).getStructs(FetchResponse.RESPONSES).get(0)
                .getStructs(FetchResponse.Responses.PARTITIONS).get(0);
    }

    /**
     * ListOffsets (v7) of one partition at {@code timestamp} (-1 latest, -2 earliest, -3 max
     * timestamp) as {@code replicaId} (-1 a consumer, asking the leader; -2 a debugging tool, which
     * any replica answers); returns the partition's response (ErrorCode, Timestamp, Offset, ...).
     */
    public static Struct listOffset(KafkaConnection conn, String topic, int partition, long timestamp, int replicaId)
            throws IOException {
        Struct request = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct()
                .set(ListOffsetsRequest.REPLICA_ID, replicaId).set(ListOffsetsRequest.ISOLATION_LEVEL, (byte) 0);
        request.addElement(ListOffsetsRequest.TOPICS).set(ListOffsetsRequest.Topics.NAME, topic)
                .addElement(ListOffsetsRequest.Topics.PARTITIONS)
                .set(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX, partition)
                .set(ListOffsetsRequest.Topics.Partitions.TIMESTAMP, timestamp);
        return conn.send(ApiKey.LIST_OFFSETS, (short) 7, request).getStructs(ListOffsetsResponse.TOPICS).get(0)
                .getStructs(ListOffsetsResponse.Topics.PARTITIONS).get(0);
    }

    /** An idempotent producer id and epoch from InitProducerId, as {@code [id, epoch]}. */
    public static long[] initProducerId(KafkaConnection conn) throws IOException {
        Struct response = conn.send(ApiKey.INIT_PRODUCER_ID, INIT_PRODUCER_ID_VERSION,
                ApiMessages.request(ApiKey.INIT_PRODUCER_ID).newStruct()
                        .set(InitProducerIdRequest.TRANSACTIONAL_ID, null)
                        .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, 60_000)
                        .set(InitProducerIdRequest.PRODUCER_ID, -1L)
                        .set(InitProducerIdRequest.PRODUCER_EPOCH, (short) -1));
        if (response.getShort(InitProducerIdResponse.ERROR_CODE) != 0) {
            throw new AssertionError("InitProducerId failed: " + response);
        }
        return new long[] {response.getLong(InitProducerIdResponse.PRODUCER_ID),
                response.getShort(InitProducerIdResponse.PRODUCER_EPOCH)};
    }

    /** The record batches of fetched {@code records}. */
    public static List<RecordBatch> batches(Records records) throws IOException {
        MemoryRecords memory;
        if (records instanceof MemoryRecords m) {
            memory = m;
        } else {
            ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
            records.writeTo(new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) {
                    int n = src.remaining();
                    copy.put(src);
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            }, 0, records.sizeInBytes());
            memory = MemoryRecords.readableRecords(copy.flip());
        }
        List<RecordBatch> batches = new ArrayList<>();
        memory.batches().forEach(batches::add);
        return batches;
    }

    /** The record batches stored in partition {@code partition} of {@code topic} from offset 0 (one fetch, up to 16 MiB). */
    public static List<RecordBatch> storedBatches(int port, String topic, int partition) throws IOException {
        try (KafkaConnection conn = connect(port, "stored-batches")) {
            Struct fetched = fetchPartition(conn, topic, partition, 0);
            if (fetched.getShort(FetchResponse.Responses.Partitions.ERROR_CODE) != 0) {
                throw new AssertionError("fetch of " + topic + "-" + partition + " failed: " + fetched);
            }
            return batches(fetched.getRecords(FetchResponse.Responses.Partitions.RECORDS));
        }
    }

    /** The values of every record in {@code records}, in log order. */
    public static List<String> values(Records records) throws IOException {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : batches(records)) {
            for (Record r : batch.recordList()) {
                values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            }
        }
        return values;
    }
}
