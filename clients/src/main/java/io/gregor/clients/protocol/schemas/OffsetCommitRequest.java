package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** OffsetCommitRequest (api key 8, versions 0-9, flexible 8+). */
public final class OffsetCommitRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+");
    public static final Field<Integer> GENERATION_ID_OR_MEMBER_EPOCH =
            field("GenerationIdOrMemberEpoch", INT32, "1+").withDefault(-1);
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "1+");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "7+").nullable("7+").withDefault(null);
    public static final Field<Long> RETENTION_TIME_MS = field("RetentionTimeMs", INT64, "2-4").withDefault(-1L);
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = request(8, "OffsetCommitRequest", "0-9", "8+",
            GROUP_ID, GENERATION_ID_OR_MEMBER_EPOCH, MEMBER_ID, GROUP_INSTANCE_ID, RETENTION_TIME_MS, TOPICS);

    private OffsetCommitRequest() {
    }

    /** An element of {@link OffsetCommitRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetCommitRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Long> COMMITTED_OFFSET = field("CommittedOffset", INT64, "0+");
            public static final Field<Integer> COMMITTED_LEADER_EPOCH =
                    field("CommittedLeaderEpoch", INT32, "6+").withDefault(-1);
            public static final Field<Long> COMMIT_TIMESTAMP = field("CommitTimestamp", INT64, "1").withDefault(-1L);
            public static final Field<String> COMMITTED_METADATA =
                    field("CommittedMetadata", STRING, "0+").nullable("0+");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, COMMITTED_OFFSET,
                    COMMITTED_LEADER_EPOCH, COMMIT_TIMESTAMP, COMMITTED_METADATA);

            private Partitions() {
            }
        }
    }
}
