package io.gregor.broker.txn;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.ApacheClients;
import io.gregor.broker.it.GregorCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The transaction coordinator moves with the leadership of its {@code __transaction_state}
 * partition: after the coordinator broker stops, the new leader loads the replicated state, so a new
 * producer with the same transactional.id continues the producer id with the next epoch and the old
 * producer is fenced.
 */
class TransactionCoordinatorFailoverTest {
    private GregorCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static KafkaProducer<String, String> transactional(String bootstrap) {
        return ApacheClients.producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "failover-tx",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"));
    }

    @Test
    void newCoordinatorLoadsTheStateAndFencesTheProducerOfTheOldOne() throws Exception {
        cluster = GregorCluster.start();
        GregorServer[] brokers = cluster.startInProcessBrokers(3, Map.of("transaction.state.log.num.partitions", "3",
                "offsets.topic.num.partitions", "3", "replica.lag.time.max.ms", "2000"));
        String all = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT") + ",127.0.0.1:" + brokers[1].boundPort("PLAINTEXT")
                + ",127.0.0.1:" + brokers[2].boundPort("PLAINTEXT");
        ApacheClients.createTopic(all, "orders", 1);
        try (KafkaProducer<String, String> first = transactional(all); Admin admin = ApacheClients.admin(all)) {
            first.initTransactions();
            TransactionDescription before = admin.describeTransactions(List.of("failover-tx")).description("failover-tx").get();
            int coordinator = before.coordinatorId();
            await("the state replicated to every replica").atMost(Duration.ofSeconds(30)).until(() ->
                    brokers[coordinator].metadataCache().partition(TransactionHandlers.TOPIC, partitionOf("failover-tx"))
                            .map(p -> p.isr().size() == 3).orElse(false));

            brokers[coordinator].shutdown();
            brokers[coordinator].awaitShutdown();

            try (KafkaProducer<String, String> second = transactional(all)) {
                second.initTransactions();
                TransactionDescription after = admin.describeTransactions(List.of("failover-tx")).description("failover-tx")
                        .get();
                assertNotEquals(coordinator, after.coordinatorId());
                assertEquals(before.producerId(), after.producerId(), "the producer id survives the failover");
                assertEquals(before.producerEpoch() + 1, after.producerEpoch());
            }
            first.beginTransaction();
            try {
                first.send(new ProducerRecord<>("orders", 0, "k", "v")).get();
                first.commitTransaction();
                fail("the old producer was not fenced");
            } catch (Exception e) {
                boolean fenced = false;
                for (Throwable t = e; t != null; t = t.getCause()) {
                    fenced |= t instanceof ProducerFencedException;
                }
                assertTrue(fenced, "expected PRODUCER_FENCED, got " + e);
            }
        }
    }

    private static int partitionOf(String transactionalId) {
        return io.gregor.broker.group.OffsetsTopic.partitionFor(transactionalId, 3);
    }
}
