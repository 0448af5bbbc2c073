package io.gregor.broker.txn;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.ApacheClients;
import io.gregor.broker.it.GregorCluster;
import io.gregor.broker.it.KafkaTools;
import io.gregor.broker.it.ThreeBrokers;
import io.gregor.broker.it.TxnWire;
import io.gregor.broker.it.WireRequests;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTopic;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.ResultsByTransaction;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Apache Java 3.9 transactional producer against three Gregor brokers: initTransactions()
 * finds the transaction coordinator and gets a producer id, a second producer with the same
 * transactional.id fences the first (PRODUCER_FENCED on the first one's next transactional call),
 * and Kafka's admin client lists and describes the transactional id as the coordinator holds it.
 */
class TransactionalProducerAcceptanceTest {
    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorCluster.start();
        brokers = cluster.startInProcessBrokers(3, Map.of(
                "transaction.state.log.num.partitions", "5",
                "offsets.topic.num.partitions", "3",
                "transaction.max.timeout.ms", "120000"));
        bootstrap = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT");
        ApacheClients.createTopic(bootstrap, "orders", 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static KafkaProducer<String, String> transactional(String id, int timeoutMs) {
        return ApacheClients.producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(timeoutMs),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"));
    }

    @Test
    void secondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        try (KafkaProducer<String, String> first = transactional("fence-me", 60_000);
             KafkaProducer<String, String> second = transactional("fence-me", 60_000);
             Admin admin = ApacheClients.admin(bootstrap)) {
            first.initTransactions();
            second.initTransactions();

            first.beginTransaction();
            try {
                first.send(new ProducerRecord<>("orders", 0, "k", "v")).get();
                first.commitTransaction();
                fail("the fenced producer's transaction went through");
            } catch (Exception e) {
                assertTrue(causedBy(e, ProducerFencedException.class), "expected PRODUCER_FENCED, got " + e);
            }

            TransactionDescription d = admin.describeTransactions(List.of("fence-me")).description("fence-me")
                    .get();
            assertEquals("EMPTY", d.state().name());
            assertEquals(1, d.producerEpoch(), "the second producer holds the next epoch");
            assertEquals(60_000, d.transactionTimeoutMs());
            assertTrue(admin.listTransactions().all().get().stream().map(TransactionListing::transactionalId)
                    .anyMatch("fence-me"::equals));
        }
    }

    @Test
    void readCommittedSeesTheCommittedTransactionAndNotTheAbortedOneAndReadUncommittedSeesBoth() throws Exception {
        ApacheClients.createTopic(bootstrap, "ledger", 2);
        try (KafkaProducer<String, String> producer = transactional("ledger-writer", 60_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>("ledger", i % 2, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("ledger", i % 2, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("ledger", 0, "k", "committed-last"));
            producer.commitTransaction();
        }
        java.util.Set<String> committed = java.util.Set.of("committed-0", "committed-1", "committed-2", "committed-3",
                "committed-last");
        java.util.Set<String> readCommitted = new java.util.TreeSet<>();
        ApacheClients.readAll(bootstrap, Map.of("isolation.level", "read_committed"), "ledger", 2, 5)
                .forEach(r -> readCommitted.add(r.value()));
        assertEquals(new java.util.TreeSet<>(committed), readCommitted);
        java.util.Set<String> readUncommitted = new java.util.TreeSet<>();
        ApacheClients.readAll(bootstrap, Map.of("isolation.level", "read_uncommitted"), "ledger", 2, 8)
                .forEach(r -> readUncommitted.add(r.value()));
        java.util.Set<String> all = new java.util.TreeSet<>(committed);
        all.addAll(List.of("aborted-0", "aborted-1", "aborted-2"));
        assertEquals(all, readUncommitted);
    }

    @Test
    void coordinatorAddsPartitionsAndVerifiesThemForPartitionLeaders() throws Exception {
        TransactionDescription d;
        try (KafkaProducer<String, String> producer = transactional("verify-me", 60_000);
             Admin admin = ApacheClients.admin(bootstrap)) {
            producer.initTransactions();
            d = admin.describeTransactions(List.of("verify-me")).description("verify-me").get();
        }
        try (KafkaConnection conn = WireRequests.connect(brokers[d.coordinatorId()].boundPort("PLAINTEXT"), "verify-test")) {
            Struct add = ApiMessages.request(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct()
                    .set(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID, "verify-me")
                    .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID, d.producerId())
                    .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH, (short) d.producerEpoch());
            add.addElement(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS).set(AddPartitionsToTxnTopic.NAME, "orders")
                    .set(AddPartitionsToTxnTopic.PARTITIONS, List.of(0));
            Struct added = conn.send(ApiKey.ADD_PARTITIONS_TO_TXN, (short) 3, add);
            assertEquals(Errors.NONE.code(), added.getStructs(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW).get(0)
                    .getStructs(AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION).get(0)
                    .getShort(AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE));

            Struct verify = ApiMessages.request(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct();
            verify.addElement(AddPartitionsToTxnRequest.TRANSACTIONS)
                    .set(AddPartitionsToTxnRequest.Transactions.TRANSACTIONAL_ID, "verify-me")
                    .set(AddPartitionsToTxnRequest.Transactions.PRODUCER_ID, d.producerId())
                    .set(AddPartitionsToTxnRequest.Transactions.PRODUCER_EPOCH, (short) d.producerEpoch())
                    .set(AddPartitionsToTxnRequest.Transactions.VERIFY_ONLY, true)
                    .addElement(AddPartitionsToTxnRequest.Transactions.TOPICS).set(AddPartitionsToTxnTopic.NAME, "orders")
                    .set(AddPartitionsToTxnTopic.PARTITIONS, List.of(0, 1));
            Struct verified = conn.send(ApiKey.ADD_PARTITIONS_TO_TXN, (short) 5, verify);
            Map<Integer, Short> errors = new java.util.TreeMap<>();
            for (Struct p : verified.getStructs(AddPartitionsToTxnResponse.RESULTS_BY_TRANSACTION).get(0)
                    .getStructs(ResultsByTransaction.TOPIC_RESULTS).get(0)
                    .getStructs(AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION)) {
                errors.put(p.getInt(AddPartitionsToTxnPartitionResult.PARTITION_INDEX),
                        p.getShort(AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE));
            }
            assertEquals(Map.of(0, Errors.NONE.code(), 1, Errors.INVALID_TXN_STATE.code()), errors);
        }
    }

    @Test
    void offsetsSentToACommittedTransactionAreTheGroupsCommittedOffsetsAndThoseOfAnAbortedOneAreNot() throws Exception {
        ApacheClients.createTopic(bootstrap, "offsets-in", 1);
        org.apache.kafka.common.TopicPartition in = new org.apache.kafka.common.TopicPartition("offsets-in", 0);
        try (KafkaProducer<String, String> producer = transactional("offsets-writer", 60_000);
             Admin admin = ApacheClients.admin(bootstrap)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("orders", 0, "k", "copied"));
            producer.sendOffsetsToTransaction(Map.of(in, new org.apache.kafka.clients.consumer.OffsetAndMetadata(42)),
                    new org.apache.kafka.clients.consumer.ConsumerGroupMetadata("copy-group"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(in, new org.apache.kafka.clients.consumer.OffsetAndMetadata(99)),
                    new org.apache.kafka.clients.consumer.ConsumerGroupMetadata("copy-group"));
            producer.abortTransaction();

            // the commit marker reaches __consumer_offsets after EndTxn is answered: poll
            org.awaitility.Awaitility.await("the committed transaction's offset").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> admin.listConsumerGroupOffsets("copy-group").partitionsToOffsetAndMetadata().get()
                            .get(in), o -> o != null && o.offset() == 42);
            // a read_committed consumer (OffsetFetch with require_stable) gets the offset, not UNSTABLE_OFFSET_COMMIT for ever
            try (var consumer = ApacheClients.consumer(bootstrap, Map.of("group.id", "copy-group",
                    "isolation.level", "read_committed", "default.api.timeout.ms", "20000"))) {
                consumer.assign(List.of(in));
                assertEquals(42, consumer.position(in));
            }
        }
        // the producer restarts (InitProducerId bumps its epoch): its offset commits are accepted in the new epoch
        try (KafkaProducer<String, String> restarted = transactional("offsets-writer", 60_000);
             Admin admin = ApacheClients.admin(bootstrap)) {
            restarted.initTransactions();
            for (long offset : new long[]{77, 78}) { // two commits in one epoch: the second is no retry of the first
                restarted.beginTransaction();
                restarted.sendOffsetsToTransaction(Map.of(in, new org.apache.kafka.clients.consumer.OffsetAndMetadata(offset)),
                        new org.apache.kafka.clients.consumer.ConsumerGroupMetadata("copy-group"));
                restarted.commitTransaction();
                org.awaitility.Awaitility.await("offset " + offset + " committed").atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> admin.listConsumerGroupOffsets("copy-group").partitionsToOffsetAndMetadata().get()
                                .get(in), o -> o != null && o.offset() == offset);
            }
        }
    }

    @Test
    void aTransactionalBatchForAPartitionNeverAddedToTheTransactionIsRefusedAndNotAppended() throws Exception {
        ApacheClients.createTopic(bootstrap, "unadded", 1);
        try (KafkaProducer<String, String> producer = transactional("never-added", 60_000);
             Admin admin = ApacheClients.admin(bootstrap)) {
            producer.initTransactions();
            TransactionDescription d = admin.describeTransactions(List.of("never-added")).description("never-added").get();
            int leader = admin.describeTopics(List.of("unadded")).allTopicNames().get().get("unadded")
                    .partitions().get(0).leader().id();
            int port = java.util.Arrays.stream(brokers).filter(b -> b.config().brokerId() == leader).findFirst()
                    .orElseThrow().boundPort("PLAINTEXT");
            // a producer that skips AddPartitionsToTxn: the leader asks the coordinator (KIP-890), which says no
            try (KafkaConnection conn = WireRequests.connect(port, "skips-add-partitions")) {
                Struct response = TxnWire.produceTxn(conn, "never-added", "unadded",
                        TxnWire.txnBatch(d.producerId(), (short) d.producerEpoch(), 0, "sneaked-in"));
                assertEquals(Errors.INVALID_TXN_STATE.code(), response.getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
            }
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("unadded", 0);
            assertEquals(0L, admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(tp).get().offset(), "nothing was appended");
        }
    }

    @Test
    void kafkasTransactionsCommandListsDescribesAndShowsTheProducersOfAnOpenTransaction() throws Exception {
        ApacheClients.createTopic(bootstrap, "tooled", 1);
        try (KafkaProducer<String, String> producer = transactional("tool-watched", 60_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tooled", 0, "k", "open")).get();
            ThreeBrokers.ToolRun list = KafkaTools.run(org.apache.kafka.tools.TransactionsCommandInProcess::main,
                    "--bootstrap-server", bootstrap, "list");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("tool-watched") && l.contains("Ongoing")), list.out());
            ThreeBrokers.ToolRun describe = KafkaTools.run(org.apache.kafka.tools.TransactionsCommandInProcess::main,
                    "--bootstrap-server", bootstrap, "describe", "--transactional-id", "tool-watched");
            assertEquals(0, describe.code(), describe.err());
            assertTrue(describe.out().contains("Ongoing") && describe.out().contains("tooled-0"), describe.out());
            ThreeBrokers.ToolRun producers = KafkaTools.run(org.apache.kafka.tools.TransactionsCommandInProcess::main,
                    "--bootstrap-server", bootstrap, "describe-producers", "--topic", "tooled", "--partition", "0");
            assertEquals(0, producers.code(), producers.err());
            // the open transaction starts at offset 0: the last column, CurrentTransactionStartOffset
            assertTrue(producers.out().lines().skip(1).anyMatch(l -> l.trim().endsWith("0")), producers.out());
            producer.abortTransaction();
        }
    }

    @Test
    void timeoutAboveTransactionMaxTimeoutIsRefused() {
        try (KafkaProducer<String, String> producer = transactional("too-long", 120_001)) {
            try {
                producer.initTransactions();
                fail("a timeout above transaction.max.timeout.ms was accepted");
            } catch (Exception e) {
                // the client reports INVALID_TRANSACTION_TIMEOUT as an unexpected error carrying the error's message
                assertTrue(causedBy(e, InvalidTxnTimeoutException.class)
                        || String.valueOf(e.getMessage()).contains("transaction.max.timeout.ms"),
                        "expected INVALID_TRANSACTION_TIMEOUT, got " + e);
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

}
