package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** AlterPartitionRequest (api key 56, versions 0-3, flexible 0+). */
public final class AlterPartitionRequest {
    public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "0+").withDefault(-1L);
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = request(56, "AlterPartitionRequest", "0-3", "0+",
            BROKER_ID, BROKER_EPOCH, TOPICS);

    private AlterPartitionRequest() {
    }

    /** An element of {@link AlterPartitionRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-1");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "2+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", TOPIC_NAME, TOPIC_ID, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link AlterPartitionRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+");
            public static final Field<List<Integer>> NEW_ISR = field("NewIsr", arrayOf(INT32), "0-2");
            public static final Field<List<Struct>> NEW_ISR_WITH_EPOCHS =
                    array("NewIsrWithEpochs", "3+", NewIsrWithEpochs.SCHEMA);
            public static final Field<Byte> LEADER_RECOVERY_STATE = field("LeaderRecoveryState", INT8, "1+");
            public static final Field<Integer> PARTITION_EPOCH = field("PartitionEpoch", INT32, "0+");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, LEADER_EPOCH, NEW_ISR,
                    NEW_ISR_WITH_EPOCHS, LEADER_RECOVERY_STATE, PARTITION_EPOCH);

            private Partitions() {
            }

            /** An element of {@link AlterPartitionRequest.Topics.Partitions#NEW_ISR_WITH_EPOCHS}. */
            public static final class NewIsrWithEpochs {
                public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "3+");
                public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "3+").withDefault(-1L);
                public static final Schema SCHEMA = structType("NewIsrWithEpochs", BROKER_ID, BROKER_EPOCH);

                private NewIsrWithEpochs() {
                }
            }
        }
    }
}
