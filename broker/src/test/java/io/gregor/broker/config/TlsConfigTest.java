package io.gregor.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.security.ListenerSecurity;
import io.gregor.broker.security.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listener and TLS keys: named listeners, the inter-broker and control-plane listeners, ssl.* and their failures. */
class TlsConfigTest {
    @TempDir
    static Path dir;
    private static TestCertificates ca;
    private static Map<String, String> ssl;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.createCa(dir);
        ssl = ca.sslConfig("CN=broker,O=Gregor", "");
    }

    private static Map<String, String> config(Map<String, String> base, String... pairs) {
        Map<String, String> raw = new HashMap<>(base);
        raw.put("broker.id", "1");
        raw.put("zookeeper.connect", "127.0.0.1:2181");
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return raw;
    }

    private static ConfigException rejected(Map<String, String> base, String... pairs) {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(config(base, pairs)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains(TestCertificates.PASSWORD), "a password is printed: " + e.getMessage());
        return e;
    }

    @Test
    void namedListenersTakeTheirProtocolFromTheMap() {
        BrokerConfig c = BrokerConfig.fromMap(config(ssl,
                "listeners", "EXTERNAL://127.0.0.1:0,INTERNAL://127.0.0.1:0,CLIENTS://127.0.0.1:0,CONTROL://127.0.0.1:0",
                "listener.security.protocol.map", "EXTERNAL:SASL_SSL,INTERNAL:SSL,CLIENTS:SASL_PLAINTEXT,CONTROL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL", "control.plane.listener.name", "CONTROL",
                "sasl.enabled.mechanisms", "SCRAM-SHA-512"));
        Map<String, ListenerSecurity> security = c.listenerSecurity();
        assertEquals("SASL_SSL", security.get("EXTERNAL").securityProtocol());
        assertTrue(security.get("EXTERNAL").usesTls());
        assertEquals("SSL", security.get("INTERNAL").securityProtocol());
        assertNull(security.get("CLIENTS").ssl());
        assertEquals("INTERNAL", c.interBrokerListenerName());
        assertEquals("CONTROL", c.controlPlaneListenerName());
        assertEquals("SSL", c.interBrokerClientSecurity().securityProtocol());
        assertEquals("PLAINTEXT", c.controlPlaneClientSecurity().securityProtocol());
    }

    @Test
    void securityInterBrokerProtocolPicksTheListenerOfThatName() {
        BrokerConfig c = BrokerConfig.fromMap(config(ssl, "listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0",
                "security.inter.broker.protocol", "SSL"));
        assertEquals("SSL", c.interBrokerListenerName());
        assertTrue(c.interBrokerClientSecurity().usesTls());
        assertEquals("Only one of inter.broker.listener.name and security.inter.broker.protocol should be set.",
                rejected(ssl, "listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0",
                        "security.inter.broker.protocol", "SSL", "inter.broker.listener.name", "SSL").getMessage());
        assertEquals("security.inter.broker.protocol", rejected(Map.of(), "security.inter.broker.protocol", "SSL").key());
        assertEquals("security.inter.broker.protocol", rejected(Map.of(), "security.inter.broker.protocol", "TLS").key());
    }

    @Test
    void controlPlaneListenerMustBeAnotherAdvertisedListener() {
        assertEquals("control.plane.listener.name", rejected(Map.of(), "control.plane.listener.name", "NOPE").key());
        assertEquals("control.plane.listener.name", rejected(Map.of(), "control.plane.listener.name", "PLAINTEXT").key());
    }

    @Test
    void badKeystoreOrTruststoreValuesStopStartupNamingTheKey() {
        String tls = "SSL://127.0.0.1:0";
        assertEquals("ssl.keystore.location", rejected(ssl, "listeners", tls,
                "ssl.keystore.location", dir.resolve("missing.p12").toString()).key());
        assertEquals("ssl.keystore.password", rejected(ssl, "listeners", tls, "ssl.keystore.password", "wrong").key());
        assertEquals("ssl.truststore.password", rejected(ssl, "listeners", tls, "ssl.truststore.password", "wrong").key());
        assertEquals("ssl.truststore.location", rejected(ssl, "listeners", tls,
                "ssl.truststore.location", dir.resolve("nothing-here.p12").toString()).key());
        assertEquals("ssl.keystore.type", rejected(ssl, "listeners", tls, "ssl.keystore.type", "PKCS13").key());
        assertEquals("ssl.client.auth", rejected(ssl, "listeners", tls, "ssl.client.auth", "always").key());
        assertEquals("ssl.keystore.location", rejected(Map.of(), "listeners", tls).key()); // a TLS listener needs a keystore
        assertEquals("ssl.enabled.protocols", rejected(ssl, "listeners", tls, "ssl.enabled.protocols", "SSLv1").key());
        assertEquals("ssl.principal.mapping.rules", rejected(ssl, "ssl.principal.mapping.rules", "RULE:broken").key());
    }

    @Test
    void perListenerOverridesWinAndNameTheirKey() {
        Map<String, String> onlyInternal = new HashMap<>();
        ssl.forEach((k, v) -> onlyInternal.put("listener.name.internal." + k, v));
        BrokerConfig c = BrokerConfig.fromMap(config(onlyInternal,
                "listeners", "PLAINTEXT://127.0.0.1:0,INTERNAL://127.0.0.1:0",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:SSL",
                "listener.name.internal.ssl.client.auth", "required"));
        assertEquals("required", c.listenerSecurity().get("INTERNAL").ssl().clientAuth());
        assertEquals("listener.name.internal.ssl.keystore.password", rejected(onlyInternal,
                "listeners", "PLAINTEXT://127.0.0.1:0,INTERNAL://127.0.0.1:0",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:SSL",
                "listener.name.internal.ssl.keystore.password", "wrong").key());
    }

    @Test
    void secretsAreNeverShown() {
        Map<String, String> pem = new HashMap<>();
        TestCertificates.Issued cert = ca.issue("CN=pem,O=Gregor");
        pem.put("ssl.keystore.type", "PEM");
        pem.put("ssl.keystore.key", cert.keyPem());
        pem.put("ssl.keystore.certificate.chain", cert.chainPem());
        pem.put("ssl.truststore.type", "PEM");
        pem.put("ssl.truststore.certificates", ca.caPem());
        pem.put("ssl.truststore.password", "not-shown");
        String text = BrokerConfig.fromMap(config(pem, "listeners", "SSL://127.0.0.1:0")).toString();
        assertFalse(text.contains("PRIVATE KEY") || text.contains("CERTIFICATE") || text.contains("not-shown"), text);
        for (String key : java.util.List.of("ssl.keystore.password", "ssl.key.password", "ssl.truststore.password",
                "ssl.keystore.key", "ssl.keystore.certificate.chain", "ssl.truststore.certificates",
                "listener.name.internal.ssl.keystore.key")) {
            assertTrue(BrokerConfig.isSensitive(key), key);
        }
        assertFalse(BrokerConfig.isSensitive("ssl.keystore.location"));
    }
}
