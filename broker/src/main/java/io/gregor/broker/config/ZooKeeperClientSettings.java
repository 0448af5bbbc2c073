package io.gregor.broker.config;

import io.gregor.broker.config.ConfigDef.Type;
import io.gregor.coordination.zk.ZkClientSecurity;
import io.gregor.coordination.zk.ZkTlsKeys;
import java.util.LinkedHashMap;
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
    static final String SSL_CLIENT_ENABLE = ZkTlsKeys.SSL_CLIENT_ENABLE;
    static final String CLIENT_CNXN_SOCKET = ZkTlsKeys.CLIENT_CNXN_SOCKET;
    static final String ENDPOINT_IDENTIFICATION = ZkTlsKeys.ENDPOINT_IDENTIFICATION;

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
        Map<String, String> given = new LinkedHashMap<>();
        ZkTlsKeys.TO_ZOOKEEPER.keySet().stream().filter(raw::containsKey).forEach(key -> given.put(key, raw.get(key)));
        Map<String, String> properties;
        try {
            properties = ZkTlsKeys.toClientProperties(given, false);
        } catch (ZkTlsKeys.BadKeyException e) {
            throw ConfigException.ofKey(e.key(), e.getMessage());
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
}
