package io.gregor.clients.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NetworkClientTest {
    private static CommonClientConfig config(String bootstrap, int requestTimeoutMs) {
        return CommonClientConfig.from(new ConfigValues(Map.of("bootstrap.servers", bootstrap,
                "request.timeout.ms", requestTimeoutMs, "retry.backoff.ms", 10)), "test");
    }

    @Test
    void usesTheHighestVersionBothSidesSupport() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.broker.on(ApiKey.API_VERSIONS, (h, r) -> {
                Struct resp = kafka.broker.apiVersionsResponse();
                resp.getStructs("ApiKeys").stream().filter(k -> k.getShort("ApiKey") == ApiKey.METADATA.id)
                        .forEach(k -> k.set("MaxVersion", 9));
                return resp;
            });
            kafka.createTopic("t", 2, Map.of());
            try (NetworkClient client = new NetworkClient(config(kafka.bootstrap(), 5000))) {
                Cluster c = client.fetchMetadata(List.of("t"), false, 5000);
                assertEquals(2, c.partitions("t").size());
                assertEquals("in-memory-cluster", c.clusterId());
                assertEquals(9, kafka.broker.received(ApiKey.METADATA).get(0).header().apiVersion());
                assertEquals(ApiKey.API_VERSIONS.maxVersion, kafka.broker.received(ApiKey.API_VERSIONS).get(0).header().apiVersion());
            }
        }
    }

    @Test
    void fallsBackToTheApiVersionsVersionABrokerNamesWhenItRefusesOurs() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.broker.on(ApiKey.API_VERSIONS, (h, r) -> {
                if (h.apiVersion() > 2) {
                    Struct refusal = ApiMessages.response(ApiKey.API_VERSIONS).newStruct()
                            .set("ErrorCode", Errors.UNSUPPORTED_VERSION.code());
                    refusal.addElement("ApiKeys").set("ApiKey", ApiKey.API_VERSIONS.id).set("MinVersion", 0).set("MaxVersion", 2);
                    return refusal;
                }
                return kafka.broker.apiVersionsResponse();
            });
            try (NetworkClient client = new NetworkClient(config(kafka.bootstrap(), 5000))) {
                client.fetchMetadata(null, false, 5000);
                List<ScriptedBroker.Received> av = kafka.broker.received(ApiKey.API_VERSIONS);
                assertEquals(List.of((short) 4, (short) 2), av.stream().map(r -> r.header().apiVersion()).toList());
            }
        }
    }

    @Test
    void anUnansweredRequestTimesOutAndTheNextRequestReconnects() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            boolean[] answer = {false};
            kafka.broker.on(ApiKey.DESCRIBE_CLUSTER, (h, r) -> answer[0]
                    ? ApiMessages.response(ApiKey.DESCRIBE_CLUSTER).newStruct().set("ClusterId", "c") : null);
            try (NetworkClient client = new NetworkClient(config(kafka.bootstrap(), 300))) {
                Node node = new Node(-1, "127.0.0.1", kafka.broker.port());
                CompletableFuture<Struct> f = client.send(node, ApiKey.DESCRIBE_CLUSTER,
                        ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct());
                GregorApiException e = assertThrows(GregorApiException.class,
                        () -> NetworkClient.await(f, System.currentTimeMillis() + 5000));
                assertEquals(Errors.REQUEST_TIMED_OUT, e.error());
                answer[0] = true;
                Struct ok = NetworkClient.await(client.send(node, ApiKey.DESCRIBE_CLUSTER,
                        ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct()), System.currentTimeMillis() + 5000);
                assertEquals("c", ok.getString("ClusterId"));
                assertEquals(2, kafka.broker.received(ApiKey.API_VERSIONS).size());
            }
        }
    }

    @Test
    void pipelinedRequestsCompleteWithTheirOwnResponses() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            for (int i = 0; i < 20; i++) {
                kafka.createTopic("t" + i, i + 1, Map.of());
            }
            try (NetworkClient client = new NetworkClient(config(kafka.bootstrap(), 5000))) {
                Node node = new Node(-1, "127.0.0.1", kafka.broker.port());
                List<CompletableFuture<Struct>> futures = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    futures.add(client.send(node, ApiKey.METADATA, MetadataParser.request(List.of("t" + i), false)));
                }
                for (int i = 0; i < 20; i++) {
                    Cluster c = MetadataParser.parse(NetworkClient.await(futures.get(i), System.currentTimeMillis() + 5000), 0);
                    assertEquals(i + 1, c.partitions("t" + i).size());
                }
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
