package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ListOffsetsRequest (api key 2, versions 0-9, flexible 6+). */
public final class ListOffsetsRequest {
    public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "0+");
    public static final Field<Byte> ISOLATION_LEVEL = field("IsolationLevel", INT8, "2+");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = request(2, "ListOffsetsRequest", "0-9", "6+",
            REPLICA_ID, ISOLATION_LEVEL, TOPICS);

    private ListOffsetsRequest() {
    }

    /** An element of {@link ListOffsetsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link ListOffsetsRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Integer> CURRENT_LEADER_EPOCH =
                    field("CurrentLeaderEpoch", INT32, "4+").withDefault(-1);
            public static final Field<Long> TIMESTAMP = field("Timestamp", INT64, "0+");
            public static final Field<Integer> MAX_NUM_OFFSETS = field("MaxNumOffsets", INT32, "0").withDefault(1);
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, CURRENT_LEADER_EPOCH,
                    TIMESTAMP, MAX_NUM_OFFSETS);

            private Partitions() {
            }
        }
    }
}
