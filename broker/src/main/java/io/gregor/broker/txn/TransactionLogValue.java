package io.gregor.broker.txn;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.Versions;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The value of a record in {@code __transaction_state} (Kafka's TransactionLogValue), after its
 * int16 version: v0 fixed layout, v1 the same fields, flexible. Like a ZooKeeper-mode Kafka 3.9
 * (transaction.version 0), Gregor writes v0 and reads both; a null value is a tombstone.
 */
final class TransactionLogValue {
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
            .about("The producer id the transactional id holds.");
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+")
            .about("The producer epoch of that id.");
    public static final Field<Integer> TRANSACTION_TIMEOUT_MS = field("TransactionTimeoutMs", INT32, "0+")
            .about("The transaction timeout the producer asked for, in ms.");
    public static final Field<Byte> TRANSACTION_STATUS = field("TransactionStatus", INT8, "0+")
            .about("The state's numeric id (TransactionState.id).");
    public static final Field<List<Struct>> TRANSACTION_PARTITIONS = array("TransactionPartitions", "0+",
            TransactionPartitions.SCHEMA).nullable("0+")
            .about("The partitions in the transaction, by topic; null in state Empty.");
    public static final Field<Long> TRANSACTION_LAST_UPDATE_TIMESTAMP_MS = field("TransactionLastUpdateTimestampMs",
            INT64, "0+").about("When the state last changed, in ms since the epoch.");
    public static final Field<Long> TRANSACTION_START_TIMESTAMP_MS = field("TransactionStartTimestampMs", INT64, "0+")
            .about("When the current transaction began, in ms since the epoch, or -1.");

    public static final MessageSpec SPEC = new MessageSpec(-1, "TransactionLogValue", MessageType.REQUEST,
            Versions.parse("0-1"), Versions.parse("1+"), structType("TransactionLogValue", PRODUCER_ID,
            PRODUCER_EPOCH, TRANSACTION_TIMEOUT_MS, TRANSACTION_STATUS, TRANSACTION_PARTITIONS,
            TRANSACTION_LAST_UPDATE_TIMESTAMP_MS, TRANSACTION_START_TIMESTAMP_MS));

    private TransactionLogValue() {
    }

    /** One topic's partitions in the transaction (Kafka's PartitionsSchema). */
    static final class TransactionPartitions {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                .about("The topic.");
        public static final Field<List<Integer>> PARTITION_IDS = field("PartitionIds", arrayOf(INT32), "0+")
                .about("Its partitions in the transaction.");
        public static final Schema SCHEMA = structType("PartitionsSchema", TOPIC, PARTITION_IDS);

        private TransactionPartitions() {
        }
    }
}
