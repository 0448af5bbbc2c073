package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** CreatePartitionsRequest (api key 37, versions 0-3, flexible 2+). */
public final class CreatePartitionsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+");
    public static final Field<Boolean> VALIDATE_ONLY = field("ValidateOnly", BOOL, "0+");

    public static final MessageSpec SPEC = request(37, "CreatePartitionsRequest", "0-3", "2+",
            TOPICS, TIMEOUT_MS, VALIDATE_ONLY);

    private CreatePartitionsRequest() {
    }

    /** An element of {@link CreatePartitionsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<Integer> COUNT = field("Count", INT32, "0+");
        public static final Field<List<Struct>> ASSIGNMENTS =
                array("Assignments", "0+", Assignments.SCHEMA).nullable("0+");
        public static final Schema SCHEMA = structType("Topics", NAME, COUNT, ASSIGNMENTS);

        private Topics() {
        }

        /** An element of {@link CreatePartitionsRequest.Topics#ASSIGNMENTS}. */
        public static final class Assignments {
            public static final Field<List<Integer>> BROKER_IDS = field("BrokerIds", arrayOf(INT32), "0+");
            public static final Schema SCHEMA = structType("Assignments", BROKER_IDS);

            private Assignments() {
            }
        }
    }
}
