package io.gregor.clients.security;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM text as Kafka's PEM stores accept it: X.509 certificates and one PKCS#8 private key,
 * unencrypted ({@code PRIVATE KEY}) or encrypted with {@code ssl.key.password}
 * ({@code ENCRYPTED PRIVATE KEY}). Stateless.
 */
final class PemContent {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemContent() {
    }

    /** The certificates of {@code pem}, in order; empty when it has none. */
    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> result = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                result.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return result;
    }

    /** The private key of {@code pem}, or null when it has none. */
    static PrivateKey privateKey(String pem, String password) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return toKey(new PKCS8EncodedKeySpec(der));
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    if (password == null) {
                        throw new GeneralSecurityException("the private key is encrypted and ssl.key.password is not set");
                    }
                    EncryptedPrivateKeyInfo info;
                    try {
                        info = new EncryptedPrivateKeyInfo(der);
                    } catch (java.io.IOException e) {
                        throw new GeneralSecurityException("the encrypted private key cannot be parsed", e);
                    }
                    SecretKeyFactory keys = SecretKeyFactory.getInstance(info.getAlgName());
                    Cipher cipher = Cipher.getInstance(info.getAlgName());
                    cipher.init(Cipher.DECRYPT_MODE, keys.generateSecret(new PBEKeySpec(password.toCharArray())),
                            info.getAlgParameters());
                    return toKey(info.getKeySpec(cipher));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new GeneralSecurityException(
                        "the private key is in PKCS#1/SEC1 form; convert it to PKCS#8 (openssl pkcs8 -topk8)");
                default -> {
                    // certificates and other blocks are not the key
                }
            }
        }
        return null;
    }

    private static PrivateKey toKey(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm", last);
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
    }
}
