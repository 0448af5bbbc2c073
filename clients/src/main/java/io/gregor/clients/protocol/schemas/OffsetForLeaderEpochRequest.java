package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * OffsetForLeaderEpoch (api key 23, KIP-101/279): a follower (or a consumer after a leader change)
 * asks where an epoch ends on the leader, to truncate a diverged log. v1 as v0; v2 adds the current
 * leader epoch for fencing; v3 the replica id; v4 flexible.
 */
public final class OffsetForLeaderEpochRequest {
    public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "3+").withDefault(-2)
            .about("The follower's broker id; -2 marks a debug consumer that may see past the high watermark, -1 a "
                    + "consumer; since v3.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics to ask about.");

    public static final MessageSpec SPEC = request(23, "OffsetForLeaderEpochRequest", "0-4", "4+",
            REPLICA_ID, TOPICS);

    private OffsetForLeaderEpochRequest() {
    }

    /** An element of {@link OffsetForLeaderEpochRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic.");
        public static final Schema SCHEMA = structType("Topics", TOPIC, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetForLeaderEpochRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION = field("Partition", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Integer> CURRENT_LEADER_EPOCH =
                    field("CurrentLeaderEpoch", INT32, "2+").withDefault(-1)
                    .about("The leader epoch the sender knows, to fence a stale leader, -1 to skip the check; since"
                            + " v2.");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+")
                    .about("The epoch whose end offset is asked for (the last epoch in the follower's log).");
            public static final Schema SCHEMA = structType("Partitions", PARTITION, CURRENT_LEADER_EPOCH, LEADER_EPOCH);

            private Partitions() {
            }
        }
    }
}
