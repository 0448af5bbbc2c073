package io.gregor.broker.config;

import io.gregor.broker.config.ConfigDef.Type;
import io.gregor.coordination.zk.ZkClientSecurity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's keys securing the broker's ZooKeeper client: {@code zookeeper.ssl.*} and
 * {@code zookeeper.clientCnxnSocket} (TLS to ZooKeeper, each mapped to ZooKeeper's client property
 * as Kafka maps it, and each falling back to that system property when not set, as in Kafka), and
 * {@code zookeeper.set.acl} (Kafka's secure znode ACLs), which needs the client to authenticate:
 * SASL through the JAAS file's {@code Client} section, or TLS with a keystore. Stateless.
 */
final class ZooKeeperClientSettings {
    static final String SET_ACL = "zookeeper.set.acl";
    static final String SSL_CLIENT_ENABLE = "zookeeper.ssl.client.enable";
    static final String CLIENT_CNXN_SOCKET = "zookeeper.clientCnxnSocket";
    static final String ENDPOINT_IDENTIFICATION = "zookeeper.ssl.endpoint.identification.algorithm";
    static final String NETTY_SOCKET = "org.apache.zookeeper.ClientCnxnSocketNetty";

    /** Kafka's key to ZooKeeper's client property (Kafka's ZkConfigs mapping). */
    private static final Map<String, String> TO_ZOOKEEPER = orderedMap(
            SSL_CLIENT_ENABLE, ZkClientSecurity.SECURE_CLIENT,
            CLIENT_CNXN_SOCKET, ZkClientSecurity.CLIENT_CNXN_SOCKET,
            "zookeeper.ssl.keystore.location", ZkClientSecurity.KEYSTORE_LOCATION,
            "zookeeper.ssl.keystore.password", "zookeeper.ssl.keyStore.password",
            "zookeeper.ssl.keystore.type", "zookeeper.ssl.keyStore.type",
            "zookeeper.ssl.truststore.location", "zookeeper.ssl.trustStore.location",
            "zookeeper.ssl.truststore.password", "zookeeper.ssl.trustStore.password",
            "zookeeper.ssl.truststore.type", "zookeeper.ssl.trustStore.type",
            "zookeeper.ssl.protocol", "zookeeper.ssl.protocol",
            "zookeeper.ssl.enabled.protocols", "zookeeper.ssl.enabledProtocols",
            "zookeeper.ssl.cipher.suites", "zookeeper.ssl.ciphersuites",
            ENDPOINT_IDENTIFICATION, "zookeeper.ssl.hostnameVerification",
            "zookeeper.ssl.crl.enable", "zookeeper.ssl.crl",
            "zookeeper.ssl.ocsp.enable", "zookeeper.ssl.ocsp");

    private ZooKeeperClientSettings() {
    }

    /** Defines the keys with Kafka's types and defaults. */
    static ConfigDef define(ConfigDef def) {
        return def.define(SET_ACL, Type.BOOLEAN, "false")
                .define(SSL_CLIENT_ENABLE, Type.BOOLEAN, "false")
                .define(CLIENT_CNXN_SOCKET, Type.STRING, null)
                .define("zookeeper.ssl.keystore.location", Type.STRING, null)
                .define("zookeeper.ssl.keystore.password", Type.STRING, null)
                .define("zookeeper.ssl.keystore.type", Type.STRING, null)
                .define("zookeeper.ssl.truststore.location", Type.STRING, null)
                .define("zookeeper.ssl.truststore.password", Type.STRING, null)
                .define("zookeeper.ssl.truststore.type", Type.STRING, null)
                .define("zookeeper.ssl.protocol", Type.STRING, "TLSv1.2")
                .define("zookeeper.ssl.enabled.protocols", Type.LIST, null)
                .define("zookeeper.ssl.cipher.suites", Type.LIST, null)
                .define(ENDPOINT_IDENTIFICATION, Type.STRING, "HTTPS")
                .define("zookeeper.ssl.crl.enable", Type.BOOLEAN, "false")
                .define("zookeeper.ssl.ocsp.enable", Type.BOOLEAN, "false");
    }

    /**
     * The broker's ZooKeeper client security from the parsed {@code values} ({@code raw}: the keys
     * actually given). TLS is on when {@code zookeeper.ssl.client.enable} is true, or, when that key
     * is not given, when the {@code zookeeper.client.secure} system property is; then every given
     * {@code zookeeper.ssl.*} key overrides its system property, and the keys with a Kafka default
     * (protocol, endpoint identification, CRL, OCSP) take that default unless the system property is set.
     *
     * @throws ConfigException naming the key: TLS without the Netty connection class, or
     *     {@code zookeeper.set.acl} without a way to authenticate
     */
    static ZkClientSecurity parse(Map<String, Object> values, Map<String, String> raw) {
        boolean tls = raw.containsKey(SSL_CLIENT_ENABLE) ? (boolean) values.get(SSL_CLIENT_ENABLE)
                : Boolean.parseBoolean(System.getProperty(ZkClientSecurity.SECURE_CLIENT, "false"));
        Map<String, String> properties = new LinkedHashMap<>();
        if (raw.containsKey(SSL_CLIENT_ENABLE) && !tls) {
            properties.put(ZkClientSecurity.SECURE_CLIENT, "false"); // the key wins over the system property
        }
        if (tls) {
            TO_ZOOKEEPER.forEach((key, property) -> {
                Object value = values.get(key);
                boolean given = raw.containsKey(key);
                boolean defaulted = value != null && !given && System.getProperty(property) == null;
                if (value != null && (given || defaulted)) {
                    properties.put(property, zooKeeperValue(key, value));
                }
            });
            properties.put(ZkClientSecurity.SECURE_CLIENT, "true");
            String socket = properties.getOrDefault(ZkClientSecurity.CLIENT_CNXN_SOCKET,
                    System.getProperty(ZkClientSecurity.CLIENT_CNXN_SOCKET));
            if (socket == null || !(socket.equals(NETTY_SOCKET) || socket.equals("ClientCnxnSocketNetty"))) {
                throw new ConfigException(CLIENT_CNXN_SOCKET, socket, "must be " + NETTY_SOCKET + " when "
                        + SSL_CLIENT_ENABLE + " is true (ZooKeeper's NIO client has no TLS)");
            }
        }
        boolean setAcl = (boolean) values.get(SET_ACL);
        ZkClientSecurity security = new ZkClientSecurity(properties, setAcl);
        if (setAcl) {
            boolean sasl;
            try {
                sasl = ZkClientSecurity.saslConfigured();
            } catch (IllegalStateException e) {
                throw ConfigException.ofKey(SET_ACL, "Invalid configuration " + SET_ACL + "=true: " + e.getMessage());
            }
            if (!sasl && !security.tlsClientAuthConfigured()) {
                throw ConfigException.ofKey(SET_ACL, SET_ACL + " is true, but ZooKeeper client TLS configuration "
                        + "identifying at least " + SSL_CLIENT_ENABLE + ", " + CLIENT_CNXN_SOCKET + " and "
                        + "zookeeper.ssl.keystore.location was not present and the JAAS configuration has no ZooKeeper "
                        + "client section " + ZkClientSecurity.jaasSettings());
            }
        }
        return security;
    }

    private static String zooKeeperValue(String key, Object value) {
        if (key.equals(ENDPOINT_IDENTIFICATION)) {
            return Boolean.toString("HTTPS".equalsIgnoreCase(value.toString()));
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return value.toString();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
