package io.gregor.clients.protocol;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Request headers pick their version from the API and read what Kafka's client writes. */
class HeaderTest {

    private static ByteBuffer kafkaHeader(short apiKey, short apiVersion, int correlationId, String clientId, short headerVersion) {
        RequestHeaderData data = new RequestHeaderData().setRequestApiKey(apiKey).setRequestApiVersion(apiVersion)
                .setCorrelationId(correlationId).setClientId(clientId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buf = ByteBuffer.allocate(data.size(cache, headerVersion));
        data.write(new ByteBufferAccessor(buf), cache, headerVersion);
        return buf.flip();
    }

    @Test
    void readsEachHeaderVersionAsTheApiVersionImplies() {
        RequestHeader v2 = RequestHeader.read(kafkaHeader((short) 18, (short) 3, 11, "kcat", (short) 2));
        assertEquals(new RequestHeader((short) 18, (short) 3, 11, "kcat"), v2);
        RequestHeader v1 = RequestHeader.read(kafkaHeader((short) 3, (short) 5, 12, null, (short) 1));
        assertNull(v1.clientId());
        RequestHeader v0 = RequestHeader.read(kafkaHeader((short) 7, (short) 0, 13, "", (short) 0));
        assertEquals(0, v0.headerVersion());
        assertEquals(13, v0.correlationId());
    }

    @Test
    void writesWhatKafkaWrites() {
        RequestHeader header = new RequestHeader((short) 1, (short) 12, 99, "consumer-1");
        assertEquals(kafkaHeader((short) 1, (short) 12, 99, "consumer-1", (short) 2), header.write().toByteBuffer());
    }

    @Test
    void anUnknownApiKeyIsReadWithHeaderV1SoItCanBeAnswered() {
        RequestHeader h = RequestHeader.read(kafkaHeader((short) 999, (short) 0, 5, "x", (short) 1));
        assertEquals(999, h.apiKey());
        assertEquals("x", h.clientId());
    }

    @Test
    void truncatedHeadersAreProtocolExceptions() {
        ByteBuffer full = kafkaHeader((short) 18, (short) 3, 11, "kcat", (short) 2);
        for (int len = 0; len < full.remaining(); len++) {
            int n = len;
            assertThrows(ProtocolException.class, () -> RequestHeader.read(full.duplicate().limit(n)));
        }
    }

    @Test
    void apiVersionsResponsesAlwaysUseResponseHeaderV0() {
        assertEquals(0, ApiKey.API_VERSIONS.responseHeaderVersion((short) 4));
        assertEquals(1, ApiKey.METADATA.responseHeaderVersion((short) 9));
        assertEquals(0, ApiKey.METADATA.responseHeaderVersion((short) 8));
        assertEquals(0, ApiKey.CONTROLLED_SHUTDOWN.requestHeaderVersion((short) 0));
        assertEquals(1, ApiKey.SASL_HANDSHAKE.requestHeaderVersion((short) 1));
    }
}
