package io.gregor.broker.it;

import static io.gregor.broker.it.WireRequests.connect;
import static io.gregor.broker.it.WireRequests.initProducerId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions.AbortedTransactions;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The log side of transactions against an in-process broker, with the test playing the transaction
 * coordinator: transactional batches go in with raw Produce requests, commit and abort markers with
 * WriteTxnMarkers, and Apache Java 3.9 consumers read the result. A read_committed consumer sees the
 * committed records only and stops at the open transaction; a read_uncommitted one sees everything.
 * Partition verification (KIP-890) is off: no coordinator knows these transactions.
 */
class TransactionalLogWireTest {
    private static final short FETCH_VERSION = 12;

    private static GregorCluster cluster;
    private static int port;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        GregorServer broker = cluster.startInProcessBroker(0, Map.of("transaction.partition.verification.enable", "false"));
        port = broker.boundPort("PLAINTEXT");
        bootstrap = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Struct fetchCommitted(KafkaConnection conn, String topic) throws Exception {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.REPLICA_ID, -1).set(FetchRequest.MAX_WAIT_MS, 0).set(FetchRequest.MIN_BYTES, 0)
                .set(FetchRequest.MAX_BYTES, 1 << 24).set(FetchRequest.ISOLATION_LEVEL, (byte) 1)
                .set(FetchRequest.SESSION_ID, 0).set(FetchRequest.SESSION_EPOCH, -1);
        request.addElement(FetchRequest.TOPICS).set(FetchRequest.Topics.TOPIC, topic).addElement(FetchRequest.Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, 0)
                .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 24);
        return conn.send(ApiKey.FETCH, FETCH_VERSION, request).getStructs(FetchResponse.RESPONSES).get(0)
                .getStructs(FetchResponse.Responses.PARTITIONS).get(0);
    }

    private static long latestCommittedOffset(KafkaConnection conn, String topic) throws Exception {
        Struct request = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct()
                .set(ListOffsetsRequest.REPLICA_ID, -1).set(ListOffsetsRequest.ISOLATION_LEVEL, (byte) 1);
        request.addElement(ListOffsetsRequest.TOPICS).set(ListOffsetsRequest.Topics.NAME, topic)
                .addElement(ListOffsetsRequest.Topics.PARTITIONS)
                .set(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX, 0)
                .set(ListOffsetsRequest.Topics.Partitions.TIMESTAMP, -1L);
        return conn.send(ApiKey.LIST_OFFSETS, (short) 7, request).getStructs(ListOffsetsResponse.TOPICS).get(0)
                .getStructs(ListOffsetsResponse.Topics.PARTITIONS).get(0).getLong(ListOffsetsResponse.Topics.Partitions.OFFSET);
    }

    private static List<String> consume(String topic, String isolation, int expected) {
        return ApacheClients.readAll(bootstrap, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), topic, 1, expected)
                .stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedRecordsAndStopsAtTheOpenTransaction() throws Exception {
        String topic = "txn-log-committed";
        ApacheClients.createTopic(bootstrap, topic, 1);
        try (KafkaConnection conn = connect(port, "txn-coordinator-played-by-test")) {
            long[] idAndEpoch = initProducerId(conn);
            long pid = idAndEpoch[0];
            short epoch = (short) idAndEpoch[1];
            assertEquals(Errors.NONE.code(), TxnWire.produceTxn(conn, "tx-1", topic, TxnWire.txnBatch(pid, epoch, 0, "c1", "c2"))
                    .getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, true)); // offset 2
            long abortedStart = TxnWire.produceTxn(conn, "tx-1", topic, TxnWire.txnBatch(pid, epoch, 2, "a1", "a2"))
                    .getLong(ProduceResponse.Responses.PartitionResponses.BASE_OFFSET);
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, false));
            TxnWire.produceTxn(conn, "tx-1", topic, TxnWire.txnBatch(pid, epoch, 4, "c3"));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, true));
            long openStart = TxnWire.produceTxn(conn, "tx-1", topic, TxnWire.txnBatch(pid, epoch, 5, "open1"))
                    .getLong(ProduceResponse.Responses.PartitionResponses.BASE_OFFSET);

            Struct fetched = fetchCommitted(conn, topic);
            assertEquals(openStart, fetched.getLong(Partitions.LAST_STABLE_OFFSET));
            List<Struct> aborted = fetched.getStructs(Partitions.ABORTED_TRANSACTIONS);
            assertEquals(1, aborted.size(), fetched.toString());
            assertEquals(pid, aborted.get(0).getLong(AbortedTransactions.PRODUCER_ID));
            assertEquals(abortedStart, aborted.get(0).getLong(AbortedTransactions.FIRST_OFFSET));
            assertEquals(List.of("c1", "c2", "a1", "a2", "c3"), TxnWire.dataValues(fetched.getRecords(Partitions.RECORDS)),
                    "the raw fetch stops at the last stable offset; the consumer drops the aborted records");
            assertEquals(openStart, latestCommittedOffset(conn, topic));

            assertEquals(List.of("c1", "c2", "c3"), consume(topic, "read_committed", 3));
            assertEquals(List.of("c1", "c2", "a1", "a2", "c3", "open1"), consume(topic, "read_uncommitted", 6));
            try (KafkaConsumer<String, String> consumer = ApacheClients.consumer(bootstrap,
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
                TopicPartition tp = new TopicPartition(topic, 0);
                assertEquals(openStart, consumer.endOffsets(List.of(tp)).get(tp));
            }

            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, false));
            assertEquals(List.of("c1", "c2", "c3"), consume(topic, "read_committed", 3),
                    "the open transaction was aborted: still only the committed records");
        }
    }

    @Test
    void staleCoordinatorEpochIsFencedDescribeProducersShowsTheOpenTransactionAndAdminAbortEndsIt() throws Exception {
        String topic = "txn-log-fenced";
        ApacheClients.createTopic(bootstrap, topic, 1);
        try (KafkaConnection conn = connect(port, "txn-coordinator-played-by-test")) {
            long[] idAndEpoch = initProducerId(conn);
            long pid = idAndEpoch[0];
            short epoch = (short) idAndEpoch[1];
            TxnWire.produceTxn(conn, "tx-2", topic, TxnWire.txnBatch(pid, epoch, 0, "x"));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 3, true));
            long open = TxnWire.produceTxn(conn, "tx-2", topic, TxnWire.txnBatch(pid, epoch, 1, "y"))
                    .getLong(ProduceResponse.Responses.PartitionResponses.BASE_OFFSET);
            assertEquals(Errors.TRANSACTION_COORDINATOR_FENCED, TxnWire.writeMarker(conn, topic, pid, epoch, 2, false));

            try (Admin admin = ApacheClients.admin(bootstrap)) {
                TopicPartition tp = new TopicPartition(topic, 0);
                List<ProducerState> producers = admin.describeProducers(List.of(tp)).partitionResult(tp)
                        .get(30, TimeUnit.SECONDS).activeProducers();
                assertEquals(1, producers.size(), producers.toString());
                ProducerState state = producers.get(0);
                assertEquals(pid, state.producerId());
                assertEquals(epoch, state.producerEpoch());
                assertEquals(1, state.lastSequence());
                assertEquals(java.util.OptionalInt.of(3), state.coordinatorEpoch());
                assertEquals(java.util.OptionalLong.of(open), state.currentTransactionStartOffset());

                // what kafka-transactions.sh abort does: WriteTxnMarkers straight to the partition's leader
                admin.abortTransaction(new org.apache.kafka.clients.admin.AbortTransactionSpec(tp, pid, epoch, 3))
                        .all().get(30, TimeUnit.SECONDS);
                assertEquals(java.util.OptionalLong.empty(), admin.describeProducers(List.of(tp)).partitionResult(tp)
                        .get(30, TimeUnit.SECONDS).activeProducers().get(0).currentTransactionStartOffset());
            }
            assertEquals(List.of("x"), consume(topic, "read_committed", 1));
        }
    }
}
