package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The coordinator's answer to AddPartitionsToTxn: per partition errors, grouped by topic (v0-v3) or by
 * transaction then topic (v4+). v1: responses are sent before a quota throttle; v2: PRODUCER_FENCED; v3:
 * flexible; v4: batched results and a request-wide error code; v5: TRANSACTION_ABORTABLE.
 */
public final class AddPartitionsToTxnResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the request was throttled for a quota violation; 0 when it was not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "4+")
            .about("Since v4: an error for the whole request (e.g. NOT_COORDINATOR, CLUSTER_AUTHORIZATION_FAILED), 0 when the per-partition results apply.");
    public static final Field<List<Struct>> RESULTS_BY_TRANSACTION = array("ResultsByTransaction", "4+", ResultsByTransaction.SCHEMA)
            .about("Since v4: the results, one entry per transactional id of the request.");
    public static final Field<List<Struct>> RESULTS_BY_TOPIC_V3_AND_BELOW = array("ResultsByTopicV3AndBelow", "0-3", AddPartitionsToTxnTopicResult.SCHEMA)
            .about("Up to v3: the results for the request's single transaction, by topic.");

    public static final MessageSpec SPEC = response(24, "AddPartitionsToTxnResponse", "0-5", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, RESULTS_BY_TRANSACTION, RESULTS_BY_TOPIC_V3_AND_BELOW);

    private AddPartitionsToTxnResponse() {
    }

    /** The results for one topic's partitions; shared by the v0-v3 and v4+ layouts. */
    public static final class AddPartitionsToTxnTopicResult {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> RESULTS_BY_PARTITION = array("ResultsByPartition", "0+", AddPartitionsToTxnPartitionResult.SCHEMA)
                .about("One result per partition of the topic that was asked about.");
        public static final Schema SCHEMA = structType("AddPartitionsToTxnTopicResult", NAME, RESULTS_BY_PARTITION);

        private AddPartitionsToTxnTopicResult() {
        }
    }

    /** The result for one partition. */
    public static final class AddPartitionsToTxnPartitionResult {
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                .about("The partition's index.");
        public static final Field<Short> PARTITION_ERROR_CODE = field("PartitionErrorCode", INT16, "0+")
                .about("0 when the partition was added (or, verify-only, is in the transaction), else the error, e.g. INVALID_TXN_STATE, CONCURRENT_TRANSACTIONS, OPERATION_NOT_ATTEMPTED.");
        public static final Schema SCHEMA = structType("AddPartitionsToTxnPartitionResult", PARTITION_INDEX,
                PARTITION_ERROR_CODE);

        private AddPartitionsToTxnPartitionResult() {
        }
    }

    /** The results for one transaction of a v4+ batch. */
    public static final class ResultsByTransaction {
        public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "4+")
                .about("The transactional id the results belong to.");
        public static final Field<List<Struct>> TOPIC_RESULTS = array("TopicResults", "4+", AddPartitionsToTxnTopicResult.SCHEMA)
                .about("Its results, by topic.");
        public static final Schema SCHEMA = structType("ResultsByTransaction", TRANSACTIONAL_ID, TOPIC_RESULTS);

        private ResultsByTransaction() {
        }
    }
}

