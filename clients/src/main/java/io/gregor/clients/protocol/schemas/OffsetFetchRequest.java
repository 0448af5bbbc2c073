package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * OffsetFetch (api key 9): the offsets a group committed. v1 reads them from __consumer_offsets (v0
 * meant ZooKeeper); v2 allows null for all partitions and adds a group-level error; v3-5 as v2; v6
 * flexible; v7 asks for stable offsets (KIP-447); v8 several groups at once (KIP-709); v9 member id
 * and epoch for the new group protocol (KIP-848).
 */
public final class OffsetFetchRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0-7")
            .about("The group whose offsets to fetch; up to v7.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0-7", Topics.SCHEMA).nullable("2-7")
            .about("The topics whose offsets to fetch; null (v2+) for every committed partition; up to v7.");
    public static final Field<List<Struct>> GROUPS = array("Groups", "8+", Groups.SCHEMA)
            .about("Several groups at once (KIP-709); since v8, in place of GroupId and Topics.");
    public static final Field<Boolean> REQUIRE_STABLE = field("RequireStable", BOOL, "7+")
            .about("True to answer UNSTABLE_OFFSET_COMMIT while a transactional commit is pending (KIP-447); since "
                    + "v7.");

    public static final MessageSpec SPEC = request(9, "OffsetFetchRequest", "0-9", "6+",
            GROUP_ID, TOPICS, GROUPS, REQUIRE_STABLE);

    private OffsetFetchRequest() {
    }

    /** An element of {@link OffsetFetchRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0-7")
                .about("The topic's name. Up to v7.");
        public static final Field<List<Integer>> PARTITION_INDEXES = field("PartitionIndexes", arrayOf(INT32), "0-7")
                .about("The partitions whose offsets to fetch. Up to v7.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

        private Topics() {
        }
    }

    /** An element of {@link OffsetFetchRequest#GROUPS}. */
    public static final class Groups {
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "8+")
                .about("The group's id. Since v8.");
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "9+").nullable("9+").withDefault(null)
                .about("The member's id for groups of the new protocol (KIP-848), or null; since v9.");
        public static final Field<Integer> MEMBER_EPOCH = field("MemberEpoch", INT32, "9+").withDefault(-1)
                .about("The member's epoch for groups of the new protocol, -1 otherwise; since v9.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "8+", Topics.SCHEMA).nullable("8+")
                .about("The topics whose offsets to fetch, or null for every committed partition. Since v8.");
        public static final Schema SCHEMA = structType("Groups", GROUP_ID, MEMBER_ID, MEMBER_EPOCH, TOPICS);

        private Groups() {
        }

        /** An element of {@link OffsetFetchRequest.Groups#TOPICS}. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "8+")
                    .about("The topic's name. Since v8.");
            public static final Field<List<Integer>> PARTITION_INDEXES =
                    field("PartitionIndexes", arrayOf(INT32), "8+")
                    .about("The partitions whose offsets to fetch. Since v8.");
            public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

            private Topics() {
            }
        }
    }
}
