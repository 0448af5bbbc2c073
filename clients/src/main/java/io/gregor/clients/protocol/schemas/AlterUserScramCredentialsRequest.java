package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Creates, replaces or removes users' SCRAM credentials (KIP-554), as {@code kafka-configs.sh --entity-type users --alter} sends. Only v0, flexible. */
public final class AlterUserScramCredentialsRequest {
    public static final Field<List<Struct>> DELETIONS = array("Deletions", "0+", Deletions.SCHEMA)
            .about("The SCRAM credentials to remove, one per user and mechanism.");
    public static final Field<List<Struct>> UPSERTIONS = array("Upsertions", "0+", Upsertions.SCHEMA)
            .about("The SCRAM credentials to create or replace, each already salted by the client.");

    public static final MessageSpec SPEC = request(51, "AlterUserScramCredentialsRequest", "0", "0+",
            DELETIONS, UPSERTIONS);

    private AlterUserScramCredentialsRequest() {
    }

    /** One element of Deletions. */
    public static final class Deletions {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The user whose credential is removed.");
        public static final Field<Byte> MECHANISM = field("Mechanism", INT8, "0+")
                .about("Which credential: 1 SCRAM-SHA-256, 2 SCRAM-SHA-512.");
        public static final Schema SCHEMA = structType("Deletions", NAME, MECHANISM);

        private Deletions() {
        }
    }

    /** One element of Upsertions. */
    public static final class Upsertions {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The user whose credential is set.");
        public static final Field<Byte> MECHANISM = field("Mechanism", INT8, "0+")
                .about("Which credential: 1 SCRAM-SHA-256, 2 SCRAM-SHA-512.");
        public static final Field<Integer> ITERATIONS = field("Iterations", INT32, "0+")
                .about("The iteration count the client used to salt the password (the broker accepts 4096 to 16384).");
        public static final Field<ByteBuffer> SALT = field("Salt", BYTES, "0+")
                .about("The random salt the client chose.");
        public static final Field<ByteBuffer> SALTED_PASSWORD = field("SaltedPassword", BYTES, "0+")
                .about("Hi(password, salt, iterations) as RFC 5802 defines it; the broker derives the stored and server keys from it and never sees the password.");
        public static final Schema SCHEMA = structType("Upsertions", NAME, MECHANISM, ITERATIONS, SALT,
                SALTED_PASSWORD);

        private Upsertions() {
        }
    }
}

