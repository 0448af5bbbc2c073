package io.gregor.broker.it;

import static io.gregor.broker.it.WireRequests.batch;
import static io.gregor.broker.it.WireRequests.connect;
import static io.gregor.broker.it.WireRequests.fetchPartition;
import static io.gregor.broker.it.WireRequests.producePartition;
import static io.gregor.broker.it.WireRequests.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataRequest.Topics;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.record.RecordBatch;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad bytes on one connection of a running broker (in process): the broker closes that connection
 * (or answers it with an error) and keeps serving everyone else, including a client that was
 * connected before the bad input arrived and one that connects after it.
 */
class BadInputTest {
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private static final String TOPIC = "bad-input-survivor";

    private static GregorCluster cluster;
    private static int port;
    private static final AtomicInteger produced = new AtomicInteger();

    private KafkaConnection bystander;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        GregorServer broker = cluster.startInProcessBroker(0,
                Map.of("socket.request.max.bytes", Integer.toString(MAX_REQUEST_BYTES)));
        port = broker.boundPort("PLAINTEXT");
        ApacheClients.createTopic("127.0.0.1:" + port, TOPIC, 1);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void connectBystander() throws IOException {
        bystander = connect(port, "bystander");
        assertServes(bystander);
    }

    @AfterEach
    void closeBystander() throws IOException {
        bystander.close();
    }

    /** ApiVersions, a produce and a fetch of what was produced all succeed on {@code conn}. */
    private static void assertServes(KafkaConnection conn) throws IOException {
        Struct versions = conn.send(ApiKey.API_VERSIONS, (short) 3, ApiMessages.request(ApiKey.API_VERSIONS)
                .newStruct().set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "bad-input-test")
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1"));
        assertEquals(Errors.NONE.code(), versions.getShort(ApiVersionsResponse.ERROR_CODE));
        String value = "still-served-" + produced.incrementAndGet();
        Struct produce = producePartition(conn, (short) -1, TOPIC, 0, batch(RecordBatch.NO_PRODUCER_ID, (short) -1, -1, value));
        assertEquals(Errors.NONE.code(), produce.getShort(PartitionResponses.ERROR_CODE), produce.toString());
        Struct fetched = fetchPartition(conn, TOPIC, 0, produce.getLong(PartitionResponses.BASE_OFFSET));
        assertEquals(Errors.NONE.code(), fetched.getShort(Partitions.ERROR_CODE));
        assertEquals(List.of(value), values(fetched.getRecords(Partitions.RECORDS)));
    }

    /**
     * Writes {@code bytes} on a new connection (then half-closes it when {@code halfClose}), and
     * asserts the broker closes it (end of stream or reset) without answering; then that the
     * bystander and a new client are served.
     */
    private void assertBadInputClosesOnlyItsConnection(byte[] bytes, boolean halfClose) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[256];
            int n;
            try {
                n = in.read(answer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the broker neither closed the connection nor answered within 15 s", e);
            } catch (IOException reset) {
                n = -1;
            }
            assertEquals(-1, n, () -> "expected the connection to be closed, got an answer: "
                    + Arrays.toString(Arrays.copyOf(answer, Math.max(0, Math.min(64, answer.length)))));
        }
        assertServes(bystander);
        try (KafkaConnection newcomer = connect(port, "newcomer")) {
            assertServes(newcomer);
        }
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    @Test
    void aGarbageFrameClosesOnlyItsConnection() throws Exception {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF); // api key -1, version -1, ...
        assertBadInputClosesOnlyItsConnection(frame(garbage), false);
    }

    @Test
    void anHttpRequestOnTheKafkaPortClosesOnlyItsConnection() throws Exception {
        // "GET " read as a size prefix is 1,195,725,856 bytes: over socket.request.max.bytes
        assertBadInputClosesOnlyItsConnection("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                false);
    }

    @Test
    void aFrameOverSocketRequestMaxBytesClosesOnlyItsConnection() throws Exception {
        byte[] start = ByteBuffer.allocate(4 + 1024).putInt(MAX_REQUEST_BYTES + 1).array();
        assertBadInputClosesOnlyItsConnection(start, false);
    }

    @Test
    void aNegativeFrameSizeClosesOnlyItsConnection() throws Exception {
        assertBadInputClosesOnlyItsConnection(ByteBuffer.allocate(4).putInt(-5).array(), false);
    }

    @Test
    void anUnknownApiKeyClosesOnlyItsConnection() throws Exception {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(header);
        out.writeShort(9999);          // api key nobody defines
        out.writeShort(0);             // api version
        out.writeInt(7);               // correlation id
        out.writeShort(3);             // client id
        out.writeBytes("bad");
        assertBadInputClosesOnlyItsConnection(frame(header.toByteArray()), false);
    }

    @Test
    void aRequestDeclaringIntMaxArrayElementsClosesOnlyItsConnection() throws Exception {
        // Metadata v4 header, then a Topics count of 2^31-1 followed by a few bytes
        ByteBuffer body = ByteBuffer.allocate(64);
        body.putShort(ApiKey.METADATA.id).putShort((short) 4).putInt(11).putShort((short) 3).put("bad".getBytes())
                .putInt(Integer.MAX_VALUE).put(new byte[16]);
        assertBadInputClosesOnlyItsConnection(frame(Arrays.copyOf(body.array(), body.position())), false);
    }

    @Test
    void aTruncatedRequestBodyClosesOnlyItsConnection() throws Exception {
        Struct metadata = ApiMessages.request(ApiKey.METADATA).newStruct();
        metadata.addElement(MetadataRequest.TOPICS).set(Topics.NAME, "a-topic-name-long-enough-to-cut")
                .set(Topics.TOPIC_ID, new java.util.UUID(0, 0));
        ByteBuffer whole = new RequestHeader(ApiKey.METADATA.id, (short) 12, 8, "bad").writeWithBody(metadata)
                .toByteBuffer();
        byte[] cut = new byte[whole.remaining() - 20];
        whole.get(cut);
        assertBadInputClosesOnlyItsConnection(frame(cut), false);
    }

    @Test
    void aFrameCutShortByTheClientClosesOnlyItsConnection() throws Exception {
        ByteBuffer whole = new RequestHeader(ApiKey.API_VERSIONS.id, (short) 3, 9, "bad")
                .writeWithBody(ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "cut")
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1"))
                .withSizePrefix().toByteBuffer();
        byte[] firstHalf = new byte[whole.remaining() / 2];
        whole.get(firstHalf);
        assertTrue(firstHalf.length > 4);
        assertBadInputClosesOnlyItsConnection(firstHalf, true);
    }
}
