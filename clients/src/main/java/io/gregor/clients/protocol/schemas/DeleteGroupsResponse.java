package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to DeleteGroups: one result per group. v1 answers before throttling; v2 flexible. */
public final class DeleteGroupsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One result per group of the request.");

    public static final MessageSpec SPEC = response(42, "DeleteGroupsResponse", "0-2", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private DeleteGroupsResponse() {
    }

    /** An element of {@link DeleteGroupsResponse#RESULTS}. */
    public static final class Results {
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
                .about("The group's id.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the group was not deleted (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND...).");
        public static final Schema SCHEMA = structType("Results", GROUP_ID, ERROR_CODE);

        private Results() {
        }
    }
}
