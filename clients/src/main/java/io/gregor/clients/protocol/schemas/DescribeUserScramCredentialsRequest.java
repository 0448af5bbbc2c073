package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Asks which SCRAM mechanisms (and iteration counts) users have credentials for (KIP-554). Only v0, flexible. */
public final class DescribeUserScramCredentialsRequest {
    public static final Field<List<Struct>> USERS = array("Users", "0+", Users.SCHEMA).nullable("0+")
            .about("The users to describe; null or empty for every user that has a SCRAM credential.");

    public static final MessageSpec SPEC = request(50, "DescribeUserScramCredentialsRequest", "0", "0+",
            USERS);

    private DescribeUserScramCredentialsRequest() {
    }

    /** One element of Users. */
    public static final class Users {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("A user name.");
        public static final Schema SCHEMA = structType("Users", NAME);

        private Users() {
        }
    }
}

