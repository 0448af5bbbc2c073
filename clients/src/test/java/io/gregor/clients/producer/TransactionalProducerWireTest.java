package io.gregor.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.consumer.ConsumerGroupMetadata;
import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.ScriptedBroker;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AddOffsetsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult;
import io.gregor.clients.protocol.schemas.EndTxnRequest;
import io.gregor.clients.protocol.schemas.EndTxnResponse;
import io.gregor.clients.protocol.schemas.FindCoordinatorRequest;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitRequest;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitResponse;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The transactional producer's requests as a coordinator sees them, against {@link ScriptedBroker}
 * playing a one-broker cluster that is its own transaction and group coordinator. The behaviour
 * against real Gregor brokers is tested in the broker module once the coordinator exists.
 */
class TransactionalProducerWireTest {
    private static final long PRODUCER_ID = 4242L;

    private static Map<String, Object> props(ScriptedBroker broker) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", broker.bootstrap());
        m.put("retry.backoff.ms", 10);
        m.put("transactional.id", "copier-1");
        m.put("transaction.timeout.ms", 30000);
        m.put("max.block.ms", 10000);
        m.put("linger.ms", 0);
        return m;
    }

    /** The transactional producer of transactional id copier-1 against {@code broker}. */
    private static GregorProducer<String, String> transactionalProducer(ScriptedBroker broker) {
        return new GregorProducer<>(props(broker), new StringSerializer(), new StringSerializer());
    }

    /** A coordinator that accepts everything; EndTxn answers {@code endTxnError}. */
    private static ScriptedBroker coordinator(Errors endTxnError) throws Exception {
        ScriptedBroker broker = new ScriptedBroker().withTopics(Map.of("out", 2));
        AtomicInteger epoch = new AtomicInteger();
        AtomicInteger offset = new AtomicInteger();
        broker.on(ApiKey.FIND_COORDINATOR, (h, r) -> ApiMessages.response(ApiKey.FIND_COORDINATOR).newStruct()
                .set(FindCoordinatorResponse.NODE_ID, ScriptedBroker.NODE_ID)
                .set(FindCoordinatorResponse.HOST, "127.0.0.1").set(FindCoordinatorResponse.PORT, broker.port()));
        broker.on(ApiKey.INIT_PRODUCER_ID, (h, r) -> ApiMessages.response(ApiKey.INIT_PRODUCER_ID).newStruct()
                .set(InitProducerIdResponse.PRODUCER_ID, PRODUCER_ID)
                .set(InitProducerIdResponse.PRODUCER_EPOCH, (short) epoch.getAndIncrement()));
        broker.on(ApiKey.ADD_PARTITIONS_TO_TXN, (h, r) -> {
            Struct resp = ApiMessages.response(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct();
            for (Struct t : r.getStructs(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS)) {
                Struct rt = resp.addElement(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW)
                        .set(AddPartitionsToTxnTopicResult.NAME, t.getString(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.NAME));
                for (int p : t.get(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.PARTITIONS)) {
                    rt.addElement(AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION)
                            .set(AddPartitionsToTxnPartitionResult.PARTITION_INDEX, p)
                            .set(AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE, Errors.NONE.code());
                }
            }
            return resp;
        });
        broker.on(ApiKey.PRODUCE, (h, r) -> {
            Struct td = r.getStructs(ProduceRequest.TOPIC_DATA).get(0);
            Struct pd = td.getStructs(TopicData.PARTITION_DATA).get(0);
            MemoryRecords records = (MemoryRecords) pd.getRecords(PartitionData.RECORDS);
            int count = 0;
            for (RecordBatch b : records.batches()) {
                count += (int) (b.lastOffset() - b.baseOffset() + 1);
            }
            return ScriptedBroker.produceResponse(td.getString(TopicData.NAME), pd.getInt(PartitionData.INDEX), Errors.NONE,
                    offset.getAndAdd(count));
        });
        broker.on(ApiKey.ADD_OFFSETS_TO_TXN, (h, r) -> ApiMessages.response(ApiKey.ADD_OFFSETS_TO_TXN).newStruct());
        broker.on(ApiKey.TXN_OFFSET_COMMIT, (h, r) -> {
            Struct resp = ApiMessages.response(ApiKey.TXN_OFFSET_COMMIT).newStruct();
            for (Struct t : r.getStructs(TxnOffsetCommitRequest.TOPICS)) {
                Struct rt = resp.addElement(TxnOffsetCommitResponse.TOPICS)
                        .set(TxnOffsetCommitResponse.Topics.NAME, t.getString(TxnOffsetCommitRequest.Topics.NAME));
                for (Struct p : t.getStructs(TxnOffsetCommitRequest.Topics.PARTITIONS)) {
                    rt.addElement(TxnOffsetCommitResponse.Topics.PARTITIONS)
                            .set(TxnOffsetCommitResponse.Topics.Partitions.PARTITION_INDEX,
                                    p.getInt(TxnOffsetCommitRequest.Topics.Partitions.PARTITION_INDEX));
                }
            }
            return resp;
        });
        broker.on(ApiKey.END_TXN, (h, r) -> ApiMessages.response(ApiKey.END_TXN).newStruct()
                .set(EndTxnResponse.ERROR_CODE, endTxnError.code()));
        return broker;
    }

    private static List<String> apiSequence(ScriptedBroker broker) {
        return broker.received().stream().map(r -> ApiKey.forId(r.header().apiKey()).title)
                .filter(t -> !t.equals("ApiVersions") && !t.equals("Metadata")).toList();
    }

    @Test
    void aCommittedTransactionAddsThePartitionBeforeProducingAndEndsWithEndTxnCommit() throws Exception {
        try (ScriptedBroker broker = coordinator(Errors.NONE);
             GregorProducer<String, String> producer = transactionalProducer(broker)) {
            producer.initTransactions();
            Struct init = broker.received(ApiKey.INIT_PRODUCER_ID).get(0).body();
            assertEquals("copier-1", init.getString(InitProducerIdRequest.TRANSACTIONAL_ID));
            assertEquals(30000, init.getInt(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS));
            assertEquals((byte) 1, broker.received(ApiKey.FIND_COORDINATOR).get(0).body()
                    .get(FindCoordinatorRequest.KEY_TYPE), "FindCoordinator asks for the TRANSACTION coordinator");

            producer.beginTransaction();
            Future<RecordMetadata> sent = producer.send(new ProducerRecord<>("out", 1, "k", "v"));
            producer.commitTransaction();
            assertTrue(sent.isDone());
            assertEquals(List.of("FindCoordinator", "InitProducerId", "AddPartitionsToTxn", "Produce", "EndTxn"),
                    apiSequence(broker));

            Struct produce = broker.received(ApiKey.PRODUCE).get(0).body();
            assertEquals("copier-1", produce.getString(ProduceRequest.TRANSACTIONAL_ID));
            RecordBatch batch = ((MemoryRecords) produce.getStructs(ProduceRequest.TOPIC_DATA).get(0)
                    .getStructs(TopicData.PARTITION_DATA).get(0).getRecords(PartitionData.RECORDS)).batches().iterator().next();
            assertTrue(batch.isTransactional());
            assertEquals(PRODUCER_ID, batch.producerId());
            Struct end = broker.received(ApiKey.END_TXN).get(0).body();
            assertTrue(end.getBool(EndTxnRequest.COMMITTED));
            assertEquals(PRODUCER_ID, end.getLong(EndTxnRequest.PRODUCER_ID));
        }
    }

    @Test
    void anAbortedTransactionEndsWithEndTxnAbortAndTheNextOneStartsAgain() throws Exception {
        try (ScriptedBroker broker = coordinator(Errors.NONE);
             GregorProducer<String, String> producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("out", 0, "k", "aborted")).get(10, TimeUnit.SECONDS);
            producer.abortTransaction();
            assertFalse(broker.received(ApiKey.END_TXN).get(0).body().getBool(EndTxnRequest.COMMITTED));

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("out", 0, "k", "committed"));
            producer.commitTransaction();
            assertEquals(2, broker.received(ApiKey.ADD_PARTITIONS_TO_TXN).size(),
                    "each transaction adds its partitions again");
            assertTrue(broker.received(ApiKey.END_TXN).get(1).body().getBool(EndTxnRequest.COMMITTED));
        }
    }

    @Test
    void sendOffsetsToTransactionAddsTheGroupAndCommitsTheOffsetsWithTheMembersGeneration() throws Exception {
        try (ScriptedBroker broker = coordinator(Errors.NONE);
             GregorProducer<String, String> producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("out", 0, "k", "v"));
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition("in", 3), new OffsetAndMetadata(99)),
                    new ConsumerGroupMetadata("copiers", 7, "member-a", null));
            producer.commitTransaction();
            assertEquals("copiers", broker.received(ApiKey.ADD_OFFSETS_TO_TXN).get(0).body()
                    .getString(AddOffsetsToTxnRequest.GROUP_ID));
            Struct commit = broker.received(ApiKey.TXN_OFFSET_COMMIT).get(0).body();
            assertEquals(7, commit.getInt(TxnOffsetCommitRequest.GENERATION_ID));
            assertEquals("member-a", commit.getString(TxnOffsetCommitRequest.MEMBER_ID));
            Struct p = commit.getStructs(TxnOffsetCommitRequest.TOPICS).get(0).getStructs(TxnOffsetCommitRequest.Topics.PARTITIONS).get(0);
            assertEquals(3, p.getInt(TxnOffsetCommitRequest.Topics.Partitions.PARTITION_INDEX));
            assertEquals(99L, p.getLong(TxnOffsetCommitRequest.Topics.Partitions.COMMITTED_OFFSET));
            assertEquals((byte) 0, broker.received(ApiKey.FIND_COORDINATOR).get(1).body()
                    .get(FindCoordinatorRequest.KEY_TYPE), "the group's coordinator is found as a GROUP coordinator");
            assertEquals(1, broker.received(ApiKey.END_TXN).size());
        }
    }

    @Test
    void aFencedProducerFailsTheCommitAndEveryLaterTransactionalCall() throws Exception {
        try (ScriptedBroker broker = coordinator(Errors.PRODUCER_FENCED);
             GregorProducer<String, String> producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("out", 0, "k", "v"));
            GregorApiException e = assertThrows(GregorApiException.class, producer::commitTransaction);
            assertEquals(Errors.PRODUCER_FENCED, e.error());
            assertEquals(Errors.PRODUCER_FENCED, assertThrows(GregorApiException.class, producer::beginTransaction).error());
            assertEquals(Errors.PRODUCER_FENCED, assertThrows(GregorApiException.class, producer::abortTransaction).error());
            assertEquals(1, broker.received(ApiKey.END_TXN).size(), "a fenced producer sends nothing more");
        }
    }

    @Test
    void sendingOutsideATransactionIsRefused() throws Exception {
        try (ScriptedBroker broker = coordinator(Errors.NONE);
             GregorProducer<String, String> producer = transactionalProducer(broker)) {
            assertThrows(IllegalStateException.class, () -> producer.send(new ProducerRecord<>("out", 0, "k", "v")));
            producer.initTransactions();
            assertThrows(IllegalStateException.class, () -> producer.send(new ProducerRecord<>("out", 0, "k", "v")));
            assertThrows(IllegalStateException.class, producer::commitTransaction);
            assertTrue(broker.received(ApiKey.PRODUCE).isEmpty());
        }
    }

    @Test
    void aProducerWithoutTransactionalIdRefusesTransactionalCalls() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker().withTopics(Map.of("out", 1)).withProducerIds();
             GregorProducer<String, String> producer = new GregorProducer<>(Map.of("bootstrap.servers", broker.bootstrap()),
                     new StringSerializer(), new StringSerializer())) {
            assertThrows(IllegalStateException.class, producer::initTransactions);
        }
    }
}
