package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The broker's answer to StopReplica: per partition, whether it stopped. v1 as v0; v2 flexible; v3 may
 * carry FENCED_LEADER_EPOCH (KIP-570); v4 as v3.
 */
public final class StopReplicaResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or an error refusing the whole request (STALE_CONTROLLER_EPOCH...).");
    public static final Field<List<Struct>> PARTITION_ERRORS = array("PartitionErrors", "0+", PartitionErrors.SCHEMA)
            .about("One result per partition.");

    public static final MessageSpec SPEC = response(5, "StopReplicaResponse", "0-4", "2+",
            ERROR_CODE, PARTITION_ERRORS);

    private StopReplicaResponse() {
    }

    /** An element of {@link StopReplicaResponse#PARTITION_ERRORS}. */
    public static final class PartitionErrors {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0+")
                .about("The topic's name.");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                .about("The partition number within its topic.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the replica was not stopped.");
        public static final Schema SCHEMA = structType("PartitionErrors", TOPIC_NAME, PARTITION_INDEX, ERROR_CODE);

        private PartitionErrors() {
        }
    }
}
