package io.gregor.clients.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads the key and trust material of {@link SslSettings}: JKS and PKCS12 files, PEM files and
 * inline PEM ({@code ssl.keystore.key} with {@code ssl.keystore.certificate.chain},
 * {@code ssl.truststore.certificates}). Each failure is a {@link SslConfigException} naming the key
 * to fix (a missing file, a wrong password). Stateless.
 */
public final class SslStores {
    private static final char[] NO_PASSWORD = new char[0];

    private SslStores() {
    }

    /** The key managers of {@code s}, or null when it configures no keystore. */
    public static KeyManagerFactory keyManagers(SslSettings s) {
        if (!s.hasKeystore()) {
            return null;
        }
        KeyStore store;
        char[] keyPassword;
        if (s.keystoreKey() != null || s.keystoreType().equals("PEM")) {
            keyPassword = s.keyPassword() == null ? NO_PASSWORD : s.keyPassword().toCharArray();
            store = pemKeyStore(s);
        } else {
            if (s.keystorePassword() == null) {
                throw new SslConfigException(SslSettings.KEYSTORE_PASSWORD, SslSettings.KEYSTORE_PASSWORD
                        + " must be set with " + SslSettings.KEYSTORE_LOCATION + " " + s.keystoreLocation());
            }
            store = fileStore(SslSettings.KEYSTORE_LOCATION, SslSettings.KEYSTORE_PASSWORD, s.keystoreType(),
                    s.keystoreLocation(), s.keystorePassword());
            keyPassword = (s.keyPassword() != null ? s.keyPassword() : s.keystorePassword()).toCharArray();
        }
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(s.keyManagerAlgorithm());
            kmf.init(store, keyPassword);
            return kmf;
        } catch (java.security.UnrecoverableKeyException e) {
            throw new SslConfigException(SslSettings.KEY_PASSWORD, "cannot recover the private key of "
                    + keystoreName(s) + ": wrong " + SslSettings.KEY_PASSWORD + "?", e);
        } catch (GeneralSecurityException e) {
            throw new SslConfigException(SslSettings.KEYMANAGER_ALGORITHM, "cannot use the keystore "
                    + keystoreName(s) + ": " + e.getMessage(), e);
        }
    }

    /** The trust managers of {@code s}, or null for the JDK's default trust (no truststore configured). */
    public static TrustManagerFactory trustManagers(SslSettings s) {
        KeyStore store;
        if (s.truststoreCertificates() != null || (s.truststoreType().equals("PEM") && s.truststoreLocation() != null)) {
            String key = s.truststoreCertificates() != null ? SslSettings.TRUSTSTORE_CERTIFICATES : SslSettings.TRUSTSTORE_LOCATION;
            String pem = s.truststoreCertificates() != null ? s.truststoreCertificates()
                    : read(SslSettings.TRUSTSTORE_LOCATION, s.truststoreLocation());
            try {
                List<X509Certificate> certificates = PemContent.certificates(pem);
                if (certificates.isEmpty()) {
                    throw new SslConfigException(key, key + " holds no PEM certificate");
                }
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < certificates.size(); i++) {
                    store.setCertificateEntry("ca-" + i, certificates.get(i));
                }
            } catch (GeneralSecurityException | IOException e) {
                throw new SslConfigException(key, "cannot read the certificates of " + key + ": " + e.getMessage(), e);
            }
        } else if (s.truststoreLocation() != null) {
            store = fileStore(SslSettings.TRUSTSTORE_LOCATION, SslSettings.TRUSTSTORE_PASSWORD, s.truststoreType(),
                    s.truststoreLocation(), s.truststorePassword());
        } else {
            return null;
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(s.trustManagerAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new SslConfigException(SslSettings.TRUSTMANAGER_ALGORITHM, "cannot use the truststore: " + e.getMessage(), e);
        }
    }

    /** A JDK SSLContext of {@code s} ({@code ssl.protocol}, key and trust managers), for blocking clients. */
    public static SSLContext jdkContext(SslSettings s) {
        KeyManagerFactory kmf = keyManagers(s);
        TrustManagerFactory tmf = trustManagers(s);
        try {
            SSLContext context = SSLContext.getInstance(s.protocol());
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new SslConfigException(SslSettings.PROTOCOL, "Invalid value " + s.protocol() + " for configuration "
                    + SslSettings.PROTOCOL + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore pemKeyStore(SslSettings s) {
        String keyKey = s.keystoreKey() != null ? SslSettings.KEYSTORE_KEY : SslSettings.KEYSTORE_LOCATION;
        String keyPem = s.keystoreKey() != null ? s.keystoreKey() : read(SslSettings.KEYSTORE_LOCATION, s.keystoreLocation());
        String chainKey = s.keystoreKey() != null ? SslSettings.KEYSTORE_CERTIFICATE_CHAIN : SslSettings.KEYSTORE_LOCATION;
        String chainPem = s.keystoreKey() != null ? s.keystoreCertificateChain() : keyPem;
        if (chainPem == null) {
            throw new SslConfigException(SslSettings.KEYSTORE_CERTIFICATE_CHAIN,
                    SslSettings.KEYSTORE_CERTIFICATE_CHAIN + " must be set with " + SslSettings.KEYSTORE_KEY);
        }
        PrivateKey key;
        try {
            key = PemContent.privateKey(keyPem, s.keyPassword());
        } catch (GeneralSecurityException e) {
            throw new SslConfigException(s.keyPassword() != null ? SslSettings.KEY_PASSWORD : keyKey,
                    "cannot read the private key of " + keyKey + ": " + e.getMessage(), e);
        }
        if (key == null) {
            throw new SslConfigException(keyKey, keyKey + " holds no PEM private key");
        }
        try {
            List<X509Certificate> chain = PemContent.certificates(chainPem);
            if (chain.isEmpty()) {
                throw new SslConfigException(chainKey, chainKey + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = s.keyPassword() == null ? NO_PASSWORD : s.keyPassword().toCharArray();
            store.setKeyEntry("kafka", key, password, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new SslConfigException(chainKey, "cannot read the certificates of " + chainKey + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore fileStore(String locationKey, String passwordKey, String type, String location, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (NoSuchFileException e) {
            throw new SslConfigException(locationKey, locationKey + " " + location + " does not exist");
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password")) {
                throw new SslConfigException(passwordKey, "cannot open " + location + " (" + locationKey
                        + "): wrong " + passwordKey + "?", e);
            }
            throw new SslConfigException(locationKey, "cannot read " + locationKey + " " + location + " as "
                    + type + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SslConfigException(locationKey, "cannot read " + locationKey + " " + location + " as "
                    + type + ": " + e.getMessage(), e);
        }
    }

    private static String read(String key, String location) {
        try {
            return Files.readString(Path.of(location), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new SslConfigException(key, key + " " + location + " does not exist");
        } catch (IOException e) {
            throw new SslConfigException(key, "cannot read " + key + " " + location + ": " + e.getMessage(), e);
        }
    }

    private static String keystoreName(SslSettings s) {
        return s.keystoreLocation() != null ? s.keystoreLocation() : SslSettings.KEYSTORE_KEY;
    }
}
