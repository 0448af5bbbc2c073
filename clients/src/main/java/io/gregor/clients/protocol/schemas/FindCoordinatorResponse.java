package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to FindCoordinator. v1 adds the throttle time and an error message; v2 answers before
 * throttling; v3 flexible; v4 one answer per key; v5-6 as v4 with new errors.
 */
public final class FindCoordinatorResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0-3")
            .about("0, or why there is no coordinator to name; up to v3.");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "1-3").nullable("1-3")
            .about("Detail of the error, or null; v1-3.");
    public static final Field<Integer> NODE_ID = field("NodeId", INT32, "0-3")
            .about("The coordinator's broker id; up to v3.");
    public static final Field<String> HOST = field("Host", STRING, "0-3")
            .about("The coordinator's host; up to v3.");
    public static final Field<Integer> PORT = field("Port", INT32, "0-3")
            .about("The coordinator's port; up to v3.");
    public static final Field<List<Struct>> COORDINATORS = array("Coordinators", "4+", Coordinators.SCHEMA)
            .about("One answer per requested key; since v4.");

    public static final MessageSpec SPEC = response(10, "FindCoordinatorResponse", "0-6", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, NODE_ID, HOST, PORT, COORDINATORS);

    private FindCoordinatorResponse() {
    }

    /** An element of {@link FindCoordinatorResponse#COORDINATORS}. */
    public static final class Coordinators {
        public static final Field<String> KEY = field("Key", STRING, "4+")
                .about("The key asked about. Since v4.");
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "4+")
                .about("The coordinator's broker id. Since v4.");
        public static final Field<String> HOST = field("Host", STRING, "4+")
                .about("The coordinator's host. Since v4.");
        public static final Field<Integer> PORT = field("Port", INT32, "4+")
                .about("The coordinator's port. Since v4.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "4+")
                .about("0, or why there is no coordinator to name for this key. Since v4.");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "4+").nullable("4+")
                .about("A human-readable detail of the error, or null when there is none. Since v4.");
        public static final Schema SCHEMA = structType("Coordinators", KEY, NODE_ID, HOST, PORT, ERROR_CODE,
                ERROR_MESSAGE);

        private Coordinators() {
        }
    }
}
