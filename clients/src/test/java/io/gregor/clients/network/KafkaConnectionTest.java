package io.gregor.clients.network;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link KafkaConnection} against {@link ScriptedBroker}: responses, and a response that never comes. */
class KafkaConnectionTest {

    private static Struct apiVersionsRequest() {
        return ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "gregor")
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1");
    }

    @Test
    void aResponseThatNeverComesEndsTheWaitAfterTheReadTimeout() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.on(ApiKey.API_VERSIONS, (header, request) -> null); // swallowed: no response, ever
            try (KafkaConnection connection = KafkaConnection.connect(
                    new InetSocketAddress("127.0.0.1", broker.port()), "test", 5000).withReadTimeout(300)) {
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class,
                        () -> connection.send(ApiKey.API_VERSIONS, (short) 3, apiVersionsRequest()));
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(waited.compareTo(Duration.ofMillis(250)) >= 0 && waited.compareTo(Duration.ofSeconds(10)) < 0,
                        "waited " + waited.toMillis() + " ms for a 300 ms read timeout");
            }
        }
    }

    @Test
    void responsesArriveWithAReadTimeoutSetAsWithout() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            for (int timeoutMs : new int[] {0, 5000}) {
                try (KafkaConnection connection = KafkaConnection.connect(
                        new InetSocketAddress("127.0.0.1", broker.port()), "test", 5000)
                        .withReadTimeout(timeoutMs).reusingResponseBuffer()) {
                    for (int i = 0; i < 3; i++) {
                        Struct response = connection.send(ApiKey.API_VERSIONS, (short) 3, apiVersionsRequest());
                        assertFalse(response.getStructs(ApiVersionsResponse.API_KEYS).isEmpty(),
                                "read timeout " + timeoutMs);
                    }
                }
            }
        }
    }

    @Test
    void aNegativeReadTimeoutIsRefused() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker();
             KafkaConnection connection = KafkaConnection.connect(
                     new InetSocketAddress("127.0.0.1", broker.port()), "test", 5000)) {
            assertThrows(IllegalArgumentException.class, () -> connection.withReadTimeout(-1));
        }
    }
}
