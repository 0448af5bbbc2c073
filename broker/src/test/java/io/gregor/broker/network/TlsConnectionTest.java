package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.security.KafkaPrincipal;
import io.gregor.broker.security.ListenerSasl;
import io.gregor.broker.security.ListenerSecurity;
import io.gregor.broker.security.SaslServerSide;
import io.gregor.broker.security.ScramCredentialCache;
import io.gregor.broker.security.SslPrincipalMapper;
import io.gregor.broker.security.TestCertificates;
import io.gregor.broker.security.TlsEngine;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.clients.security.ClientSaslConfig;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.clients.security.SslSettings;
import io.gregor.coordination.zk.EndPoint;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TLS listener of the socket server, reached with Gregor's own client connection over TLS: the
 * principal each request carries is the client certificate's subject after the mapping rules,
 * ANONYMOUS without a certificate, and a connection without the certificate the listener requires,
 * or with a subject no rule maps, is refused; on the OpenSSL engine and the JDK's, with keystores
 * as PKCS12 files and as inline PEM.
 */
class TlsConnectionTest {
    @TempDir
    static Path dir;
    private static TestCertificates ca;
    private final AtomicReference<RequestContext> seen = new AtomicReference<>();
    private SocketServer server;
    private InetSocketAddress address;

    @BeforeAll
    static void createCa() {
        ca = TestCertificates.createCa(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        System.clearProperty(TlsEngine.PROPERTY);
    }

    private void start(Map<String, String> ssl, String rules) throws Exception {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> {
            seen.set(ctx);
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code()));
        });
        ListenerSecurity security = new ListenerSecurity("SSL", "SSL", SslSettings.from(ssl::get),
                SslPrincipalMapper.parse(rules));
        server = new SocketServer(new SocketServerSettings(List.of(new EndPoint("SSL", "127.0.0.1", 0, "SSL")),
                1024 * 1024, 2, 1, -1, 5_000), registry, Map.of("SSL", security));
        server.startup();
        address = server.boundAddress("SSL");
    }

    private static Map<String, String> brokerSsl(String clientAuth) {
        Map<String, String> ssl = new HashMap<>(ca.sslConfig("CN=broker,O=Gregor", ""));
        ssl.put("ssl.client.auth", clientAuth);
        return ssl;
    }

    private RequestContext heartbeatAs(Map<String, String> clientSsl) throws IOException {
        ClientSecurity security = ClientSecurity.of("SSL", clientSsl::get);
        try (KafkaConnection connection = KafkaConnection.connect(address, "tls-test", 5_000, security)
                .withReadTimeout(10_000)) {
            Struct request = ApiMessages.request(ApiKey.HEARTBEAT).newStruct().set(HeartbeatRequest.GROUP_ID, "g")
                    .set(HeartbeatRequest.GENERATION_ID, 1).set(HeartbeatRequest.MEMBER_ID, "m");
            assertEquals(Errors.NONE.code(), connection.send(ApiKey.HEARTBEAT, (short) 4, request)
                    .getShort(HeartbeatResponse.ERROR_CODE));
        }
        return seen.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void theClientCertificateSubjectIsTheRequestsPrincipal(String engine) throws Exception {
        Assumptions.assumeTrue(engine.equals("jdk") || OpenSsl.isAvailable(), "OpenSSL is not available here");
        System.setProperty(TlsEngine.PROPERTY, engine);
        start(brokerSsl("required"), "DEFAULT");
        RequestContext context = heartbeatAs(ca.sslConfig("CN=app,OU=clients,O=Gregor", ""));
        assertEquals(KafkaPrincipal.user("CN=app,OU=clients,O=Gregor"), context.principal());
        assertEquals("SSL", context.securityProtocol());
    }

    @Test
    void mappingRulesNameThePrincipal() throws Exception {
        start(brokerSsl("required"), "RULE:^CN=(.*?),OU=(.*?),O=.*$/$1@$2/U,DEFAULT");
        assertEquals(KafkaPrincipal.user("APP@CLIENTS"),
                heartbeatAs(ca.sslConfig("CN=app,OU=clients,O=Gregor", "")).principal());
        assertEquals(KafkaPrincipal.user("CN=other,O=Gregor"),
                heartbeatAs(ca.sslConfig("CN=other,O=Gregor", "")).principal());
    }

    @Test
    void aClientWithoutCertificateIsAnonymousWhenCertificatesAreOnlyRequested() throws Exception {
        start(brokerSsl("requested"), "DEFAULT");
        Map<String, String> trustOnly = new HashMap<>(ca.sslConfig("CN=unused,O=Gregor", ""));
        trustOnly.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
        assertEquals(KafkaPrincipal.ANONYMOUS, heartbeatAs(trustOnly).principal());
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhenCertificatesAreRequiredAndOthersAreServed() throws Exception {
        start(brokerSsl("required"), "DEFAULT");
        Map<String, String> trustOnly = new HashMap<>(ca.sslConfig("CN=unused,O=Gregor", ""));
        trustOnly.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
        assertThrows(IOException.class, () -> heartbeatAs(trustOnly));
        assertEquals(KafkaPrincipal.user("CN=app,O=Gregor"), heartbeatAs(ca.sslConfig("CN=app,O=Gregor", "")).principal());
    }

    @Test
    void aSubjectNoRuleMapsIsRefused() throws Exception {
        start(brokerSsl("required"), "RULE:^CN=known,O=Gregor$/known/");
        assertThrows(IOException.class, () -> heartbeatAs(ca.sslConfig("CN=stranger,O=Gregor", "")));
        assertEquals(KafkaPrincipal.user("known"), heartbeatAs(ca.sslConfig("CN=known,O=Gregor", "")).principal());
    }

    @Test
    void inlinePemKeysAndPemFilesWorkOnBothSides() throws Exception {
        TestCertificates.Issued brokerCert = ca.issue("CN=pem-broker,O=Gregor");
        Map<String, String> broker = new HashMap<>();
        broker.put("ssl.keystore.type", "PEM");
        broker.put("ssl.keystore.key", brokerCert.keyPem());
        broker.put("ssl.keystore.certificate.chain", brokerCert.chainPem());
        broker.put("ssl.truststore.type", "PEM");
        broker.put("ssl.truststore.certificates", ca.caPem());
        broker.put("ssl.client.auth", "required");
        start(broker, "DEFAULT");
        TestCertificates.Issued clientCert = ca.issue("CN=pem-client,O=Gregor");
        Map<String, String> client = new HashMap<>();
        client.put("ssl.keystore.type", "PEM");
        client.put("ssl.keystore.location", clientCert.pemFile("pem-client.pem").toString());
        client.put("ssl.truststore.type", "PEM");
        client.put("ssl.truststore.location", ca.caPemFile("ca-for-pem-client.pem").toString());
        assertEquals(KafkaPrincipal.user("CN=pem-client,O=Gregor"), heartbeatAs(client).principal());
    }

    @Test
    void onSaslSslThePrincipalIsTheSaslUserNotTheCertificateAndAWrongPasswordIsRefused() throws Exception {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> {
            seen.set(ctx);
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code()));
        });
        Map<String, String> brokerSsl = brokerSsl("required");
        ListenerSecurity security = new ListenerSecurity("SASL_SSL", "SASL_SSL", SslSettings.from(brokerSsl::get),
                SslPrincipalMapper.DEFAULT);
        SaslServerSide sasl = new SaslServerSide(Map.of("SASL_SSL", new ListenerSasl("SASL_SSL", List.of("PLAIN"),
                Map.of("alice", "alice-secret"), 0)), new ScramCredentialCache());
        server = new SocketServer(new SocketServerSettings(List.of(new EndPoint("SASL_SSL", "127.0.0.1", 0, "SASL_SSL")),
                1024 * 1024, 2, 1, -1, 5_000), registry, Map.of("SASL_SSL", security), sasl);
        server.startup();
        address = server.boundAddress("SASL_SSL");
        Map<String, String> clientSsl = ca.sslConfig("CN=app,O=Gregor", "");
        ClientSecurity tls = ClientSecurity.of("SASL_SSL", clientSsl::get);

        ClientSecurity alice = tls.withSasl(new ClientSaslConfig("PLAIN", "alice", "alice-secret"));
        try (KafkaConnection connection = KafkaConnection.connect(address, "sasl-ssl-test", 5_000, alice)
                .withReadTimeout(10_000)) {
            Struct request = ApiMessages.request(ApiKey.HEARTBEAT).newStruct().set(HeartbeatRequest.GROUP_ID, "g")
                    .set(HeartbeatRequest.GENERATION_ID, 1).set(HeartbeatRequest.MEMBER_ID, "m");
            assertEquals(Errors.NONE.code(), connection.send(ApiKey.HEARTBEAT, (short) 4, request)
                    .getShort(HeartbeatResponse.ERROR_CODE));
        }
        assertEquals(KafkaPrincipal.user("alice"), seen.get().principal());
        assertEquals("SASL_SSL", seen.get().securityProtocol());

        ClientSecurity wrong = tls.withSasl(new ClientSaslConfig("PLAIN", "alice", "not-hers"));
        IOException refused = assertThrows(IOException.class,
                () -> KafkaConnection.connect(address, "sasl-ssl-test", 5_000, wrong));
        assertTrue(refused.getMessage().contains("Invalid username or password"), refused.getMessage());
        assertEquals(1, sasl.failedAuthentications());
    }
}
