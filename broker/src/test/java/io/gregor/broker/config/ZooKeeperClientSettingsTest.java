package io.gregor.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.ZkClientSecurity;
import java.util.HashMap;
import java.util.Map;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.Test;

class ZooKeeperClientSettingsTest {
    private static final String NETTY = "org.apache.zookeeper.ClientCnxnSocketNetty";

    private static BrokerConfig broker(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("broker.id", "1", "zookeeper.connect", "127.0.0.1:2181"));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return BrokerConfig.fromMap(raw);
    }

    @Test
    void withoutZooKeeperSecurityKeysTheClientIsPlainWithOpenAcls() {
        ZkClientSecurity security = broker().zookeeperSecurity();

        assertEquals(Map.of(), security.clientProperties());
        assertFalse(security.setAcl());
        assertEquals("false", security.toClientConfig().getProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY),
                "no JAAS Client section: ZooKeeper's client does not try SASL");
    }

    @Test
    void kafkasTlsKeysBecomeZooKeepersClientPropertiesWithKafkasDefaults() {
        ZkClientSecurity security = broker("zookeeper.ssl.client.enable", "true",
                "zookeeper.clientCnxnSocket", NETTY,
                "zookeeper.ssl.keystore.location", "/etc/gregor/zk-client.p12",
                "zookeeper.ssl.keystore.password", "ks-secret",
                "zookeeper.ssl.keystore.type", "PKCS12",
                "zookeeper.ssl.truststore.location", "/etc/gregor/zk-trust.jks",
                "zookeeper.ssl.truststore.password", "ts-secret",
                "zookeeper.ssl.enabled.protocols", "TLSv1.3, TLSv1.2",
                "zookeeper.ssl.cipher.suites", "TLS_AES_128_GCM_SHA256").zookeeperSecurity();

        Map<String, String> expected = new HashMap<>();
        expected.put("zookeeper.client.secure", "true");
        expected.put("zookeeper.clientCnxnSocket", NETTY);
        expected.put("zookeeper.ssl.keyStore.location", "/etc/gregor/zk-client.p12");
        expected.put("zookeeper.ssl.keyStore.password", "ks-secret");
        expected.put("zookeeper.ssl.keyStore.type", "PKCS12");
        expected.put("zookeeper.ssl.trustStore.location", "/etc/gregor/zk-trust.jks");
        expected.put("zookeeper.ssl.trustStore.password", "ts-secret");
        expected.put("zookeeper.ssl.enabledProtocols", "TLSv1.3,TLSv1.2");
        expected.put("zookeeper.ssl.ciphersuites", "TLS_AES_128_GCM_SHA256");
        expected.put("zookeeper.ssl.protocol", "TLSv1.2");
        expected.put("zookeeper.ssl.hostnameVerification", "true");
        expected.put("zookeeper.ssl.crl", "false");
        expected.put("zookeeper.ssl.ocsp", "false");
        assertEquals(expected, security.clientProperties());
        assertTrue(security.tlsClientAuthConfigured());
        assertFalse(security.toString().contains("secret"), security.toString());
    }

    @Test
    void anEmptyEndpointIdentificationAlgorithmTurnsHostnameVerificationOff() {
        ZkClientSecurity security = broker("zookeeper.ssl.client.enable", "true", "zookeeper.clientCnxnSocket", NETTY,
                "zookeeper.ssl.endpoint.identification.algorithm", "").zookeeperSecurity();

        assertEquals("false", security.clientProperties().get("zookeeper.ssl.hostnameVerification"));
        assertFalse(security.tlsClientAuthConfigured(), "no keystore: TLS without a client identity");
    }

    @Test
    void zooKeeperTlsKeysAreIgnoredUntilTlsIsEnabled() {
        ZkClientSecurity security = broker("zookeeper.ssl.keystore.location", "/etc/gregor/zk-client.p12").zookeeperSecurity();

        assertEquals(Map.of(), security.clientProperties());
    }

    @Test
    void zooKeeperTlsWithoutTheNettyClientStopsStartupNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> broker("zookeeper.ssl.client.enable", "true"));

        assertEquals("zookeeper.clientCnxnSocket", e.key());
        ConfigException nio = assertThrows(ConfigException.class, () -> broker("zookeeper.ssl.client.enable", "true",
                "zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNIO"));
        assertEquals("zookeeper.clientCnxnSocket", nio.key());
    }

    @Test
    void setAclWithoutSaslOrTlsClientAuthenticationStopsStartupNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> broker("zookeeper.set.acl", "true"));

        assertEquals("zookeeper.set.acl", e.key());
        assertTrue(e.getMessage().contains("zookeeper.ssl.keystore.location"), e.getMessage());
    }

    @Test
    void setAclIsAcceptedWhenTheBrokerIsKnownToZooKeeperByItsCertificate() {
        ZkClientSecurity security = broker("zookeeper.set.acl", "true", "zookeeper.ssl.client.enable", "true",
                "zookeeper.clientCnxnSocket", NETTY, "zookeeper.ssl.keystore.location", "/etc/gregor/zk-client.p12")
                .zookeeperSecurity();

        assertTrue(security.setAcl());
    }

    @Test
    void zooKeeperKeystorePasswordsAreHiddenInTheBrokersConfigLine() {
        BrokerConfig config = broker("zookeeper.ssl.client.enable", "true", "zookeeper.clientCnxnSocket", NETTY,
                "zookeeper.ssl.keystore.password", "ks-secret", "zookeeper.ssl.truststore.password", "ts-secret");

        assertFalse(config.toString().contains("secret"), config.toString());
    }
}
