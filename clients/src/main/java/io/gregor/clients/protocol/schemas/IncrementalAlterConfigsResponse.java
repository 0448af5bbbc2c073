package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** IncrementalAlterConfigsResponse (api key 44, versions 0-1, flexible 1+). */
public final class IncrementalAlterConfigsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA);

    public static final MessageSpec SPEC = response(44, "IncrementalAlterConfigsResponse", "0-1", "1+",
            THROTTLE_TIME_MS, RESPONSES);

    private IncrementalAlterConfigsResponse() {
    }

    /** An element of {@link IncrementalAlterConfigsResponse#RESPONSES}. */
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
