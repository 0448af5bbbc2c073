package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to OffsetFetch. v2 adds a group-level error code; v3 the throttle time; v4 answers before
 * throttling; v5 the committed leader epoch; v6 flexible; v7 UNSTABLE_OFFSET_COMMIT; v8 answers per
 * group; v9 new-protocol errors.
 */
public final class OffsetFetchResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "3+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v3.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0-7", Topics.SCHEMA)
            .about("The offsets per topic; up to v7.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "2-7")
            .about("0, or an error of the whole group (NOT_COORDINATOR...); v2-7.");
    public static final Field<List<Struct>> GROUPS = array("Groups", "8+", Groups.SCHEMA)
            .about("One answer per group; since v8.");

    public static final MessageSpec SPEC = response(9, "OffsetFetchResponse", "0-9", "6+",
            THROTTLE_TIME_MS, TOPICS, ERROR_CODE, GROUPS);

    private OffsetFetchResponse() {
    }

    /** An element of {@link OffsetFetchResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0-7")
                .about("The topic's name. Up to v7.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0-7", Partitions.SCHEMA)
                .about("One answer per partition. Up to v7.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetFetchResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0-7")
                    .about("The partition number within its topic. Up to v7.");
            public static final Field<Long> COMMITTED_OFFSET = field("CommittedOffset", INT64, "0-7")
                    .about("The committed offset, -1 when nothing is committed. Up to v7.");
            public static final Field<Integer> COMMITTED_LEADER_EPOCH =
                    field("CommittedLeaderEpoch", INT32, "5-7").withDefault(-1)
                    .about("The leader epoch stored with the offset, -1 when unknown; since v5.");
            public static final Field<String> METADATA = field("Metadata", STRING, "0-7").nullable("0-7")
                    .about("The metadata committed with the offset, or null. Up to v7.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0-7")
                    .about("0, or why the partition's offset is not given. Up to v7.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, COMMITTED_OFFSET,
                    COMMITTED_LEADER_EPOCH, METADATA, ERROR_CODE);

            private Partitions() {
            }
        }
    }

    /** An element of {@link OffsetFetchResponse#GROUPS}. */
    public static final class Groups {
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "8+")
                .about("The group's id. Since v8.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "8+", Topics.SCHEMA)
                .about("The group's offsets per topic. Since v8.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "8+")
                .about("0, or an error of the whole group. Since v8.");
        public static final Schema SCHEMA = structType("Groups", GROUP_ID, TOPICS, ERROR_CODE);

        private Groups() {
        }

        /** An element of {@link OffsetFetchResponse.Groups#TOPICS}. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "8+")
                    .about("The topic's name. Since v8.");
            public static final Field<List<Struct>> PARTITIONS = array("Partitions", "8+", Partitions.SCHEMA)
                    .about("One answer per partition. Since v8.");
            public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

            private Topics() {
            }

            /** An element of {@link OffsetFetchResponse.Groups.Topics#PARTITIONS}. */
            public static final class Partitions {
                public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "8+")
                        .about("The partition number within its topic. Since v8.");
                public static final Field<Long> COMMITTED_OFFSET = field("CommittedOffset", INT64, "8+")
                        .about("The committed offset, -1 when nothing is committed. Since v8.");
                public static final Field<Integer> COMMITTED_LEADER_EPOCH =
                        field("CommittedLeaderEpoch", INT32, "8+").withDefault(-1)
                        .about("The leader epoch of the last consumed record, -1 when unknown (KIP-320). Since v8.");
                public static final Field<String> METADATA = field("Metadata", STRING, "8+").nullable("8+")
                        .about("The metadata committed with the offset, or null. Since v8.");
                public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "8+")
                        .about("0, or why the partition's offset is not given. Since v8.");
                public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, COMMITTED_OFFSET,
                        COMMITTED_LEADER_EPOCH, METADATA, ERROR_CODE);

                private Partitions() {
                }
            }
        }
    }
}
