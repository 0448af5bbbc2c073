package io.gregor.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.ScriptedBroker;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What the consumer puts on the wire, which only a scripted broker can observe; the consumer's
 * behaviour against a real broker is tested in the broker module ({@code io.gregor.broker.e2e}).
 */
class GregorConsumerWireTest {
    @Test
    void fetchUsesTopicIdsAtTheHighestVersionWithoutAFetchSession() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.withTopics(Map.of("t", 1)).withEmptyFetches();
            try (GregorConsumer<String, String> c = new GregorConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                    "fetch.max.wait.ms", 50), new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("t", 0);
                c.assign(List.of(tp));
                c.seek(tp, 0);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                    c.poll(Duration.ofMillis(50));
                    return !broker.received(ApiKey.FETCH).isEmpty();
                });
            }
            ScriptedBroker.Received fetch = broker.received(ApiKey.FETCH).get(0);
            assertEquals(ApiKey.FETCH.maxVersion, fetch.header().apiVersion());
            assertEquals(-1, fetch.body().getInt(FetchRequest.SESSION_EPOCH));
            assertEquals(java.util.UUID.nameUUIDFromBytes("t".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    fetch.body().getStructs(FetchRequest.TOPICS).get(0).getUuid(Topics.TOPIC_ID));
        }
    }

    @Test
    void subscribeWithoutAGroupIdIsRefusedWithAnExplanation() {
        try (GregorConsumer<String, String> c = new GregorConsumer<>(Map.of("bootstrap.servers", "127.0.0.1:1"),
                new StringDeserializer(), new StringDeserializer())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.subscribe(List.of("t")));
            assertTrue(e.getMessage().contains("group.id"));
            assertThrows(IllegalStateException.class, () -> c.commitSync());
            assertThrows(IllegalStateException.class, () -> c.poll(Duration.ZERO));
        }
    }
}
