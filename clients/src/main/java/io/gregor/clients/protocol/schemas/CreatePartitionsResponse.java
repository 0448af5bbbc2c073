package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to CreatePartitions: one result per topic. v1: the broker answers before throttling; v2
 * flexible; v3 may carry THROTTLING_QUOTA_EXCEEDED.
 */
public final class CreatePartitionsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(37, "CreatePartitionsResponse", "0-3", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private CreatePartitionsResponse() {
    }

    /** An element of {@link CreatePartitionsResponse#RESULTS}. */
    public static final class Results {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The name.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the topic's partitions were not created.");
        public static final Field<String> ERROR_MESSAGE =
                field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null)
                .about("A human-readable detail of the error, or null when there is none.");
        public static final Schema SCHEMA = structType("Results", NAME, ERROR_CODE, ERROR_MESSAGE);

        private Results() {
        }
    }
}
