package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * OffsetCommit (api key 8): a consumer stores its group's offsets with the coordinator, in
 * __consumer_offsets. v1 adds the generation, member id and a commit timestamp; v2 replaces the
 * timestamp by a retention time; v3-4 as v2; v5 drops the retention time (broker config only); v6 the
 * leader epoch (KIP-320); v7 group.instance.id; v8 flexible; v9 usable by the new group protocol
 * (KIP-848).
 */
public final class OffsetCommitRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The consumer group's id.");
    public static final Field<Integer> GENERATION_ID_OR_MEMBER_EPOCH =
            field("GenerationIdOrMemberEpoch", INT32, "1+").withDefault(-1)
            .about("The group generation (classic groups), -1 for a commit from outside the group; since v1.");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "1+")
            .about("The committing member's id, empty for a commit from outside the group; since v1.");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "7+").nullable("7+").withDefault(null)
            .about("The static member's group.instance.id, or null; since v7.");
    public static final Field<Long> RETENTION_TIME_MS = field("RetentionTimeMs", INT64, "2-4").withDefault(-1L)
            .about("How long, in ms, to keep the offsets, -1 for the broker's offsets.retention.minutes; v2-4.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics whose offsets to commit.");

    public static final MessageSpec SPEC = request(8, "OffsetCommitRequest", "0-9", "8+",
            GROUP_ID, GENERATION_ID_OR_MEMBER_EPOCH, MEMBER_ID, GROUP_INSTANCE_ID, RETENTION_TIME_MS, TOPICS);

    private OffsetCommitRequest() {
    }

    /** An element of {@link OffsetCommitRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetCommitRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Long> COMMITTED_OFFSET = field("CommittedOffset", INT64, "0+")
                    .about("The offset to commit: the next one to consume.");
            public static final Field<Integer> COMMITTED_LEADER_EPOCH =
                    field("CommittedLeaderEpoch", INT32, "6+").withDefault(-1)
                    .about("The leader epoch of the last consumed record, -1 when unknown (KIP-320); since v6.");
            public static final Field<Long> COMMIT_TIMESTAMP = field("CommitTimestamp", INT64, "1").withDefault(-1L)
                    .about("The commit time, -1 for the broker's clock; v1 only.");
            public static final Field<String> COMMITTED_METADATA =
                    field("CommittedMetadata", STRING, "0+").nullable("0+")
                    .about("Free-form metadata stored with the offset, or null.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, COMMITTED_OFFSET,
                    COMMITTED_LEADER_EPOCH, COMMIT_TIMESTAMP, COMMITTED_METADATA);

            private Partitions() {
            }
        }
    }
}
