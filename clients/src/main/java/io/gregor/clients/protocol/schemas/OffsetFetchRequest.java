package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** OffsetFetchRequest (api key 9, versions 0-9, flexible 6+). */
public final class OffsetFetchRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0-7");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0-7", Topics.SCHEMA).nullable("2-7");
    public static final Field<List<Struct>> GROUPS = array("Groups", "8+", Groups.SCHEMA);
    public static final Field<Boolean> REQUIRE_STABLE = field("RequireStable", BOOL, "7+");

    public static final MessageSpec SPEC = request(9, "OffsetFetchRequest", "0-9", "6+",
            GROUP_ID, TOPICS, GROUPS, REQUIRE_STABLE);

    private OffsetFetchRequest() {
    }

    /** An element of {@link OffsetFetchRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0-7");
        public static final Field<List<Integer>> PARTITION_INDEXES = field("PartitionIndexes", arrayOf(INT32), "0-7");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

        private Topics() {
        }
    }

    /** An element of {@link OffsetFetchRequest#GROUPS}. */
    public static final class Groups {
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "8+");
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "9+").nullable("9+").withDefault(null);
        public static final Field<Integer> MEMBER_EPOCH = field("MemberEpoch", INT32, "9+").withDefault(-1);
        public static final Field<List<Struct>> TOPICS = array("Topics", "8+", Topics.SCHEMA).nullable("8+");
        public static final Schema SCHEMA = structType("Groups", GROUP_ID, MEMBER_ID, MEMBER_EPOCH, TOPICS);

        private Groups() {
        }

        /** An element of {@link OffsetFetchRequest.Groups#TOPICS}. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "8+");
            public static final Field<List<Integer>> PARTITION_INDEXES =
                    field("PartitionIndexes", arrayOf(INT32), "8+");
            public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

            private Topics() {
            }
        }
    }
}
