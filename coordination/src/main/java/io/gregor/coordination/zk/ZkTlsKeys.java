package io.gregor.coordination.zk;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's keys for TLS to ZooKeeper ({@code zookeeper.ssl.*}, {@code zookeeper.clientCnxnSocket})
 * and how Kafka turns them into ZooKeeper's client properties: the same mapping of names, Kafka's
 * defaults for protocol, endpoint identification, CRL and OCSP, and the system property as the
 * fallback for a key not given. Shared by the broker's configuration and the tools'
 * {@code --zk-tls-config-file}. Stateless.
 */
public final class ZkTlsKeys {
    public static final String SSL_CLIENT_ENABLE = "zookeeper.ssl.client.enable";
    public static final String CLIENT_CNXN_SOCKET = "zookeeper.clientCnxnSocket";
    public static final String KEYSTORE_LOCATION = "zookeeper.ssl.keystore.location";
    public static final String ENDPOINT_IDENTIFICATION = "zookeeper.ssl.endpoint.identification.algorithm";
    public static final String ENABLED_PROTOCOLS = "zookeeper.ssl.enabled.protocols";
    public static final String CIPHER_SUITES = "zookeeper.ssl.cipher.suites";
    public static final String NETTY_SOCKET = "org.apache.zookeeper.ClientCnxnSocketNetty";

    /** Kafka's key to ZooKeeper's client property (Kafka's ZkConfigs mapping), in Kafka's order. */
    public static final Map<String, String> TO_ZOOKEEPER = orderedMap(
            SSL_CLIENT_ENABLE, ZkClientSecurity.SECURE_CLIENT,
            CLIENT_CNXN_SOCKET, ZkClientSecurity.CLIENT_CNXN_SOCKET,
            KEYSTORE_LOCATION, ZkClientSecurity.KEYSTORE_LOCATION,
            "zookeeper.ssl.keystore.password", "zookeeper.ssl.keyStore.password",
            "zookeeper.ssl.keystore.type", "zookeeper.ssl.keyStore.type",
            "zookeeper.ssl.truststore.location", "zookeeper.ssl.trustStore.location",
            "zookeeper.ssl.truststore.password", "zookeeper.ssl.trustStore.password",
            "zookeeper.ssl.truststore.type", "zookeeper.ssl.trustStore.type",
            "zookeeper.ssl.protocol", "zookeeper.ssl.protocol",
            ENABLED_PROTOCOLS, "zookeeper.ssl.enabledProtocols",
            CIPHER_SUITES, "zookeeper.ssl.ciphersuites",
            ENDPOINT_IDENTIFICATION, "zookeeper.ssl.hostnameVerification",
            "zookeeper.ssl.crl.enable", "zookeeper.ssl.crl",
            "zookeeper.ssl.ocsp.enable", "zookeeper.ssl.ocsp");

    /** Kafka's defaults, applied when neither the key nor its system property is given. */
    public static final Map<String, String> DEFAULTS = Map.of(
            SSL_CLIENT_ENABLE, "false",
            "zookeeper.ssl.protocol", "TLSv1.2",
            ENDPOINT_IDENTIFICATION, "HTTPS",
            "zookeeper.ssl.crl.enable", "false",
            "zookeeper.ssl.ocsp.enable", "false");

    private static final Set<String> BOOLEANS = Set.of(SSL_CLIENT_ENABLE, "zookeeper.ssl.crl.enable", "zookeeper.ssl.ocsp.enable");

    private ZkTlsKeys() {
    }

    /** A problem with one key's value. */
    public static final class BadKeyException extends IllegalArgumentException {
        private final String key;

        BadKeyException(String key, String message) {
            super(message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * ZooKeeper client properties for {@code given} (Kafka's keys actually set; other keys are
     * ignored, as Kafka does). TLS is on with {@code forceTls}, else when
     * {@code zookeeper.ssl.client.enable} is true, or, that key not given, when the
     * {@code zookeeper.client.secure} system property is. Without TLS only an explicit
     * {@code zookeeper.ssl.client.enable=false} is kept (it wins over the system property).
     *
     * @throws BadKeyException naming the key: a boolean key that is not true/false, or TLS
     *     without the Netty connection class (ZooKeeper's NIO client has no TLS)
     */
    public static Map<String, String> toClientProperties(Map<String, String> given, boolean forceTls) {
        for (String key : BOOLEANS) {
            String v = given.get(key);
            if (v != null && !v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
                throw new BadKeyException(key, "Invalid value " + v + " for configuration " + key + ": must be true or false");
            }
        }
        boolean tls = forceTls || (given.containsKey(SSL_CLIENT_ENABLE) ? Boolean.parseBoolean(given.get(SSL_CLIENT_ENABLE).trim())
                : Boolean.parseBoolean(System.getProperty(ZkClientSecurity.SECURE_CLIENT, "false")));
        Map<String, String> properties = new LinkedHashMap<>();
        if (!tls) {
            if (given.containsKey(SSL_CLIENT_ENABLE)) {
                properties.put(ZkClientSecurity.SECURE_CLIENT, "false");
            }
            return properties;
        }
        TO_ZOOKEEPER.forEach((key, property) -> {
            String value = given.get(key);
            if (value == null && System.getProperty(property) == null) {
                value = DEFAULTS.get(key);
            }
            if (value != null) {
                properties.put(property, zooKeeperValue(key, value.trim()));
            }
        });
        properties.put(ZkClientSecurity.SECURE_CLIENT, "true");
        String socket = properties.getOrDefault(ZkClientSecurity.CLIENT_CNXN_SOCKET,
                System.getProperty(ZkClientSecurity.CLIENT_CNXN_SOCKET));
        if (socket == null || !(socket.equals(NETTY_SOCKET) || socket.equals("ClientCnxnSocketNetty"))) {
            throw new BadKeyException(CLIENT_CNXN_SOCKET, "Invalid value " + socket + " for configuration "
                    + CLIENT_CNXN_SOCKET + ": must be " + NETTY_SOCKET + " when TLS to ZooKeeper is on ("
                    + SSL_CLIENT_ENABLE + "; ZooKeeper's NIO client has no TLS)");
        }
        return properties;
    }

    private static String zooKeeperValue(String key, String value) {
        if (key.equals(ENDPOINT_IDENTIFICATION)) {
            return Boolean.toString("HTTPS".equalsIgnoreCase(value));
        }
        if (key.equals(ENABLED_PROTOCOLS) || key.equals(CIPHER_SUITES)) {
            return String.join(",", value.split("\\s*,\\s*"));
        }
        if (BOOLEANS.contains(key)) {
            return value.toLowerCase(Locale.ROOT);
        }
        return value;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
