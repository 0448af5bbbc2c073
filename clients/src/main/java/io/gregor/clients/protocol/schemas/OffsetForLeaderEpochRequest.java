package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** OffsetForLeaderEpochRequest (api key 23, versions 0-4, flexible 4+). */
public final class OffsetForLeaderEpochRequest {
    public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "3+").withDefault(-2);
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = request(23, "OffsetForLeaderEpochRequest", "0-4", "4+",
            REPLICA_ID, TOPICS);

    private OffsetForLeaderEpochRequest() {
    }

    /** An element of {@link OffsetForLeaderEpochRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", TOPIC, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetForLeaderEpochRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION = field("Partition", INT32, "0+");
            public static final Field<Integer> CURRENT_LEADER_EPOCH =
                    field("CurrentLeaderEpoch", INT32, "2+").withDefault(-1);
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+");
            public static final Schema SCHEMA = structType("Partitions", PARTITION, CURRENT_LEADER_EPOCH, LEADER_EPOCH);

            private Partitions() {
            }
        }
    }
}
