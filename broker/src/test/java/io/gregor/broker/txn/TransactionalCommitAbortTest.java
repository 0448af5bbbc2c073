package io.gregor.broker.txn;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.ApacheClients;
import io.gregor.broker.it.GregorCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 14's first acceptance case with the Apache Java 3.9 client on three brokers: a transactional
 * producer commits one transaction and aborts the next; a read_committed consumer sees exactly the
 * committed records, a read_uncommitted one both; offsets sent to a committed transaction become the
 * group's committed offsets, those of an aborted one do not, and a later producer of the same
 * transactional.id (the next epoch) commits offsets too. Needs the log side of transactions
 * (WriteTxnMarkers, transactional appends): skipped in a build without it.
 */
class TransactionalCommitAbortTest {
    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorCluster.start();
        brokers = cluster.startInProcessBrokers(3, Map.of("transaction.state.log.num.partitions", "3",
                "offsets.topic.num.partitions", "3"));
        bootstrap = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT");
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("payments", 2, (short) 3))).all().get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> read(String isolation, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = ApacheClients.consumer(bootstrap,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            List<TopicPartition> tps = List.of(new TopicPartition("payments", 0), new TopicPartition("payments", 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected && tps.stream().allMatch(tp ->
                        consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp));
            });
        }
        return values.stream().sorted().toList();
    }

    private static void assumeLogSideOfTransactions() {
        Assumptions.assumeTrue(brokers[0].handlers().handler(io.gregor.clients.protocol.ApiKey.WRITE_TXN_MARKERS) != null,
                "this build has no WriteTxnMarkers handler (the log side of transactions)");
    }

    private static KafkaProducer<String, String> producer() {
        return ApacheClients.producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "payments-tx",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000"));
    }

    @Test
    @Timeout(150)
    void readCommittedSeesTheCommittedTransactionOnlyAndReadUncommittedSeesBoth() throws Exception {
        assumeLogSideOfTransactions();
        KafkaProducer<String, String> producer = producer();
        try {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", 0, "a", "committed-1"));
            producer.send(new ProducerRecord<>("payments", 1, "b", "committed-2"));
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition("payments", 0), new OffsetAndMetadata(7L)),
                    new ConsumerGroupMetadata("copier"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", 0, "c", "aborted-1"));
            producer.send(new ProducerRecord<>("payments", 1, "d", "aborted-2"));
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition("payments", 0), new OffsetAndMetadata(9L)),
                    new ConsumerGroupMetadata("copier"));
            producer.flush();
            producer.abortTransaction();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
        assertEquals(List.of("committed-1", "committed-2"), read("read_committed", 2));
        assertEquals(List.of("aborted-1", "aborted-2", "committed-1", "committed-2"), read("read_uncommitted", 4));
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(7L, admin.listConsumerGroupOffsets("copier")
                    .partitionsToOffsetAndMetadata().get().get(new TopicPartition("payments", 0)).offset()));
        }
    }

    @Test
    @Timeout(150)
    void theNextProducerOfATransactionalIdCommitsOffsetsInItsNewEpoch() throws Exception {
        assumeLogSideOfTransactions();
        for (long offset : new long[] {21L, 22L}) {
            KafkaProducer<String, String> producer = producer(); // each one bumps the epoch
            try {
                producer.initTransactions();
                producer.beginTransaction();
                producer.sendOffsetsToTransaction(Map.of(new TopicPartition("payments", 1), new OffsetAndMetadata(offset)),
                        new ConsumerGroupMetadata("restarted"));
                producer.commitTransaction();
            } finally {
                producer.close(Duration.ofSeconds(5));
            }
        }
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(22L, admin.listConsumerGroupOffsets(
                    "restarted").partitionsToOffsetAndMetadata().get().get(new TopicPartition("payments", 1)).offset()));
        }
    }
}
