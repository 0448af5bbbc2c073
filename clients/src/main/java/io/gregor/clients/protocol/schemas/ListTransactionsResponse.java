package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to ListTransactions. v0 is flexible; v1 same as v0. */
public final class ListTransactionsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the request was throttled for a quota violation; 0 when it was not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0 on success, else the error (e.g. COORDINATOR_LOAD_IN_PROGRESS).");
    public static final Field<List<String>> UNKNOWN_STATE_FILTERS = field("UnknownStateFilters", arrayOf(STRING), "0+")
            .about("The state filters of the request that name no state the coordinator knows.");
    public static final Field<List<Struct>> TRANSACTION_STATES = array("TransactionStates", "0+", TransactionStates.SCHEMA)
            .about("The matching transactional ids.");

    public static final MessageSpec SPEC = response(66, "ListTransactionsResponse", "0-1", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, UNKNOWN_STATE_FILTERS, TRANSACTION_STATES);

    private ListTransactionsResponse() {
    }

    /** One matching transactional id. */
    public static final class TransactionStates {
        public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0+")
                .about("The transactional id.");
        public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
                .about("The producer id it holds.");
        public static final Field<String> TRANSACTION_STATE = field("TransactionState", STRING, "0+")
                .about("Its current state's name, as Kafka spells it.");
        public static final Schema SCHEMA = structType("TransactionStates", TRANSACTIONAL_ID, PRODUCER_ID,
                TRANSACTION_STATE);

        private TransactionStates() {
        }
    }
}

