package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * ListOffsets (api key 2): the offset of a partition at a time, or its earliest or latest offset. v1
 * returns a single offset; v2 adds the isolation level; v3 as v2; v4 the current leader epoch for
 * fencing; v5 as v4; v6 flexible; v7 the max-timestamp lookup (KIP-734); v8 the local log start
 * (KIP-405); v9 the last tiered offset (KIP-1005).
 */
public final class ListOffsetsRequest {
    public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "0+")
            .about("The broker id of a follower asking, -1 for a consumer (which sees only up to the high "
                    + "watermark).");
    public static final Field<Byte> ISOLATION_LEVEL = field("IsolationLevel", INT8, "2+")
            .about("0 read_uncommitted, 1 read_committed (bounded by the last stable offset); since v2.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics to look up.");

    public static final MessageSpec SPEC = request(2, "ListOffsetsRequest", "0-9", "6+",
            REPLICA_ID, ISOLATION_LEVEL, TOPICS);

    private ListOffsetsRequest() {
    }

    /** An element of {@link ListOffsetsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link ListOffsetsRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Integer> CURRENT_LEADER_EPOCH =
                    field("CurrentLeaderEpoch", INT32, "4+").withDefault(-1)
                    .about("The leader epoch the sender knows, to fence stale leaders and requests; -1 skips the "
                            + "check. Since v4.");
            public static final Field<Long> TIMESTAMP = field("Timestamp", INT64, "0+")
                    .about("The time to look up, or -1 for the latest offset, -2 for the earliest, -3 for the max "
                            + "timestamp (v7+).");
            public static final Field<Integer> MAX_NUM_OFFSETS = field("MaxNumOffsets", INT32, "0").withDefault(1)
                    .about("How many offsets to return; v0 only (later versions return one).");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, CURRENT_LEADER_EPOCH,
                    TIMESTAMP, MAX_NUM_OFFSETS);

            private Partitions() {
            }
        }
    }
}
