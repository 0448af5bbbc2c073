package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.LegacyRecordBatch;
import io.gregor.clients.record.LegacyRecordsBuilder;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Records;
import io.gregor.clients.record.TimestampType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Old clients on the wire: Produce v0-2 with message formats v0/v1 are stored as batch v2 in the
 * producer's codec, and Fetch v0-3 reads them back down-converted to the format its version
 * knows, while Produce v9 / Fetch v12 still see batch v2.
 */
class LegacyProduceFetchTest {
    private static GregorCluster cluster;
    private static String bootstrap;
    private static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        GregorServer broker = cluster.startInProcessBroker(0, Map.of());
        port = broker.boundPort("PLAINTEXT");
        bootstrap = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "produce v{0} magic {1} {2}")
    @CsvSource({"0, 0, none", "0, 0, gzip", "0, 0, snappy", "0, 0, lz4", "1, 0, lz4",
            "2, 1, none", "2, 1, gzip", "2, 1, snappy", "2, 1, lz4"})
    void anOldProducersMessagesAreStoredAsBatchV2InItsCodecAndReadBackInEveryFormat(short produceVersion, byte magic,
                                                                                 String codec) throws Exception {
        String topic = "legacy-v" + produceVersion + "-m" + magic + "-" + codec;
        ApacheClients.createTopic(bootstrap, topic, 1);
        CompressionType type = CompressionType.forName(codec);
        try (KafkaConnection conn = WireRequests.connect(port, "legacy-producer")) {
            long now = System.currentTimeMillis();
            for (int set = 0; set < 2; set++) {
                LegacyRecordsBuilder builder = new LegacyRecordsBuilder(magic, Compression.of(type),
                        TimestampType.CREATE_TIME, 0, -1);
                for (int i = 0; i < 3; i++) {
                    builder.append(now + i, utf8("k" + (set * 3 + i)), utf8("value " + (set * 3 + i)));
                }
                Struct response = produce(conn, produceVersion, topic, builder.build());
                assertEquals(Errors.NONE.code(), response.getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
                assertEquals(set * 3L, response.getLong(ProduceResponse.Responses.PartitionResponses.BASE_OFFSET));
            }

            List<RecordBatch> stored = WireRequests.storedBatches(port, topic, 0);
            assertEquals(2, stored.size());
            for (RecordBatch batch : stored) {
                assertEquals(type, batch.compressionType());
            }
            List<String> expected = List.of("value 0", "value 1", "value 2", "value 3", "value 4", "value 5");
            for (short fetchVersion = 0; fetchVersion <= 3; fetchVersion++) {
                byte expectedMagic = (byte) (fetchVersion <= 1 ? 0 : 1);
                List<Record> records = consume(conn, fetchVersion, topic, expected.size(), expectedMagic, type);
                assertEquals(expected, records.stream().map(r -> string(r.value())).toList(), "fetch v" + fetchVersion);
                for (int i = 0; i < records.size(); i++) {
                    assertEquals(i, records.get(i).offset());
                    assertEquals("k" + i, string(records.get(i).key()));
                    long expectedTimestamp = expectedMagic == 0 || magic == 0 ? RecordBatch.NO_TIMESTAMP : now + i % 3;
                    assertEquals(expectedTimestamp, records.get(i).timestamp(), "fetch v" + fetchVersion + " record " + i);
                }
            }
        }
    }

    @Test
    void anOldConsumerFetchingFromTheMiddleOfAnUncompressedBatchStartsAtItsOffset() throws Exception {
        String topic = "legacy-middle";
        ApacheClients.createTopic(bootstrap, topic, 1);
        try (KafkaConnection conn = WireRequests.connect(port, "legacy-middle")) {
            WireRequests.producePartition(conn, (short) 1, topic, 0,
                    WireRequests.batch(RecordBatch.NO_PRODUCER_ID, (short) -1, -1, "a", "b", "c", "d"));
            List<Record> records = legacyRecords(fetch(conn, (short) 2, topic, 2), (byte) 1, CompressionType.NONE);
            assertEquals(List.of("c", "d"), records.stream().map(r -> string(r.value())).toList());
            assertEquals(2, records.get(0).offset());
        }
    }

    @Test
    void aLogAppendTimeTopicStampsOldFormatMessagesWithTheBrokersTime() throws Exception {
        String topic = "legacy-log-append-time";
        createTopic(topic, Map.of("message.timestamp.type", "LogAppendTime"));
        try (KafkaConnection conn = WireRequests.connect(port, "legacy-lat")) {
            LegacyRecordsBuilder builder = new LegacyRecordsBuilder((byte) 1, Compression.of(CompressionType.GZIP),
                    TimestampType.CREATE_TIME, 0, -1);
            builder.append(5L, null, utf8("x"));
            builder.append(6L, null, utf8("y"));
            long before = System.currentTimeMillis();
            Struct response = produce(conn, (short) 2, topic, builder.build());
            assertEquals(Errors.NONE.code(), response.getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
            long appendTime = response.getLong(ProduceResponse.Responses.PartitionResponses.LOG_APPEND_TIME_MS);
            assertTrue(appendTime >= before, "log append time " + appendTime);
            Struct fetched = fetch(conn, (short) 3, topic, 0);
            LegacyRecordBatch wrapper = LegacyRecordBatch.entries(bytes(fetched)).iterator().next();
            assertEquals(TimestampType.LOG_APPEND_TIME, wrapper.record().timestampType());
            for (Record r : wrapper.records(Integer.MAX_VALUE)) {
                assertEquals(appendTime, r.timestamp());
            }
        }
    }

    @Test
    void aCorruptedOldFormatMessageIsRefusedAsCorruptAndNothingIsStored() throws Exception {
        String topic = "legacy-corrupt";
        ApacheClients.createTopic(bootstrap, topic, 1);
        LegacyRecordsBuilder builder = new LegacyRecordsBuilder((byte) 0, Compression.NONE, TimestampType.CREATE_TIME, 0, -1);
        builder.append(RecordBatch.NO_TIMESTAMP, null, utf8("payload"));
        ByteBuffer set = builder.build().buffer();
        set.put(set.limit() - 1, (byte) '!');
        try (KafkaConnection conn = WireRequests.connect(port, "legacy-corrupt")) {
            Struct response = produce(conn, (short) 0, topic, MemoryRecords.readableRecords(set));
            assertEquals(Errors.CORRUPT_MESSAGE.code(), response.getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
            assertEquals(List.of(), WireRequests.storedBatches(port, topic, 0));
        }
    }

    @Test
    void zstdDataAnswersUnsupportedCompressionTypeToAnOldConsumer() throws Exception {
        String topic = "legacy-zstd";
        ApacheClients.createTopic(bootstrap, topic, 1);
        try (KafkaConnection conn = WireRequests.connect(port, "legacy-zstd")) {
            MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.of(CompressionType.ZSTD), 0);
            builder.append(System.currentTimeMillis(), null, "z".repeat(200).getBytes(StandardCharsets.UTF_8));
            assertEquals(Errors.NONE.code(), WireRequests.producePartition(conn, (short) 1, topic, 0, builder.build())
                    .getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
            Struct fetched = fetch(conn, (short) 3, topic, 0);
            assertEquals(Errors.UNSUPPORTED_COMPRESSION_TYPE.code(),
                    fetched.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
        }
    }

    private static void createTopic(String topic, Map<String, String> configs) throws Exception {
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Struct produce(KafkaConnection conn, short version, String topic, MemoryRecords records)
            throws Exception {
        return conn.send(ApiKey.PRODUCE, version, WireRequests.produce((short) 1, topic, 0, records))
                .getStructs(ProduceResponse.RESPONSES).get(0).getStructs(ProduceResponse.Responses.PARTITION_RESPONSES).get(0);
    }

    private static Struct fetch(KafkaConnection conn, short version, String topic, long offset) throws Exception {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.REPLICA_ID, -1).set(FetchRequest.MAX_WAIT_MS, 0).set(FetchRequest.MIN_BYTES, 0);
        request.addElement(FetchRequest.TOPICS).set(FetchRequest.Topics.TOPIC, topic).addElement(FetchRequest.Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, 0)
                .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, offset)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        return conn.send(ApiKey.FETCH, version, request).getStructs(FetchResponse.RESPONSES).get(0)
                .getStructs(FetchResponse.Responses.PARTITIONS).get(0);
    }

    /**
     * Fetches from offset 0 as an old consumer does, each fetch from the offset after the last
     * record received (a down-converted answer holds at most what the log slice held, which may be
     * fewer records), until {@code count} records arrived or a fetch brings nothing.
     */
    private static List<Record> consume(KafkaConnection conn, short version, String topic, int count, byte magic,
                                        CompressionType type) throws Exception {
        List<Record> records = new ArrayList<>();
        while (records.size() < count) {
            long next = records.isEmpty() ? 0 : records.get(records.size() - 1).offset() + 1;
            List<Record> fetched = legacyRecords(fetch(conn, version, topic, next), magic, type);
            fetched.removeIf(r -> r.offset() < next); // a compressed set comes whole, as in Kafka
            if (fetched.isEmpty()) {
                break;
            }
            records.addAll(fetched);
        }
        return records;
    }

    private static ByteBuffer bytes(Struct fetched) throws Exception {
        assertEquals(Errors.NONE.code(), fetched.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
        Records records = fetched.getRecords(FetchResponse.Responses.Partitions.RECORDS);
        return ((MemoryRecords) records).buffer();
    }

    /** Every record of a fetched old-format message set, whose entries must all be of {@code magic} and {@code type}. */
    private static List<Record> legacyRecords(Struct fetched, byte magic, CompressionType type) throws Exception {
        List<Record> records = new ArrayList<>();
        for (LegacyRecordBatch entry : LegacyRecordBatch.entries(bytes(fetched))) {
            entry.ensureValid();
            assertEquals(magic, entry.magic());
            assertEquals(type, entry.compressionType());
            records.addAll(entry.records(Integer.MAX_VALUE));
        }
        return records;
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }
}
