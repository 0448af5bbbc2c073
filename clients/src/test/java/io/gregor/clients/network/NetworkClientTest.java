package io.gregor.clients.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The network client against {@link ScriptedBroker}, for what a real broker cannot be made to show (a
 * capped API version, KIP-511 fallback, a response that never comes). Pipelining against a real broker
 * is tested in the broker module ({@code io.gregor.broker.e2e}).
 */
class NetworkClientTest {
    private static CommonClientConfig config(String bootstrap, int requestTimeoutMs) {
        return CommonClientConfig.from(new ConfigValues(Map.of("bootstrap.servers", bootstrap,
                "request.timeout.ms", requestTimeoutMs, "retry.backoff.ms", 10)), "test");
    }

    @Test
    void usesTheHighestVersionBothSidesSupport() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.withTopics(Map.of("t", 2));
            broker.on(ApiKey.API_VERSIONS, (h, r) -> {
                Struct resp = broker.apiVersionsResponse();
                resp.getStructs(ApiVersionsResponse.API_KEYS).stream()
                        .filter(k -> k.getShort(ApiKeys.API_KEY) == ApiKey.METADATA.id)
                        .forEach(k -> k.set(ApiKeys.MAX_VERSION, (short) 9));
                return resp;
            });
            try (NetworkClient client = new NetworkClient(config(broker.bootstrap(), 5000))) {
                Cluster c = client.fetchMetadata(List.of("t"), false, 5000);
                assertEquals(2, c.partitions("t").size());
                assertEquals("scripted-cluster", c.clusterId());
                assertEquals(9, broker.received(ApiKey.METADATA).get(0).header().apiVersion());
                assertEquals(ApiKey.API_VERSIONS.maxVersion, broker.received(ApiKey.API_VERSIONS).get(0).header().apiVersion());
            }
        }
    }

    /** KIP-511: an older broker refuses our ApiVersions version and names the highest it knows. */
    @Test
    void fallsBackToTheApiVersionsVersionABrokerNamesWhenItRefusesOurs() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.withTopics(Map.of());
            broker.on(ApiKey.API_VERSIONS, (h, r) -> {
                if (h.apiVersion() > 2) {
                    Struct refusal = ApiMessages.response(ApiKey.API_VERSIONS).newStruct()
                            .set(ApiVersionsResponse.ERROR_CODE, Errors.UNSUPPORTED_VERSION.code());
                    refusal.addElement(ApiVersionsResponse.API_KEYS).set(ApiKeys.API_KEY, ApiKey.API_VERSIONS.id)
                            .set(ApiKeys.MIN_VERSION, (short) 0).set(ApiKeys.MAX_VERSION, (short) 2);
                    return refusal;
                }
                return broker.apiVersionsResponse();
            });
            try (NetworkClient client = new NetworkClient(config(broker.bootstrap(), 5000))) {
                client.fetchMetadata(null, false, 5000);
                List<ScriptedBroker.Received> av = broker.received(ApiKey.API_VERSIONS);
                assertEquals(List.of((short) 4, (short) 2), av.stream().map(r -> r.header().apiVersion()).toList());
            }
        }
    }

    /** A response that never comes: the request times out, and the next one reconnects. */
    @Test
    void anUnansweredRequestTimesOutAndTheNextRequestReconnects() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            boolean[] answer = {false};
            broker.on(ApiKey.DESCRIBE_CLUSTER, (h, r) -> answer[0]
                    ? ApiMessages.response(ApiKey.DESCRIBE_CLUSTER).newStruct()
                            .set(DescribeClusterResponse.CLUSTER_ID, "c") : null);
            try (NetworkClient client = new NetworkClient(config(broker.bootstrap(), 300))) {
                Node node = new Node(-1, "127.0.0.1", broker.port());
                CompletableFuture<Struct> f = client.send(node, ApiKey.DESCRIBE_CLUSTER,
                        ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct());
                GregorApiException e = assertThrows(GregorApiException.class,
                        () -> NetworkClient.await(f, System.currentTimeMillis() + 5000));
                assertEquals(Errors.REQUEST_TIMED_OUT, e.error());
                answer[0] = true;
                Struct ok = NetworkClient.await(client.send(node, ApiKey.DESCRIBE_CLUSTER,
                        ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct()), System.currentTimeMillis() + 5000);
                assertEquals("c", ok.getString(DescribeClusterResponse.CLUSTER_ID));
                assertEquals(2, broker.received(ApiKey.API_VERSIONS).size());
            }
        }
    }

    @Test
    void connectionFailureIsARetriableNetworkError() {
        try (NetworkClient client = new NetworkClient(config("127.0.0.1:1", 1000))) {
            GregorApiException e = assertThrows(GregorApiException.class, () -> client.fetchMetadata(null, false, 300));
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        }
    }
}
