package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** StopReplicaResponse (api key 5, versions 0-4, flexible 2+). */
public final class StopReplicaResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<List<Struct>> PARTITION_ERRORS = array("PartitionErrors", "0+", PartitionErrors.SCHEMA);

    public static final MessageSpec SPEC = response(5, "StopReplicaResponse", "0-4", "2+",
            ERROR_CODE, PARTITION_ERRORS);

    private StopReplicaResponse() {
    }

    /** An element of {@link StopReplicaResponse#PARTITION_ERRORS}. */
    public static final class PartitionErrors {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0+");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Schema SCHEMA = structType("PartitionErrors", TOPIC_NAME, PARTITION_INDEX, ERROR_CODE);

        private PartitionErrors() {
        }
    }
}
