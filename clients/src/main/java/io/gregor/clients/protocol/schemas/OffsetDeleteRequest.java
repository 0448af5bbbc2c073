package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * OffsetDelete (api key 47): removes a group's committed offsets for the named partitions; only v0 exists.
 */
public final class OffsetDeleteRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The group whose committed offsets to remove.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics whose offsets to remove.");

    public static final MessageSpec SPEC = request(47, "OffsetDeleteRequest", "0", "none",
            GROUP_ID, TOPICS);

    private OffsetDeleteRequest() {
    }

    /** One topic of the request. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        /** One partition of a topic. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX);

            private Partitions() {
            }
        }

        private Topics() {
        }
    }
}

