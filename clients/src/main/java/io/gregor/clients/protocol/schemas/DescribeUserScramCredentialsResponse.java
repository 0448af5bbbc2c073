package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to DescribeUserScramCredentials: per user its mechanisms and iteration counts. Only v0, flexible. */
public final class DescribeUserScramCredentialsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the client should wait because a quota was exceeded; 0 if none.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("An error for the whole request (e.g. not authorized), else 0.");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
            .about("A human-readable detail of the request-level error, or null.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One entry per described user.");

    public static final MessageSpec SPEC = response(50, "DescribeUserScramCredentialsResponse", "0", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, RESULTS);

    private DescribeUserScramCredentialsResponse() {
    }

    /** One element of Results. */
    public static final class Results {
        public static final Field<String> USER = field("User", STRING, "0+")
                .about("The user.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why this user cannot be described (RESOURCE_NOT_FOUND: no credential; DUPLICATE_RESOURCE: named twice).");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                .about("A human-readable detail of the user's error, or null.");
        public static final Field<List<Struct>> CREDENTIAL_INFOS = array("CredentialInfos", "0+", CredentialInfos.SCHEMA)
                .about("The user's credentials, one per mechanism; never the keys themselves.");
        public static final Schema SCHEMA = structType("Results", USER, ERROR_CODE, ERROR_MESSAGE, CREDENTIAL_INFOS);

        /** One element of CredentialInfos. */
        public static final class CredentialInfos {
            public static final Field<Byte> MECHANISM = field("Mechanism", INT8, "0+")
                    .about("1 SCRAM-SHA-256, 2 SCRAM-SHA-512.");
            public static final Field<Integer> ITERATIONS = field("Iterations", INT32, "0+")
                    .about("The iteration count of this credential.");
            public static final Schema SCHEMA = structType("CredentialInfos", MECHANISM, ITERATIONS);

            private CredentialInfos() {
            }
        }

        private Results() {
        }
    }
}

