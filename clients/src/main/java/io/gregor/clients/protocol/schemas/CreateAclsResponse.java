package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to CreateAcls: one result per binding asked for. v1 as v0; v2 flexible; v3 as v2.
 */
public final class CreateAclsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One result per binding, in the request's order.");

    public static final MessageSpec SPEC = response(30, "CreateAclsResponse", "0-3", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private CreateAclsResponse() {
    }

    /** The result of one binding. */
    public static final class Results {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the binding was not added (SECURITY_DISABLED without an authorizer).");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                .about("A human-readable explanation of the error, or null.");
        public static final Schema SCHEMA = structType("Results", ERROR_CODE, ERROR_MESSAGE);

        private Results() {
        }
    }
}

