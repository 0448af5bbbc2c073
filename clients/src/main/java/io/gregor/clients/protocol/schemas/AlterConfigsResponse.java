package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** AlterConfigsResponse (api key 33, versions 0-2, flexible 2+). */
public final class AlterConfigsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA);

    public static final MessageSpec SPEC = response(33, "AlterConfigsResponse", "0-2", "2+",
            THROTTLE_TIME_MS, RESPONSES);

    private AlterConfigsResponse() {
    }

    /** An element of {@link AlterConfigsResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+");
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+");
        public static final Schema SCHEMA = structType("Responses", ERROR_CODE, ERROR_MESSAGE, RESOURCE_TYPE,
                RESOURCE_NAME);

        private Responses() {
        }
    }
}
