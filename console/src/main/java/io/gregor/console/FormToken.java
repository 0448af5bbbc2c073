package io.gregor.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The guard of every POST against cross-site requests: each form carries this console's random token
 * (made at start, never sent anywhere but in its own pages, which another site cannot read), and a POST
 * must bring it back; a POST whose {@code Origin} names another site is refused too. Thread safe
 * (immutable).
 */
public final class FormToken {
    public static final String FIELD = "token";

    private final String token;

    FormToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
    }

    /** The hidden input every POST form of the console includes. */
    public String hiddenInput() {
        return "<input type=\"hidden\" name=\"" + FIELD + "\" value=\"" + token + "\">";
    }

    /**
     * Refuses (403) a POST that lacks the token or comes from another origin. {@code origin} is the
     * request's {@code Origin} header (may be null: some browsers omit it), {@code host} its {@code Host}.
     */
    void check(String sentToken, String origin, String host) {
        if (origin != null && !origin.equals("null") && host != null
                && !origin.equalsIgnoreCase("http://" + host) && !origin.equalsIgnoreCase("https://" + host)) {
            throw new ConsoleError(403, "Refused", "This form was sent from another site (" + origin
                    + "); the console accepts changes only from its own pages.");
        }
        if (sentToken == null || !MessageDigest.isEqual(sentToken.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            throw new ConsoleError(403, "Refused", "This form is stale or was not made by this console "
                    + "(its token is missing or wrong): open the page again and resend it.");
        }
    }
}
