package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Commits consumer offsets as part of a transaction, at the group coordinator (api key 28): they become
 * visible when the transaction commits and are dropped when it aborts. v1 same as v0; v2: committed leader
 * epoch; v3: flexible, with the member id, group instance id and generation for fencing zombie consumers; v4:
 * TRANSACTION_ABORTABLE.
 */
public final class TxnOffsetCommitRequest {
    public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0+")
            .about("The transactional id of the transaction the offsets belong to.");
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The consumer group whose offsets are committed.");
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
            .about("The producer id the transactional id currently holds.");
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+")
            .about("The producer's epoch for that id.");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "3+").withDefault(-1)
            .about("Since v3: the group generation the consumer is in, or -1 when not checked.");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "3+")
            .about("Since v3: the consumer's member id from the group coordinator, or empty when not checked.");
    public static final Field<String> GROUP_INSTANCE_ID = field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null)
            .about("Since v3: the static member's instance id, or null for a dynamic member.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics whose offsets are committed.");

    public static final MessageSpec SPEC = request(28, "TxnOffsetCommitRequest", "0-4", "3+",
            TRANSACTIONAL_ID, GROUP_ID, PRODUCER_ID, PRODUCER_EPOCH, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID,
            TOPICS);

    private TxnOffsetCommitRequest() {
    }

    /** One topic's offsets. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic and their offsets.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        /** One partition's offset. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition's index.");
            public static final Field<Long> COMMITTED_OFFSET = field("CommittedOffset", INT64, "0+")
                    .about("The offset to commit: the next record the group should consume.");
            public static final Field<Integer> COMMITTED_LEADER_EPOCH = field("CommittedLeaderEpoch", INT32, "2+").withDefault(-1)
                    .about("Since v2: the leader epoch of the last consumed record, or -1 if unknown.");
            public static final Field<String> COMMITTED_METADATA = field("CommittedMetadata", STRING, "0+").nullable("0+")
                    .about("Free-form metadata kept with the offset, or null.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, COMMITTED_OFFSET,
                    COMMITTED_LEADER_EPOCH, COMMITTED_METADATA);

            private Partitions() {
            }
        }

        private Topics() {
        }
    }
}

