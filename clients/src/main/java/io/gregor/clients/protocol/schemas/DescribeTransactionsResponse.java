package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to DescribeTransactions: one entry per transactional id asked about. v0 is flexible. */
public final class DescribeTransactionsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the request was throttled for a quota violation; 0 when it was not.");
    public static final Field<List<Struct>> TRANSACTION_STATES = array("TransactionStates", "0+", TransactionStates.SCHEMA)
            .about("The state of each transactional id asked about.");

    public static final MessageSpec SPEC = response(65, "DescribeTransactionsResponse", "0", "0+",
            THROTTLE_TIME_MS, TRANSACTION_STATES);

    private DescribeTransactionsResponse() {
    }

    /** The coordinator's view of one transactional id. */
    public static final class TransactionStates {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0 on success, else the error (e.g. TRANSACTIONAL_ID_NOT_FOUND, NOT_COORDINATOR).");
        public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0+")
                .about("The transactional id.");
        public static final Field<String> TRANSACTION_STATE = field("TransactionState", STRING, "0+")
                .about("The state's name as Kafka spells it, e.g. Ongoing, PrepareCommit, CompleteAbort, Empty.");
        public static final Field<Integer> TRANSACTION_TIMEOUT_MS = field("TransactionTimeoutMs", INT32, "0+")
                .about("The transaction timeout the producer set at InitProducerId.");
        public static final Field<Long> TRANSACTION_START_TIME_MS = field("TransactionStartTimeMs", INT64, "0+")
                .about("When the ongoing transaction began (ms since the epoch), or -1 when none is ongoing.");
        public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
                .about("The producer id the transactional id holds.");
        public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+")
                .about("Its current producer epoch.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
                .about("The partitions in the current transaction; while it is being committed or aborted, only those still waiting for their marker.");
        public static final Schema SCHEMA = structType("TransactionStates", ERROR_CODE, TRANSACTIONAL_ID,
                TRANSACTION_STATE, TRANSACTION_TIMEOUT_MS, TRANSACTION_START_TIME_MS, PRODUCER_ID, PRODUCER_EPOCH,
                TOPICS);

        /** One topic's partitions in the transaction. */
        public static final class Topics {
            public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                    .about("The topic's name.");
            public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "0+")
                    .about("The indexes of its partitions in the transaction.");
            public static final Schema SCHEMA = structType("Topics", TOPIC, PARTITIONS);

            private Topics() {
            }
        }

        private TransactionStates() {
        }
    }
}

