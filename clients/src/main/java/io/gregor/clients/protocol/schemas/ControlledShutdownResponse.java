package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The controller's answer to ControlledShutdown: the partitions the broker still leads (none when it
 * may stop). v1-2 as v0; v3 flexible.
 */
public final class ControlledShutdownResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why the controller refused (STALE_BROKER_EPOCH, BROKER_NOT_AVAILABLE, NOT_CONTROLLER).");
    public static final Field<List<Struct>> REMAINING_PARTITIONS =
            array("RemainingPartitions", "0+", RemainingPartitions.SCHEMA)
            .about("The partitions the broker still leads and could not hand over; empty when it may stop.");

    public static final MessageSpec SPEC = response(7, "ControlledShutdownResponse", "0-3", "3+",
            ERROR_CODE, REMAINING_PARTITIONS);

    private ControlledShutdownResponse() {
    }

    /** An element of {@link ControlledShutdownResponse#REMAINING_PARTITIONS}. */
    public static final class RemainingPartitions {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0+")
                .about("The topic's name.");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                .about("The partition number within its topic.");
        public static final Schema SCHEMA = structType("RemainingPartitions", TOPIC_NAME, PARTITION_INDEX);

        private RemainingPartitions() {
        }
    }
}
