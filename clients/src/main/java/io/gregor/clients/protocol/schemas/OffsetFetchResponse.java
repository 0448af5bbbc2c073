package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** OffsetFetchResponse (api key 9, versions 0-9, flexible 6+). */
public final class OffsetFetchResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "3+");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0-7", Topics.SCHEMA);
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "2-7");
    public static final Field<List<Struct>> GROUPS = array("Groups", "8+", Groups.SCHEMA);

    public static final MessageSpec SPEC = response(9, "OffsetFetchResponse", "0-9", "6+",
            THROTTLE_TIME_MS, TOPICS, ERROR_CODE, GROUPS);

    private OffsetFetchResponse() {
    }

    /** An element of {@link OffsetFetchResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0-7");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0-7", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetFetchResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0-7");
            public static final Field<Long> COMMITTED_OFFSET = field("CommittedOffset", INT64, "0-7");
            public static final Field<Integer> COMMITTED_LEADER_EPOCH =
                    field("CommittedLeaderEpoch", INT32, "5-7").withDefault(-1);
            public static final Field<String> METADATA = field("Metadata", STRING, "0-7").nullable("0-7");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0-7");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, COMMITTED_OFFSET,
                    COMMITTED_LEADER_EPOCH, METADATA, ERROR_CODE);

            private Partitions() {
            }
        }
    }

    /** An element of {@link OffsetFetchResponse#GROUPS}. */
    public static final class Groups {
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "8+");
        public static final Field<List<Struct>> TOPICS = array("Topics", "8+", Topics.SCHEMA);
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "8+");
        public static final Schema SCHEMA = structType("Groups", GROUP_ID, TOPICS, ERROR_CODE);

        private Groups() {
        }

        /** An element of {@link OffsetFetchResponse.Groups#TOPICS}. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "8+");
            public static final Field<List<Struct>> PARTITIONS = array("Partitions", "8+", Partitions.SCHEMA);
            public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

            private Topics() {
            }

            /** An element of {@link OffsetFetchResponse.Groups.Topics#PARTITIONS}. */
            public static final class Partitions {
                public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "8+");
                public static final Field<Long> COMMITTED_OFFSET = field("CommittedOffset", INT64, "8+");
                public static final Field<Integer> COMMITTED_LEADER_EPOCH =
                        field("CommittedLeaderEpoch", INT32, "8+").withDefault(-1);
                public static final Field<String> METADATA = field("Metadata", STRING, "8+").nullable("8+");
                public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "8+");
                public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, COMMITTED_OFFSET,
                        COMMITTED_LEADER_EPOCH, METADATA, ERROR_CODE);

                private Partitions() {
                }
            }
        }
    }
}
