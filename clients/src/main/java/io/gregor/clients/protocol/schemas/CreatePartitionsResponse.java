package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** CreatePartitionsResponse (api key 37, versions 0-3, flexible 2+). */
public final class CreatePartitionsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA);

    public static final MessageSpec SPEC = response(37, "CreatePartitionsResponse", "0-3", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private CreatePartitionsResponse() {
    }

    /** An element of {@link CreatePartitionsResponse#RESULTS}. */
    public static final class Results {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Field<String> ERROR_MESSAGE =
                field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null);
        public static final Schema SCHEMA = structType("Results", NAME, ERROR_CODE, ERROR_MESSAGE);

        private Results() {
        }
    }
}
