package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to DeleteTopics: one result per topic. v1 adds the throttle time; v2 answers before
 * throttling; v3 may answer TOPIC_DELETION_DISABLED; v4 flexible; v5 adds an error message; v6 adds
 * the topic id.
 */
public final class DeleteTopicsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(20, "DeleteTopicsResponse", "0-6", "4+",
            THROTTLE_TIME_MS, RESPONSES);

    private DeleteTopicsResponse() {
    }

    /** An element of {@link DeleteTopicsResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<String> NAME = field("Name", STRING, "0+").nullable("6+")
                .about("The topic's name (null from v6 when the id was unknown).");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "6+")
                .about("The topic's id; since v6.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the topic was not deleted.");
        public static final Field<String> ERROR_MESSAGE =
                field("ErrorMessage", STRING, "5+").nullable("5+").withDefault(null)
                .about("Detail of the error, or null; since v5.");
        public static final Schema SCHEMA = structType("Responses", NAME, TOPIC_ID, ERROR_CODE, ERROR_MESSAGE);

        private Responses() {
        }
    }
}
