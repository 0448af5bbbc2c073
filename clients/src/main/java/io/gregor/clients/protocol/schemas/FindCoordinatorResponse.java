package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** FindCoordinatorResponse (api key 10, versions 0-6, flexible 3+). */
public final class FindCoordinatorResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0-3");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "1-3").nullable("1-3");
    public static final Field<Integer> NODE_ID = field("NodeId", INT32, "0-3");
    public static final Field<String> HOST = field("Host", STRING, "0-3");
    public static final Field<Integer> PORT = field("Port", INT32, "0-3");
    public static final Field<List<Struct>> COORDINATORS = array("Coordinators", "4+", Coordinators.SCHEMA);

    public static final MessageSpec SPEC = response(10, "FindCoordinatorResponse", "0-6", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, NODE_ID, HOST, PORT, COORDINATORS);

    private FindCoordinatorResponse() {
    }

    /** An element of {@link FindCoordinatorResponse#COORDINATORS}. */
    public static final class Coordinators {
        public static final Field<String> KEY = field("Key", STRING, "4+");
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "4+");
        public static final Field<String> HOST = field("Host", STRING, "4+");
        public static final Field<Integer> PORT = field("Port", INT32, "4+");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "4+");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "4+").nullable("4+");
        public static final Schema SCHEMA = structType("Coordinators", KEY, NODE_ID, HOST, PORT, ERROR_CODE,
                ERROR_MESSAGE);

        private Coordinators() {
        }
    }
}
