package io.gregor.clients.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four SCRAM messages of RFC 5802, written and read as Kafka's SCRAM client and server do.
 * Attribute values are not allowed to contain {@code ,}; user names escape {@code ,} and {@code =}
 * as {@code =2C} and {@code =3D}. Channel binding is not supported ({@code n} or {@code y} only), as
 * in Kafka. A malformed message is an {@link IllegalArgumentException}.
 */
public final class ScramMessages {

    private ScramMessages() {
    }

    /**
     * {@code gs2-header client-first-message-bare}: e.g. {@code n,,n=alice,r=<nonce>}.
     *
     * @param authorizationId the {@code a=} of the GS2 header, or null
     * @param userName        the user (unescaped)
     * @param nonce           the client's nonce
     * @param extensions      Kafka's SCRAM extensions after the nonce (e.g. {@code tokenauth}), usually empty
     */
    public record ClientFirst(String authorizationId, String userName, String nonce, Map<String, String> extensions) {
        public String gs2Header() {
            return "n," + (authorizationId == null ? "" : "a=" + escapeName(authorizationId)) + ",";
        }

        public String bare() {
            StringBuilder bare = new StringBuilder("n=").append(escapeName(userName)).append(",r=").append(nonce);
            extensions.forEach((k, v) -> bare.append(',').append(k).append('=').append(v));
            return bare.toString();
        }

        public String message() {
            return gs2Header() + bare();
        }

        public static ClientFirst parse(String message) {
            String[] parts = message.split(",", -1);
            if (parts.length < 4) {
                throw new IllegalArgumentException("Invalid SCRAM client first message");
            }
            if (!parts[0].equals("n") && !parts[0].equals("y")) {
                throw new IllegalArgumentException("Channel binding is not supported (gs2 flag '" + parts[0] + "')");
            }
            String authzid = null;
            if (!parts[1].isEmpty()) {
                if (!parts[1].startsWith("a=")) {
                    throw new IllegalArgumentException("Invalid SCRAM client first message");
                }
                authzid = unescapeName(parts[1].substring(2));
            }
            if (!parts[2].startsWith("n=") || !parts[3].startsWith("r=") || parts[3].length() == 2) {
                throw new IllegalArgumentException("Invalid SCRAM client first message");
            }
            Map<String, String> extensions = new LinkedHashMap<>();
            for (int i = 4; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("Invalid SCRAM extension '" + parts[i] + "'");
                }
                extensions.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            return new ClientFirst(authzid, unescapeName(parts[2].substring(2)), parts[3].substring(2), extensions);
        }
    }

    /** {@code r=<client nonce + server nonce>,s=<salt>,i=<iterations>}. */
    public record ServerFirst(String nonce, byte[] salt, int iterations) {
        public String message() {
            return "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        }

        public static ServerFirst parse(String message) {
            String[] parts = message.split(",", -1);
            if (parts.length < 3 || !parts[0].startsWith("r=") || !parts[1].startsWith("s=") || !parts[2].startsWith("i=")) {
                throw new IllegalArgumentException("Invalid SCRAM server first message");
            }
            try {
                return new ServerFirst(parts[0].substring(2), Base64.getDecoder().decode(parts[1].substring(2)),
                        Integer.parseInt(parts[2].substring(2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid SCRAM server first message", e);
            }
        }
    }

    /** {@code c=<base64 gs2 header>,r=<nonce>,p=<base64 proof>}. */
    public record ClientFinal(String channelBinding, String nonce, byte[] proof) {
        /** The message without its proof: the last part of the auth message both sides sign. */
        public String withoutProof() {
            return "c=" + channelBinding + ",r=" + nonce;
        }

        public String message() {
            return withoutProof() + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        public static ClientFinal parse(String message) {
            String[] parts = message.split(",", -1);
            if (parts.length < 3 || !parts[0].startsWith("c=") || !parts[1].startsWith("r=")
                    || !parts[parts.length - 1].startsWith("p=")) {
                throw new IllegalArgumentException("Invalid SCRAM client final message");
            }
            try {
                return new ClientFinal(parts[0].substring(2), parts[1].substring(2),
                        Base64.getDecoder().decode(parts[parts.length - 1].substring(2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid SCRAM client final message", e);
            }
        }
    }

    /** {@code v=<base64 server signature>} or {@code e=<error>}. */
    public record ServerFinal(String error, byte[] serverSignature) {
        public String message() {
            return error != null ? "e=" + error : "v=" + Base64.getEncoder().encodeToString(serverSignature);
        }

        public static ServerFinal parse(String message) {
            if (message.startsWith("e=")) {
                return new ServerFinal(message.substring(2), null);
            }
            if (!message.startsWith("v=")) {
                throw new IllegalArgumentException("Invalid SCRAM server final message");
            }
            try {
                return new ServerFinal(null, Base64.getDecoder().decode(message.substring(2).split(",", -1)[0]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid SCRAM server final message", e);
            }
        }
    }

    /** The message both sides sign: client-first-bare, server-first and client-final-without-proof. */
    public static byte[] authMessage(ClientFirst clientFirst, ServerFirst serverFirst, ClientFinal clientFinal) {
        return (clientFirst.bare() + "," + serverFirst.message() + "," + clientFinal.withoutProof())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5802's saslname: {@code =} as {@code =3D}, {@code ,} as {@code =2C}. */
    public static String escapeName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    public static String unescapeName(String saslName) {
        if (saslName.replace("=2C", "").replace("=3D", "").contains("=")) {
            throw new IllegalArgumentException("Invalid escaping in SCRAM user name");
        }
        return saslName.replace("=2C", ",").replace("=3D", "=");
    }
}
