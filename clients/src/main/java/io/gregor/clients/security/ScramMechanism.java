package io.gregor.clients.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM mechanisms Kafka supports (RFC 5802 with SHA-256 and SHA-512, RFC 7677), with the
 * mechanism type numbers of Kafka's SCRAM credential APIs and the RFC's functions: {@link #hi}
 * (the salted password), the client and server keys, and the HMAC and hash they are built from.
 * Thread-safe (each call gets its own Mac and MessageDigest).
 */
public enum ScramMechanism {
    SCRAM_SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", (byte) 1),
    SCRAM_SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", (byte) 2);

    /** Kafka's bounds on a credential's iteration count. */
    public static final int MIN_ITERATIONS = 4096;
    public static final int MAX_ITERATIONS = 16384;

    private final String mechanismName;
    private final String hashAlgorithm;
    private final String macAlgorithm;
    private final byte type;

    ScramMechanism(String mechanismName, String hashAlgorithm, String macAlgorithm, byte type) {
        this.mechanismName = mechanismName;
        this.hashAlgorithm = hashAlgorithm;
        this.macAlgorithm = macAlgorithm;
        this.type = type;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-512}; also the key of the credential in {@code /config/users/<u>}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** The number Kafka's DescribeUserScramCredentials and AlterUserScramCredentials use (1 or 2). */
    public byte type() {
        return type;
    }

    /** The mechanism named {@code name} (e.g. {@code SCRAM-SHA-256}), or null. */
    public static ScramMechanism forName(String name) {
        for (ScramMechanism m : values()) {
            if (m.mechanismName.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The mechanism with Kafka's type number {@code type}, or null (0 is Kafka's UNKNOWN). */
    public static ScramMechanism forType(byte type) {
        for (ScramMechanism m : values()) {
            if (m.type == type) {
                return m;
            }
        }
        return null;
    }

    public byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " is not available", e);
        }
    }

    public byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(hashAlgorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hashAlgorithm + " is not available", e);
        }
    }

    /** RFC 5802's Hi(password, salt, i): PBKDF2 with this mechanism's HMAC, one block. Costly by design. */
    public byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(password, macAlgorithm));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " is not available", e);
        }
    }

    /** The salted password of {@code password} (UTF-8). */
    public byte[] saltedPassword(String password, byte[] salt, int iterations) {
        return hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
    }

    public byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.UTF_8));
    }

    public byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.UTF_8));
    }

    public byte[] storedKey(byte[] clientKey) {
        return hash(clientKey);
    }

    /** The byte-wise XOR of two arrays of the same length (a client proof from a key and a signature, or back). */
    public static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        byte[] result = Arrays.copyOf(a, a.length);
        for (int i = 0; i < result.length; i++) {
            result[i] ^= b[i];
        }
        return result;
    }
}
