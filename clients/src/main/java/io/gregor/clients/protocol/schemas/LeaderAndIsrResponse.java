package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The broker's answer to LeaderAndIsr: per partition, whether it applied the state. v1 may carry
 * KAFKA_STORAGE_ERROR; v2-3 as v1; v4 flexible; v5 groups the results by topic id.
 */
public final class LeaderAndIsrResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or an error refusing the whole request (STALE_CONTROLLER_EPOCH...).");
    public static final Field<List<Struct>> PARTITION_ERRORS =
            array("PartitionErrors", "0-4", LeaderAndIsrPartitionError.SCHEMA)
            .about("One result per partition; up to v4, then grouped by topic.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "5+", Topics.SCHEMA)
            .about("The results grouped by topic id; since v5.");

    public static final MessageSpec SPEC = response(4, "LeaderAndIsrResponse", "0-7", "4+",
            ERROR_CODE, PARTITION_ERRORS, TOPICS);

    private LeaderAndIsrResponse() {
    }

    /**
     * An element of {@link LeaderAndIsrResponse#PARTITION_ERRORS} and {@link
     * LeaderAndIsrResponse.Topics#PARTITION_ERRORS}.
     */
    public static final class LeaderAndIsrPartitionError {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-4")
                .about("The topic's name; up to v4.");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                .about("The partition number within its topic.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the broker did not apply the partition's state.");
        public static final Schema SCHEMA = structType("LeaderAndIsrPartitionError", TOPIC_NAME, PARTITION_INDEX,
                ERROR_CODE);

        private LeaderAndIsrPartitionError() {
        }
    }

    /** An element of {@link LeaderAndIsrResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "5+")
                .about("The topic's id. Since v5.");
        public static final Field<List<Struct>> PARTITION_ERRORS =
                array("PartitionErrors", "5+", LeaderAndIsrPartitionError.SCHEMA)
                .about("One result per partition of the topic. Since v5.");
        public static final Schema SCHEMA = structType("Topics", TOPIC_ID, PARTITION_ERRORS);

        private Topics() {
        }
    }
}
