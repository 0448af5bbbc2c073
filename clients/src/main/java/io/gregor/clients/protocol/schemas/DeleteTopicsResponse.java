package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DeleteTopicsResponse (api key 20, versions 0-6, flexible 4+). */
public final class DeleteTopicsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA);

    public static final MessageSpec SPEC = response(20, "DeleteTopicsResponse", "0-6", "4+",
            THROTTLE_TIME_MS, RESPONSES);

    private DeleteTopicsResponse() {
    }

    /** An element of {@link DeleteTopicsResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<String> NAME = field("Name", STRING, "0+").nullable("6+");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "6+");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Field<String> ERROR_MESSAGE =
                field("ErrorMessage", STRING, "5+").nullable("5+").withDefault(null);
        public static final Schema SCHEMA = structType("Responses", NAME, TOPIC_ID, ERROR_CODE, ERROR_MESSAGE);

        private Responses() {
        }
    }
}
