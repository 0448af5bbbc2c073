package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Inter-broker: the transaction coordinator asks a partition leader to append commit or abort control batches
 * (api key 27). v1: flexible.
 */
public final class WriteTxnMarkersRequest {
    public static final Field<List<Struct>> MARKERS = array("Markers", "0+", Markers.SCHEMA)
            .about("The markers to write, one entry per transaction.");

    public static final MessageSpec SPEC = request(27, "WriteTxnMarkersRequest", "0-1", "1+",
            MARKERS);

    private WriteTxnMarkersRequest() {
    }

    /** The marker of one transaction and the partitions it goes to. */
    public static final class Markers {
        public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
                .about("The producer id of the transaction.");
        public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+")
                .about("The producer epoch the marker is written with.");
        public static final Field<Boolean> TRANSACTION_RESULT = field("TransactionResult", BOOL, "0+")
                .about("True for a commit marker, false for an abort marker.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
                .about("The topics and partitions that get the marker.");
        public static final Field<Integer> COORDINATOR_EPOCH = field("CoordinatorEpoch", INT32, "0+")
                .about("The coordinator's epoch for its __transaction_state partition, so that a leader can refuse markers from a coordinator that has been replaced.");
        public static final Schema SCHEMA = structType("Markers", PRODUCER_ID, PRODUCER_EPOCH, TRANSACTION_RESULT,
                TOPICS, COORDINATOR_EPOCH);

        /** One topic and the partitions of it that get the marker. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "0+")
                    .about("The topic's name.");
            public static final Field<List<Integer>> PARTITION_INDEXES = field("PartitionIndexes", arrayOf(INT32), "0+")
                    .about("The indexes of the partitions that get the marker.");
            public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

            private Topics() {
            }
        }

        private Markers() {
        }
    }
}

