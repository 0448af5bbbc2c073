package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * AlterPartition (api key 56): a partition leader proposes a new ISR to the controller, which
 * validates the leader and partition epochs, writes ZooKeeper and answers with the state now in
 * effect. v1 adds the leader recovery state (KIP-704); v2 names topics by id (KIP-841); v3 sends each
 * ISR member's broker epoch (KIP-903).
 */
public final class AlterPartitionRequest {
    public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+")
            .about("The id of the leader proposing the ISR change.");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "0+").withDefault(-1L)
            .about("The proposing leader's broker epoch, so that a fenced leader's proposal is refused.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics whose partitions' ISR the leader proposes to change.");

    public static final MessageSpec SPEC = request(56, "AlterPartitionRequest", "0-3", "0+",
            BROKER_ID, BROKER_EPOCH, TOPICS);

    private AlterPartitionRequest() {
    }

    /** An element of {@link AlterPartitionRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-1")
                .about("The topic's name; replaced by its id in v2 (KIP-841).");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "2+")
                .about("The topic's id; since v2, in place of its name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic.");
        public static final Schema SCHEMA = structType("Topics", TOPIC_NAME, TOPIC_ID, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link AlterPartitionRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+")
                    .about("The leader epoch of the proposing leader.");
            public static final Field<List<Integer>> NEW_ISR = field("NewIsr", arrayOf(INT32), "0-2")
                    .about("The proposed ISR, by broker id; replaced by NewIsrWithEpochs in v3.");
            public static final Field<List<Struct>> NEW_ISR_WITH_EPOCHS =
                    array("NewIsrWithEpochs", "3+", NewIsrWithEpochs.SCHEMA)
                    .about("The proposed ISR with each member's broker epoch (KIP-903), so a restarted replica is "
                            + "not taken back unawares; since v3.");
            public static final Field<Byte> LEADER_RECOVERY_STATE = field("LeaderRecoveryState", INT8, "1+")
                    .about("The leader's recovery state (KIP-704); since v1.");
            public static final Field<Integer> PARTITION_EPOCH = field("PartitionEpoch", INT32, "0+")
                    .about("The partition epoch the proposal is based on; a stale one is refused.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, LEADER_EPOCH, NEW_ISR,
                    NEW_ISR_WITH_EPOCHS, LEADER_RECOVERY_STATE, PARTITION_EPOCH);

            private Partitions() {
            }

            /** An element of {@link AlterPartitionRequest.Topics.Partitions#NEW_ISR_WITH_EPOCHS}. */
            public static final class NewIsrWithEpochs {
                public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "3+")
                        .about("A proposed ISR member. Since v3.");
                public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "3+").withDefault(-1L)
                        .about("That member's broker epoch as the leader saw it in its fetches, -1 when unknown. "
                                + "Since v3.");
                public static final Schema SCHEMA = structType("NewIsrWithEpochs", BROKER_ID, BROKER_EPOCH);

                private NewIsrWithEpochs() {
                }
            }
        }
    }
}
