package io.gregor.clients.admin;

import io.gregor.clients.security.ScramMechanism;
import java.util.Objects;

/**
 * One change to a user's SCRAM credentials for AlterUserScramCredentials: set the credential of
 * {@code mechanism} from {@code password} with {@code iterations}, or (password null) remove it.
 * The password never leaves the client: it is salted here (RFC 5802's Hi) and only the salted
 * password goes to the broker.
 */
public record ScramCredentialAlteration(String user, ScramMechanism mechanism, int iterations, String password) {
    public ScramCredentialAlteration {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(mechanism, "mechanism");
    }

    public static ScramCredentialAlteration upsert(String user, ScramMechanism mechanism, int iterations, String password) {
        return new ScramCredentialAlteration(user, mechanism, iterations, Objects.requireNonNull(password, "password"));
    }

    public static ScramCredentialAlteration delete(String user, ScramMechanism mechanism) {
        return new ScramCredentialAlteration(user, mechanism, 0, null);
    }

    public boolean isDeletion() {
        return password == null;
    }

    @Override
    public String toString() {
        // never print the password
        return (isDeletion() ? "delete " : "upsert ") + mechanism.mechanismName() + " of user " + user
                + (isDeletion() ? "" : " with " + iterations + " iterations");
    }
}
