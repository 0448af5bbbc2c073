package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * CreatePartitions (api key 37): raises topics' partition counts, with or without explicit replica
 * placement. v1 as v0; v2 flexible; v3 may be answered THROTTLING_QUOTA_EXCEEDED (KIP-599).
 */
public final class CreatePartitionsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics to add partitions to.");
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+")
            .about("How long, in ms, the broker may wait for the operation to complete before answering.");
    public static final Field<Boolean> VALIDATE_ONLY = field("ValidateOnly", BOOL, "0+")
            .about("True to check the request without applying it.");

    public static final MessageSpec SPEC = request(37, "CreatePartitionsRequest", "0-3", "2+",
            TOPICS, TIMEOUT_MS, VALIDATE_ONLY);

    private CreatePartitionsRequest() {
    }

    /** An element of {@link CreatePartitionsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<Integer> COUNT = field("Count", INT32, "0+")
                .about("The new total number of partitions (not the number to add).");
        public static final Field<List<Struct>> ASSIGNMENTS =
                array("Assignments", "0+", Assignments.SCHEMA).nullable("0+")
                .about("The replicas of each new partition, or null to let the controller place them.");
        public static final Schema SCHEMA = structType("Topics", NAME, COUNT, ASSIGNMENTS);

        private Topics() {
        }

        /** An element of {@link CreatePartitionsRequest.Topics#ASSIGNMENTS}. */
        public static final class Assignments {
            public static final Field<List<Integer>> BROKER_IDS = field("BrokerIds", arrayOf(INT32), "0+")
                    .about("The replicas of one new partition, by broker id.");
            public static final Schema SCHEMA = structType("Assignments", BROKER_IDS);

            private Assignments() {
            }
        }
    }
}
