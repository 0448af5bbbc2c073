package io.gregor.broker.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests, made in process (Bouncy Castle, no network): it
 * issues certificates for 127.0.0.1/localhost with any subject and writes them as PKCS12 or JKS
 * keystores, PEM files, and a truststore holding the CA. Not thread-safe.
 */
public final class TestCertificates {
    public static final String PASSWORD = "test-secret";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    private TestCertificates(Path dir, KeyPair caKeys, X509Certificate caCert) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    /** A new CA writing its files under {@code dir}. */
    public static TestCertificates createCa(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = rsa();
            X500Name name = x500("CN=Gregor Test CA,O=Gregor");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(),
                    name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCertificates(dir, keys, sign(builder, keys.getPrivate()));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test CA", e);
        }
    }

    /** A key pair and certificate for {@code subject} (e.g. {@code CN=broker,O=Gregor}), valid for 127.0.0.1 and localhost. */
    public Issued issue(String subject) {
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), serial(), notBefore(), notAfter(),
                    x500(subject), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}));
            return new Issued(keys.getPrivate(), sign(builder, caKeys.getPrivate()));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    /** A private key with its certificate, signed by the CA. */
    public final class Issued {
        private final PrivateKey key;
        private final X509Certificate cert;

        Issued(PrivateKey key, X509Certificate cert) {
            this.key = key;
            this.cert = cert;
        }

        /** Writes a keystore ({@code PKCS12} or {@code JKS}) holding the key and chain, password {@link #PASSWORD}. */
        public Path keystore(String name, String type) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(null, null);
                store.setKeyEntry("key", key, PASSWORD.toCharArray(), new X509Certificate[] {cert, caCert});
                return write(store, name);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The private key as unencrypted PKCS#8 PEM. */
        public String keyPem() {
            return pem(key);
        }

        /** The certificate chain (this certificate, then the CA's) as PEM. */
        public String chainPem() {
            return pem(cert) + pem(caCert);
        }

        /** Writes key and chain to one PEM file (a PEM keystore). */
        public Path pemFile(String name) {
            return writeText(name, keyPem() + chainPem());
        }
    }

    /** Writes a truststore ({@code PKCS12} or {@code JKS}) holding the CA, password {@link #PASSWORD}. */
    public Path truststore(String name, String type) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setCertificateEntry("ca", caCert);
            return write(store, name);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA certificate as PEM. */
    public String caPem() {
        return pem(caCert);
    }

    /** Writes the CA certificate to a PEM file (for kcat's ssl.ca.location). */
    public Path caPemFile(String name) {
        return writeText(name, caPem());
    }

    /**
     * The {@code ssl.*} broker (or client) keys for a PKCS12 keystore with {@code subject}'s
     * certificate and a truststore with the CA.
     */
    public Map<String, String> sslConfig(String subject, String prefix) {
        Issued issued = issue(subject);
        String file = subject.replaceAll("[^A-Za-z0-9]", "_");
        Map<String, String> config = new HashMap<>();
        config.put(prefix + "ssl.keystore.type", "PKCS12");
        config.put(prefix + "ssl.keystore.location", issued.keystore(file + ".p12", "PKCS12").toString());
        config.put(prefix + "ssl.keystore.password", PASSWORD);
        config.put(prefix + "ssl.key.password", PASSWORD);
        config.put(prefix + "ssl.truststore.type", "PKCS12");
        config.put(prefix + "ssl.truststore.location", truststore("truststore.p12", "PKCS12").toString());
        config.put(prefix + "ssl.truststore.password", PASSWORD);
        return config;
    }

    private Path write(KeyStore store, String name) throws GeneralSecurityException, IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private Path writeText(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The name as the JDK encodes it, so that its RFC 2253 form reads as written. */
    private static X500Name x500(String name) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(name).getEncoded());
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws org.bouncycastle.operator.OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }
}
