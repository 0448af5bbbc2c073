package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.coordination.zk.PartitionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions across a leader failover on three broker JVMs, the test playing the coordinator: the
 * followers derive the open transaction, the aborted ones and the last stable offset from the batches
 * and markers they copied, so after the leader is killed (-9) the new leader serves read_committed
 * consumers the same committed records, holds them at the still-open transaction, and completes it
 * when the marker arrives.
 */
class TransactionalFailoverTest {
    private static final short ACKS_ALL = -1;

    private ThreeBrokers brokers;

    @BeforeEach
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("transaction.partition.verification.enable", "false"));
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private List<String> readCommitted(String topic, int expected) {
        Map<String, Object> config = new java.util.HashMap<>(brokers.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return ApacheClients.readAll(brokers.bootstrap(), config, topic, 1, expected).stream()
                .map(ConsumerRecord::value).toList();
    }

    private long committedEndOffset(String topic) {
        Map<String, Object> config = new java.util.HashMap<>(brokers.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = ApacheClients.consumer(brokers.bootstrap(), config)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        }
    }

    @Test
    void aBrokerRecoveredAfterKill9LeadsWithTheSameCommittedViewItsRecoveryRebuilt() throws Exception {
        String topic = "txn-recovery";
        brokers.createTopic(topic, 1, Map.of());
        int victim = brokers.state(topic, 0).orElseThrow().leader();
        long openStart;
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(victim).port(), "txn-recovery-coordinator")) {
            long[] idAndEpoch = WireRequests.initProducerId(conn);
            long pid = idAndEpoch[0];
            short epoch = (short) idAndEpoch[1];
            TxnWire.produceTxn(conn, "tx-r", topic, TxnWire.txnBatch(pid, epoch, 0, "c1"));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, true));
            TxnWire.produceTxn(conn, "tx-r", topic, TxnWire.txnBatch(pid, epoch, 1, "a1", "a2"));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, false));
            openStart = TxnWire.produceTxn(conn, "tx-r", topic, TxnWire.txnBatch(pid, epoch, 3, "open1"))
                    .getLong(PartitionResponses.BASE_OFFSET);
        }
        // the leader dies unflushed, comes back (log recovery, producer state from its log), catches up
        brokers.killAndAwaitNewLeader(victim, topic, 0);
        brokers.start(victim);
        brokers.awaitLeaders(topic, 1);
        // then the others die: the recovered broker is the only one left to lead
        for (int id = 0; id < 3; id++) {
            if (id != victim) {
                brokers.broker(id).kill();
            }
        }
        Awaitility.await("broker " + victim + " leads " + topic + "-0").atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> brokers.state(topic, 0).map(s -> s.leader() == victim).orElse(false));
        Awaitility.await("the recovered leader's last stable offset at the open transaction").atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> committedEndOffset(topic) == openStart);
        assertEquals(List.of("c1"), readCommitted(topic, 1));
    }

    @Test
    void theNewLeaderKeepsAbortedRecordsHiddenAndTheOpenTransactionUnstable() throws Exception {
        String topic = "txn-failover";
        brokers.createTopic(topic, 1, Map.of("min.insync.replicas", "2"));
        PartitionState before = brokers.state(topic, 0).orElseThrow();
        int victim = before.leader();
        long openStart;
        long pid;
        short epoch;
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(victim).port(), "txn-failover-coordinator")) {
            long[] idAndEpoch = WireRequests.initProducerId(conn);
            pid = idAndEpoch[0];
            epoch = (short) idAndEpoch[1];
            assertEquals(Errors.NONE.code(), TxnWire.produceTxn(conn, "tx-f", topic,
                    TxnWire.txnBatch(pid, epoch, 0, "c1", "c2")).getShort(PartitionResponses.ERROR_CODE));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, true));
            TxnWire.produceTxn(conn, "tx-f", topic, TxnWire.txnBatch(pid, epoch, 2, "a1"));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, false));
            TxnWire.produceTxn(conn, "tx-f", topic, TxnWire.txnBatch(pid, epoch, 3, "c3"));
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 0, true));
            openStart = TxnWire.produceTxn(conn, "tx-f", topic, TxnWire.txnBatch(pid, epoch, 4, "open1"))
                    .getLong(PartitionResponses.BASE_OFFSET);
        }
        assertEquals(List.of("c1", "c2", "c3"), readCommitted(topic, 3));

        brokers.killAndAwaitNewLeader(victim, topic, 0);
        int leader = brokers.state(topic, 0).orElseThrow().leader();

        Awaitility.await("the new leader's last stable offset at the open transaction").atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> committedEndOffset(topic) == openStart);
        assertEquals(List.of("c1", "c2", "c3"), readCommitted(topic, 3));

        try (KafkaConnection conn = WireRequests.connect(brokers.broker(leader).port(), "txn-failover-coordinator")) {
            assertEquals(Errors.NONE, TxnWire.writeMarker(conn, topic, pid, epoch, 1, true));
        }
        assertEquals(List.of("c1", "c2", "c3", "open1"), readCommitted(topic, 4));
        assertEquals(openStart + 2, committedEndOffset(topic), "the marker is stable");
    }
}
