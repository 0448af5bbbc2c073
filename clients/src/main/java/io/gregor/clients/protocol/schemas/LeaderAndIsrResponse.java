package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** LeaderAndIsrResponse (api key 4, versions 0-7, flexible 4+). */
public final class LeaderAndIsrResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<List<Struct>> PARTITION_ERRORS =
            array("PartitionErrors", "0-4", LeaderAndIsrPartitionError.SCHEMA);
    public static final Field<List<Struct>> TOPICS = array("Topics", "5+", Topics.SCHEMA);

    public static final MessageSpec SPEC = response(4, "LeaderAndIsrResponse", "0-7", "4+",
            ERROR_CODE, PARTITION_ERRORS, TOPICS);

    private LeaderAndIsrResponse() {
    }

    /** An element of {@link LeaderAndIsrResponse#PARTITION_ERRORS} and {@link LeaderAndIsrResponse.Topics#PARTITION_ERRORS}. */
    public static final class LeaderAndIsrPartitionError {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-4");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Schema SCHEMA = structType("LeaderAndIsrPartitionError", TOPIC_NAME, PARTITION_INDEX,
                ERROR_CODE);

        private LeaderAndIsrPartitionError() {
        }
    }

    /** An element of {@link LeaderAndIsrResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "5+");
        public static final Field<List<Struct>> PARTITION_ERRORS =
                array("PartitionErrors", "5+", LeaderAndIsrPartitionError.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", TOPIC_ID, PARTITION_ERRORS);

        private Topics() {
        }
    }
}
