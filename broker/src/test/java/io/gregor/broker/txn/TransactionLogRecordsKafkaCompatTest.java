package io.gregor.broker.txn;

import io.gregor.core.log.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogKey;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Gregor's __transaction_state layouts against Kafka 3.9.1's own generated record classes. */
class TransactionLogRecordsKafkaCompatTest {

    @Test
    void keyBytesEqualKafkasAndKafkasKeysDecode() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 0, new TransactionLogKey().setTransactionalId("tx-ü-1"));
        assertArrayEquals(kafka, TransactionLogRecords.key("tx-ü-1"));
        assertEquals("tx-ü-1", TransactionLogRecords.readKey(ByteBuffer.wrap(kafka)));
    }

    @Test
    void ongoingValueIsWrittenAsKafkaWritesVersion0() {
        TxnTransit ongoing = new TxnTransit(4001L, 4001L, (short) 3, (short) -1, 60_000, TransactionState.ONGOING,
                Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 2),
                        new TopicPartition("__consumer_offsets", 17)), 1_700_000_000_000L, 1_700_000_000_500L);
        TransactionLogValue kafka = new TransactionLogValue().setProducerId(4001L).setProducerEpoch((short) 3)
                .setTransactionTimeoutMs(60_000).setTransactionStatus((byte) 1)
                .setTransactionPartitions(List.of(
                        new TransactionLogValue.PartitionsSchema().setTopic("__consumer_offsets").setPartitionIds(List.of(17)),
                        new TransactionLogValue.PartitionsSchema().setTopic("orders").setPartitionIds(List.of(0, 2))))
                .setTransactionLastUpdateTimestampMs(1_700_000_000_500L).setTransactionStartTimestampMs(1_700_000_000_000L);
        byte[] gregor = TransactionLogRecords.value(ongoing);
        // Kafka writes each topic's partitions in its own (hash) order: compare decoded, then bytes of a one-partition value
        TransactionLogValue decoded = new TransactionLogValue(
                new org.apache.kafka.common.protocol.ByteBufferAccessor(ByteBuffer.wrap(gregor, 2, gregor.length - 2)), (short) 0);
        assertEquals(4001L, decoded.producerId());
        assertEquals(3, decoded.producerEpoch());
        assertEquals(1, decoded.transactionStatus());
        assertEquals(Set.of(List.of(17), List.of(0, 2)),
                Set.copyOf(decoded.transactionPartitions().stream().map(p -> p.partitionIds().stream().sorted().toList()).toList()));
        assertEquals(ongoing, withoutPrevious(TransactionLogRecords.readValue(ByteBuffer.wrap(
                MessageUtil.toVersionPrefixedBytes((short) 0, kafka))), ongoing));

        TxnTransit one = new TxnTransit(7L, 7L, (short) 0, (short) -1, 1000, TransactionState.PREPARE_COMMIT,
                Set.of(new TopicPartition("t", 5)), 10L, 20L);
        TransactionLogValue kafkaOne = new TransactionLogValue().setProducerId(7L).setProducerEpoch((short) 0)
                .setTransactionTimeoutMs(1000).setTransactionStatus((byte) 2)
                .setTransactionPartitions(List.of(new TransactionLogValue.PartitionsSchema().setTopic("t")
                        .setPartitionIds(List.of(5))))
                .setTransactionLastUpdateTimestampMs(20L).setTransactionStartTimestampMs(10L);
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 0, kafkaOne), TransactionLogRecords.value(one));
    }

    @Test
    void emptyValueCarriesNullPartitionsAsKafkasAndBothVersionsDecode() {
        TxnTransit empty = new TxnTransit(9L, 9L, (short) 5, (short) 4, 30_000, TransactionState.EMPTY, Set.of(), -1L, 123L);
        TransactionLogValue kafka = new TransactionLogValue().setProducerId(9L).setProducerEpoch((short) 5)
                .setTransactionTimeoutMs(30_000).setTransactionStatus((byte) 0).setTransactionPartitions(null)
                .setTransactionLastUpdateTimestampMs(123L).setTransactionStartTimestampMs(-1L);
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 0, kafka), TransactionLogRecords.value(empty));
        for (short v = 0; v <= 1; v++) {
            TxnTransit read = TransactionLogRecords.readValue(ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(v, kafka)));
            assertEquals(new TxnTransit(9L, -1L, (short) 5, (short) -1, 30_000, TransactionState.EMPTY, Set.of(), -1L, 123L),
                    read, "version " + v);
        }
    }

    @Test
    void everyStateIdMatchesKafkas() {
        String[] kafkaOrder = {"Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort",
                "Dead", "PrepareEpochFence"};
        for (byte id = 0; id < kafkaOrder.length; id++) {
            assertEquals(kafkaOrder[id], TransactionState.fromId(id).kafkaName);
        }
    }

    private static TxnTransit withoutPrevious(TxnTransit read, TxnTransit expected) {
        return new TxnTransit(read.producerId(), expected.lastProducerId(), read.producerEpoch(), expected.lastProducerEpoch(),
                read.txnTimeoutMs(), read.state(), read.partitions(), read.txnStartTimestamp(), read.txnLastUpdateTimestamp());
    }
}
