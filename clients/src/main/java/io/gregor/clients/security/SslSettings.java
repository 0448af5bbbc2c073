package io.gregor.clients.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code ssl.*} settings of one side of a TLS connection (a broker listener or a client), with
 * Kafka's key names and defaults. Values are as configured; nothing is loaded here (see
 * {@link SslStores}). Immutable.
 *
 * @param keystoreType       {@code ssl.keystore.type}: JKS (default), PKCS12 or PEM
 * @param keystoreLocation   {@code ssl.keystore.location}, or null
 * @param keystorePassword   {@code ssl.keystore.password}, or null
 * @param keyPassword        {@code ssl.key.password}, or null (then the keystore password)
 * @param keystoreKey        {@code ssl.keystore.key}: an inline PEM private key (PKCS#8), or null
 * @param keystoreCertificateChain {@code ssl.keystore.certificate.chain}: inline PEM certificates, or null
 * @param truststoreType     {@code ssl.truststore.type}: JKS (default), PKCS12 or PEM
 * @param truststoreLocation {@code ssl.truststore.location}, or null (the JDK's default trust)
 * @param truststorePassword {@code ssl.truststore.password}, or null
 * @param truststoreCertificates {@code ssl.truststore.certificates}: inline PEM certificates, or null
 * @param clientAuth         {@code ssl.client.auth}: none, requested or required (servers only)
 * @param enabledProtocols   {@code ssl.enabled.protocols} (TLSv1.2,TLSv1.3)
 * @param protocol           {@code ssl.protocol} (TLSv1.3): the SSLContext protocol
 * @param cipherSuites       {@code ssl.cipher.suites}: empty means the engine's defaults
 * @param endpointIdentificationAlgorithm {@code ssl.endpoint.identification.algorithm} (https; empty: off;
 *                           clients, and brokers connecting to brokers)
 * @param keyManagerAlgorithm   {@code ssl.keymanager.algorithm} (the JDK's default)
 * @param trustManagerAlgorithm {@code ssl.trustmanager.algorithm} (the JDK's default, PKIX)
 */
public record SslSettings(String keystoreType, String keystoreLocation, String keystorePassword, String keyPassword,
                          String keystoreKey, String keystoreCertificateChain, String truststoreType,
                          String truststoreLocation, String truststorePassword, String truststoreCertificates,
                          String clientAuth, List<String> enabledProtocols, String protocol, List<String> cipherSuites,
                          String endpointIdentificationAlgorithm, String keyManagerAlgorithm,
                          String trustManagerAlgorithm) {

    public static final String KEYSTORE_TYPE = "ssl.keystore.type";
    public static final String KEYSTORE_LOCATION = "ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "ssl.keystore.password";
    public static final String KEY_PASSWORD = "ssl.key.password";
    public static final String KEYSTORE_KEY = "ssl.keystore.key";
    public static final String KEYSTORE_CERTIFICATE_CHAIN = "ssl.keystore.certificate.chain";
    public static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
    public static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    public static final String TRUSTSTORE_CERTIFICATES = "ssl.truststore.certificates";
    public static final String CLIENT_AUTH = "ssl.client.auth";
    public static final String ENABLED_PROTOCOLS = "ssl.enabled.protocols";
    public static final String PROTOCOL = "ssl.protocol";
    public static final String CIPHER_SUITES = "ssl.cipher.suites";
    public static final String ENDPOINT_IDENTIFICATION_ALGORITHM = "ssl.endpoint.identification.algorithm";
    public static final String KEYMANAGER_ALGORITHM = "ssl.keymanager.algorithm";
    public static final String TRUSTMANAGER_ALGORITHM = "ssl.trustmanager.algorithm";

    /** Every key this record reads with Kafka's default (null: none). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put(KEYSTORE_TYPE, "JKS");
        d.put(KEYSTORE_LOCATION, null);
        d.put(KEYSTORE_PASSWORD, null);
        d.put(KEY_PASSWORD, null);
        d.put(KEYSTORE_KEY, null);
        d.put(KEYSTORE_CERTIFICATE_CHAIN, null);
        d.put(TRUSTSTORE_TYPE, "JKS");
        d.put(TRUSTSTORE_LOCATION, null);
        d.put(TRUSTSTORE_PASSWORD, null);
        d.put(TRUSTSTORE_CERTIFICATES, null);
        d.put(CLIENT_AUTH, "none");
        d.put(ENABLED_PROTOCOLS, "TLSv1.2,TLSv1.3");
        d.put(PROTOCOL, "TLSv1.3");
        d.put(CIPHER_SUITES, "");
        d.put(ENDPOINT_IDENTIFICATION_ALGORITHM, "https");
        d.put(KEYMANAGER_ALGORITHM, javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        d.put(TRUSTMANAGER_ALGORITHM, javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Reads the settings through {@code valueOf} (null or blank: unset, Kafka's default applies).
     *
     * @throws SslConfigException naming the key of a value that is not allowed
     */
    public static SslSettings from(Function<String, String> valueOf) {
        Function<String, String> get = key -> {
            String v = valueOf.apply(key);
            return v == null || v.isBlank() ? DEFAULTS.get(key) : v.trim();
        };
        String keystoreType = storeType(KEYSTORE_TYPE, get.apply(KEYSTORE_TYPE));
        String truststoreType = storeType(TRUSTSTORE_TYPE, get.apply(TRUSTSTORE_TYPE));
        String clientAuth = get.apply(CLIENT_AUTH).toLowerCase(Locale.ROOT);
        if (!List.of("none", "requested", "required").contains(clientAuth)) {
            throw new SslConfigException(CLIENT_AUTH, "Invalid value " + clientAuth + " for configuration "
                    + CLIENT_AUTH + ": must be one of none, requested, required");
        }
        List<String> protocols = list(get.apply(ENABLED_PROTOCOLS));
        if (protocols.isEmpty()) {
            throw new SslConfigException(ENABLED_PROTOCOLS, "Invalid value '' for configuration " + ENABLED_PROTOCOLS
                    + ": at least one protocol is required");
        }
        List<String> known = supportedProtocols();
        for (String p : protocols) {
            if (!known.contains(p)) {
                throw new SslConfigException(ENABLED_PROTOCOLS, "Invalid value " + p + " in configuration "
                        + ENABLED_PROTOCOLS + ": this JVM supports " + String.join(", ", known));
            }
        }
        return new SslSettings(keystoreType, get.apply(KEYSTORE_LOCATION), valueOf.apply(KEYSTORE_PASSWORD),
                valueOf.apply(KEY_PASSWORD), get.apply(KEYSTORE_KEY), get.apply(KEYSTORE_CERTIFICATE_CHAIN),
                truststoreType, get.apply(TRUSTSTORE_LOCATION), valueOf.apply(TRUSTSTORE_PASSWORD),
                get.apply(TRUSTSTORE_CERTIFICATES), clientAuth, protocols, get.apply(PROTOCOL),
                list(get.apply(CIPHER_SUITES)), valueOf.apply(ENDPOINT_IDENTIFICATION_ALGORITHM) == null
                        ? DEFAULTS.get(ENDPOINT_IDENTIFICATION_ALGORITHM) : valueOf.apply(ENDPOINT_IDENTIFICATION_ALGORITHM).trim(),
                get.apply(KEYMANAGER_ALGORITHM), get.apply(TRUSTMANAGER_ALGORITHM));
    }

    /** True when this side presents a certificate (a keystore or an inline PEM key is configured). */
    public boolean hasKeystore() {
        return keystoreLocation != null || keystoreKey != null;
    }

    private static List<String> supportedProtocols() {
        try {
            return List.of(javax.net.ssl.SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
        } catch (java.security.NoSuchAlgorithmException e) {
            return List.of("TLSv1.2", "TLSv1.3");
        }
    }

    private static String storeType(String key, String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (!List.of("JKS", "PKCS12", "PEM").contains(upper)) {
            throw new SslConfigException(key, "Invalid value " + value + " for configuration " + key
                    + ": must be one of JKS, PKCS12, PEM");
        }
        return upper;
    }

    private static List<String> list(String value) {
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() { // never the passwords or the key
        return "SslSettings[keystore=" + keystoreType + ":" + keystoreLocation + ", truststore=" + truststoreType + ":"
                + truststoreLocation + ", clientAuth=" + clientAuth + ", protocols=" + enabledProtocols + "]";
    }
}
