package io.gregor.clients.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SslSettingsTest {
    @TempDir
    Path dir;

    @Test
    void unsetKeysTakeKafkasDefaults() {
        SslSettings s = SslSettings.from(key -> null);
        assertEquals("JKS", s.keystoreType());
        assertEquals("JKS", s.truststoreType());
        assertEquals("none", s.clientAuth());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), s.enabledProtocols());
        assertEquals("TLSv1.3", s.protocol());
        assertEquals("https", s.endpointIdentificationAlgorithm());
        assertFalse(s.hasKeystore());
        assertNull(SslStores.trustManagers(s)); // the JDK's default trust
    }

    @Test
    void anEmptyEndpointIdentificationAlgorithmTurnsTheCheckOff() {
        assertEquals("", SslSettings.from(Map.of("ssl.endpoint.identification.algorithm", "")::get)
                .endpointIdentificationAlgorithm());
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("ssl.keystore.type", assertThrows(SslConfigException.class,
                () -> SslSettings.from(Map.of("ssl.keystore.type", "P12")::get)).key());
        assertEquals("ssl.client.auth", assertThrows(SslConfigException.class,
                () -> SslSettings.from(Map.of("ssl.client.auth", "maybe")::get)).key());
        assertEquals("ssl.enabled.protocols", assertThrows(SslConfigException.class,
                () -> SslSettings.from(Map.of("ssl.enabled.protocols", "TLSv9")::get)).key());
        assertEquals("security.protocol", assertThrows(SslConfigException.class,
                () -> ClientSecurity.of("TLS", key -> null)).key());
        Map<String, String> missing = new HashMap<>();
        missing.put("ssl.truststore.location", dir.resolve("absent.p12").toString());
        missing.put("ssl.truststore.password", "x");
        assertEquals("ssl.truststore.location", assertThrows(SslConfigException.class,
                () -> ClientSecurity.of("SSL", missing::get)).key());
        assertEquals("ssl.keystore.key", assertThrows(SslConfigException.class,
                () -> SslStores.keyManagers(SslSettings.from(Map.of("ssl.keystore.type", "PEM",
                        "ssl.keystore.key", "not pem", "ssl.keystore.certificate.chain", "nor this")::get))).key());
    }

    @Test
    void clientSecurityUsesTlsOnlyForSslProtocols() {
        assertFalse(ClientSecurity.fromClientConfig(Map.of()).usesTls());
        assertFalse(ClientSecurity.fromClientConfig(Map.of("security.protocol", "sasl_plaintext")).usesTls());
        assertTrue(ClientSecurity.fromClientConfig(Map.of("security.protocol", "SSL")).usesTls());
        assertTrue(ClientSecurity.fromClientConfig(Map.of("security.protocol", "SASL_SSL")).usesTls());
    }
}
