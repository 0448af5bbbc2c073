package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to AlterUserScramCredentials: one result per user. Only v0, flexible. */
public final class AlterUserScramCredentialsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the client should wait because a quota was exceeded; 0 if none.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One outcome per user named in the request.");

    public static final MessageSpec SPEC = response(51, "AlterUserScramCredentialsResponse", "0", "0+",
            THROTTLE_TIME_MS, RESULTS);

    private AlterUserScramCredentialsResponse() {
    }

    /** One element of Results. */
    public static final class Results {
        public static final Field<String> USER = field("User", STRING, "0+")
                .about("The user.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why this user's changes were not made (none of them are then).");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                .about("A human-readable detail of the error, or null.");
        public static final Schema SCHEMA = structType("Results", USER, ERROR_CODE, ERROR_MESSAGE);

        private Results() {
        }
    }
}

