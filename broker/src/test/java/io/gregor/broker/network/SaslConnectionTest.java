package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.security.ListenerSasl;
import io.gregor.broker.security.SaslApiHandlers;
import io.gregor.broker.security.SaslServerSide;
import io.gregor.broker.security.ScramCredential;
import io.gregor.broker.security.ScramCredentialCache;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.SaslAuthenticateRequest;
import io.gregor.clients.protocol.schemas.SaslAuthenticateResponse;
import io.gregor.clients.protocol.schemas.SaslHandshakeRequest;
import io.gregor.clients.protocol.schemas.SaslHandshakeResponse;
import io.gregor.clients.security.ScramMechanism;
import io.gregor.clients.security.ScramMessages;
import io.gregor.coordination.zk.EndPoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.security.ClientSaslConfig;
import io.gregor.clients.security.ClientSecurity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SASL exchange on a SASL_PLAINTEXT listener, byte by byte from a raw socket: what may be sent
 * before authentication, the v1 handshake with SaslAuthenticate, v0's raw tokens (kafka-python),
 * PLAIN and SCRAM-SHA-512, Kafka's errors for bad credentials, and the end of an expired session.
 */
class SaslConnectionTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    private SocketServer server;
    private SaslServerSide sasl;
    private InetSocketAddress address;
    private final AtomicReference<String> lastPrincipal = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        ScramCredentialCache credentials = new ScramCredentialCache();
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        ScramMechanism sha512 = ScramMechanism.SCRAM_SHA_512;
        credentials.update(Map.of(USER, Map.of(sha512.mechanismName(), ScramCredential.fromSaltedPassword(sha512, salt,
                sha512.saltedPassword(PASSWORD, salt, 4096), 4096).toConfigValue())));
        sasl = new SaslServerSide(Map.of(
                "SASL_PLAINTEXT", new ListenerSasl("SASL_PLAINTEXT", List.of("PLAIN", "SCRAM-SHA-512"),
                        Map.of(USER, PASSWORD), 0),
                "SHORT", new ListenerSasl("SHORT", List.of("PLAIN"), Map.of(USER, PASSWORD, "bob", "bob-secret"), 500)), credentials);
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        SaslApiHandlers.register(registry);
        registry.register(ApiKey.METADATA, (ctx, req) -> {
            lastPrincipal.set(ctx.principal().toString());
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.METADATA).newStruct());
        });
        server = new SocketServer(new SocketServerSettings(List.of(
                new EndPoint("SASL_PLAINTEXT", "127.0.0.1", 0, "SASL_PLAINTEXT"),
                new EndPoint("SHORT", "127.0.0.1", 0, "SASL_PLAINTEXT"),
                new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")), 1024 * 1024, 2, 2, -1, 5_000),
                registry, sasl);
        server.startup();
        address = server.boundAddress("SASL_PLAINTEXT");
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    private static Struct read(RawClient client, ApiKey api, short version) throws IOException {
        ByteBuffer frame = client.readFrame();
        ResponseHeader.read(frame, api.responseHeaderVersion(version));
        return MessageCodec.read(frame, api, version, MessageType.RESPONSE);
    }

    private static Struct handshake(RawClient client, short version, String mechanism) throws IOException {
        client.sendRequest(ApiKey.SASL_HANDSHAKE, version, 1,
                ApiMessages.request(ApiKey.SASL_HANDSHAKE).newStruct().set(SaslHandshakeRequest.MECHANISM, mechanism));
        return read(client, ApiKey.SASL_HANDSHAKE, version);
    }

    private static Struct authenticate(RawClient client, byte[] token) throws IOException {
        client.sendRequest(ApiKey.SASL_AUTHENTICATE, (short) 2, 2, ApiMessages.request(ApiKey.SASL_AUTHENTICATE)
                .newStruct().set(SaslAuthenticateRequest.AUTH_BYTES, ByteBuffer.wrap(token)));
        return read(client, ApiKey.SASL_AUTHENTICATE, (short) 2);
    }

    private static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    private Struct metadata(RawClient client) throws IOException {
        client.sendRequest(ApiKey.METADATA, (short) 12, 3, ApiMessages.request(ApiKey.METADATA).newStruct()
                .set(MetadataRequest.TOPICS, null));
        return read(client, ApiKey.METADATA, (short) 12);
    }

    @Test
    void aRequestOtherThanApiVersionsOrSaslBeforeAuthenticationClosesTheConnection() throws Exception {
        try (RawClient client = new RawClient(address)) {
            client.sendRequest(ApiKey.API_VERSIONS, (short) 3, 0, ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "raw").set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1"));
            read(client, ApiKey.API_VERSIONS, (short) 3);
            client.sendRequest(ApiKey.METADATA, (short) 12, 3, ApiMessages.request(ApiKey.METADATA).newStruct()
                    .set(MetadataRequest.TOPICS, null));
            assertTrue(client.closedByServer());
        }
        assertEquals(null, lastPrincipal.get());
    }

    @Test
    void aFrameLargerThanSaslServerMaxReceiveSizeBeforeAuthenticationClosesTheConnection() throws Exception {
        try (RawClient client = new RawClient(address)) {
            client.sendBytes(ByteBuffer.allocate(4).putInt(0, SaslServerSide.DEFAULT_MAX_RECEIVE_BYTES + 1));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void plainOverSaslAuthenticateMakesTheUserThePrincipal() throws Exception {
        try (RawClient client = new RawClient(address)) {
            Struct handshake = handshake(client, (short) 1, "PLAIN");
            assertEquals(Errors.NONE.code(), handshake.getShort(SaslHandshakeResponse.ERROR_CODE));
            assertEquals(List.of("PLAIN", "SCRAM-SHA-512"), handshake.get(SaslHandshakeResponse.MECHANISMS));
            Struct auth = authenticate(client, plain(USER, PASSWORD));
            assertEquals(Errors.NONE.code(), auth.getShort(SaslAuthenticateResponse.ERROR_CODE));
            assertEquals(0L, auth.getLong(SaslAuthenticateResponse.SESSION_LIFETIME_MS));
            metadata(client);
            assertEquals("User:alice", lastPrincipal.get());
        }
    }

    @Test
    void aWrongPasswordGetsKafkasErrorAndTheConnectionIsClosedWhileOthersAreServed() throws Exception {
        long failuresBefore = sasl.failedAuthentications();
        try (RawClient client = new RawClient(address)) {
            handshake(client, (short) 1, "PLAIN");
            Struct auth = authenticate(client, plain(USER, "wrong"));
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), auth.getShort(SaslAuthenticateResponse.ERROR_CODE));
            assertEquals("Authentication failed: Invalid username or password",
                    auth.getString(SaslAuthenticateResponse.ERROR_MESSAGE));
            assertTrue(client.closedByServer());
        }
        assertEquals(failuresBefore + 1, sasl.failedAuthentications());
        try (RawClient other = new RawClient(address)) {
            handshake(other, (short) 1, "PLAIN");
            assertEquals(Errors.NONE.code(), authenticate(other, plain(USER, PASSWORD)).getShort(SaslAuthenticateResponse.ERROR_CODE));
            metadata(other);
        }
    }

    @Test
    void anUnknownMechanismIsRefusedWithTheEnabledOnes() throws Exception {
        try (RawClient client = new RawClient(address)) {
            Struct handshake = handshake(client, (short) 1, "GSSAPI");
            assertEquals(Errors.UNSUPPORTED_SASL_MECHANISM.code(), handshake.getShort(SaslHandshakeResponse.ERROR_CODE));
            assertEquals(List.of("PLAIN", "SCRAM-SHA-512"), handshake.get(SaslHandshakeResponse.MECHANISMS));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aV0HandshakeIsFollowedByRawTokensAsKafkaPythonSendsThem() throws Exception {
        try (RawClient client = new RawClient(address)) {
            assertEquals(Errors.NONE.code(), handshake(client, (short) 0, "PLAIN").getShort(SaslHandshakeResponse.ERROR_CODE));
            byte[] token = ("alice\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8);
            client.sendBytes(ByteBuffer.allocate(4 + token.length).putInt(token.length).put(token).flip());
            assertEquals(0, client.readFrame().remaining()); // an empty token: success
            metadata(client);
            assertEquals("User:alice", lastPrincipal.get());
        }
        try (RawClient client = new RawClient(address)) {
            handshake(client, (short) 0, "PLAIN");
            byte[] token = plain(USER, "wrong");
            client.sendBytes(ByteBuffer.allocate(4 + token.length).putInt(token.length).put(token).flip());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void scramSha512AuthenticatesAndProvesTheServerKnowsTheCredential() throws Exception {
        ScramMechanism mechanism = ScramMechanism.SCRAM_SHA_512;
        try (RawClient client = new RawClient(address)) {
            handshake(client, (short) 1, mechanism.mechanismName());
            ScramMessages.ClientFirst first = new ScramMessages.ClientFirst(null, USER, "clientnonce123", Map.of());
            Struct answer = authenticate(client, first.message().getBytes(StandardCharsets.UTF_8));
            assertEquals(Errors.NONE.code(), answer.getShort(SaslAuthenticateResponse.ERROR_CODE));
            ScramMessages.ServerFirst serverFirst = ScramMessages.ServerFirst.parse(utf8(answer.get(SaslAuthenticateResponse.AUTH_BYTES)));
            assertTrue(serverFirst.nonce().startsWith("clientnonce123"));
            byte[] salted = mechanism.saltedPassword(PASSWORD, serverFirst.salt(), serverFirst.iterations());
            String binding = Base64.getEncoder().encodeToString(first.gs2Header().getBytes(StandardCharsets.UTF_8));
            ScramMessages.ClientFinal unsigned = new ScramMessages.ClientFinal(binding, serverFirst.nonce(), new byte[0]);
            byte[] authMessage = ScramMessages.authMessage(first, serverFirst, unsigned);
            byte[] clientKey = mechanism.clientKey(salted);
            byte[] proof = ScramMechanism.xor(clientKey, mechanism.hmac(mechanism.storedKey(clientKey), authMessage));
            ScramMessages.ClientFinal clientFinal = new ScramMessages.ClientFinal(binding, serverFirst.nonce(), proof);
            Struct last = authenticate(client, clientFinal.message().getBytes(StandardCharsets.UTF_8));
            assertEquals(Errors.NONE.code(), last.getShort(SaslAuthenticateResponse.ERROR_CODE));
            ScramMessages.ServerFinal serverFinal = ScramMessages.ServerFinal.parse(utf8(last.get(SaslAuthenticateResponse.AUTH_BYTES)));
            assertArrayEquals(mechanism.hmac(mechanism.serverKey(salted), authMessage), serverFinal.serverSignature());
            metadata(client);
            assertEquals("User:alice", lastPrincipal.get());
        }
    }

    @Test
    void anUnknownScramUserIsRefused() throws Exception {
        try (RawClient client = new RawClient(address)) {
            handshake(client, (short) 1, "SCRAM-SHA-512");
            Struct answer = authenticate(client, new ScramMessages.ClientFirst(null, "mallory", "n1", Map.of()).message()
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), answer.getShort(SaslAuthenticateResponse.ERROR_CODE));
            assertEquals("Authentication failed: Invalid user credentials", answer.getString(SaslAuthenticateResponse.ERROR_MESSAGE));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aSessionPastItsLifetimeIsClosedUnlessReauthenticated() throws Exception {
        InetSocketAddress shortLived = server.boundAddress("SHORT");
        try (RawClient reauthenticating = new RawClient(shortLived); RawClient idle = new RawClient(shortLived)) {
            for (RawClient client : List.of(reauthenticating, idle)) {
                handshake(client, (short) 1, "PLAIN");
                assertEquals(500L, authenticate(client, plain(USER, PASSWORD)).getLong(SaslAuthenticateResponse.SESSION_LIFETIME_MS));
            }
            long start = System.nanoTime();
            // re-authenticate every 200 ms for 1.2 s, using the connection in between (KIP-368)
            while (System.nanoTime() - start < 1_200_000_000L) {
                assertEquals(Errors.NONE.code(), handshake(reauthenticating, (short) 1, "PLAIN").getShort(SaslHandshakeResponse.ERROR_CODE));
                assertEquals(Errors.NONE.code(), authenticate(reauthenticating, plain(USER, PASSWORD))
                        .getShort(SaslAuthenticateResponse.ERROR_CODE));
                metadata(reauthenticating);
                long next = System.nanoTime() + 200_000_000L;
                Awaitility.await().pollInterval(java.time.Duration.ofMillis(20)).until(() -> System.nanoTime() - next >= 0);
            }
            idle.sendRequest(ApiKey.METADATA, (short) 12, 3, ApiMessages.request(ApiKey.METADATA).newStruct()
                    .set(MetadataRequest.TOPICS, null));
            assertTrue(idle.closedByServer());
            metadata(reauthenticating);
        }
    }

    @Test
    void aReauthenticationBegunBeforeTheSessionEndsMayFinishAfterIt() throws Exception {
        try (RawClient client = new RawClient(server.boundAddress("SHORT"))) {
            handshake(client, (short) 1, "PLAIN");
            long authenticatedAt = System.nanoTime();
            authenticate(client, plain(USER, PASSWORD));
            assertEquals(Errors.NONE.code(), handshake(client, (short) 1, "PLAIN").getShort(SaslHandshakeResponse.ERROR_CODE));
            long ended = authenticatedAt + 700_000_000L; // the 500 ms session is over
            Awaitility.await().pollInterval(java.time.Duration.ofMillis(20)).until(() -> System.nanoTime() - ended >= 0);
            assertEquals(Errors.NONE.code(), authenticate(client, plain(USER, PASSWORD))
                    .getShort(SaslAuthenticateResponse.ERROR_CODE));
            metadata(client);
        }
    }

    @Test
    void reauthenticationCannotChangeThePrincipal() throws Exception {
        try (RawClient client = new RawClient(server.boundAddress("SHORT"))) {
            handshake(client, (short) 1, "PLAIN");
            authenticate(client, plain(USER, PASSWORD));
            handshake(client, (short) 1, "PLAIN");
            Struct auth = authenticate(client, plain("bob", "bob-secret"));
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), auth.getShort(SaslAuthenticateResponse.ERROR_CODE));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aPlaintextListenerAnswersSaslRequestsWithIllegalSaslStateAndServesWithoutAuthentication() throws Exception {
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            Struct handshake = handshake(client, (short) 1, "PLAIN");
            assertEquals(Errors.ILLEGAL_SASL_STATE.code(), handshake.getShort(SaslHandshakeResponse.ERROR_CODE));
            assertFalse(metadata(client).getStructs(MetadataResponse.BROKERS).iterator().hasNext());
            assertEquals("User:ANONYMOUS", lastPrincipal.get());
        }
    }

    private static String utf8(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    @Test
    void gregorsConnectionReauthenticatesBeforeItsSessionEndsAndKeepsBeingServed() throws Exception {
        ClientSecurity security = ClientSecurity.of("SASL_PLAINTEXT", key -> null)
                .withSasl(new ClientSaslConfig("PLAIN", USER, PASSWORD));
        long before = sasl.reauthentications();
        try (KafkaConnection connection = KafkaConnection.connect(server.boundAddress("SHORT"), "reauth-test", 5_000,
                security).withReadTimeout(5_000)) {
            // served throughout, until it has re-authenticated twice (500 ms sessions; bounded wait)
            long end = System.nanoTime() + 30_000_000_000L;
            while (sasl.reauthentications() < before + 2 && System.nanoTime() - end < 0) {
                lastPrincipal.set(null);
                connection.send(ApiKey.METADATA, (short) 9, ApiMessages.request(ApiKey.METADATA).newStruct());
                assertEquals("User:" + USER, lastPrincipal.get());
                long next = System.nanoTime() + 50_000_000L;
                Awaitility.await().pollInterval(java.time.Duration.ofMillis(10)).until(() -> System.nanoTime() - next >= 0);
            }
        }
        assertTrue(sasl.reauthentications() >= before + 2, "re-authenticated " + (sasl.reauthentications() - before) + " times");
    }
}
