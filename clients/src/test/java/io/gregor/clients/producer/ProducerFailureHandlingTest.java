package io.gregor.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.ConfigValues;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.ScriptedBroker;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.record.MemoryRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The producer's handling of failures a real single broker cannot be made to show on demand (a lost
 * ack, a leader change, a response that never comes), against {@link ScriptedBroker}. The ordinary
 * produce/consume behaviour runs against a real broker in the broker module ({@code io.gregor.broker.e2e}).
 */
class ProducerFailureHandlingTest {
    private static Map<String, Object> props(ScriptedBroker broker, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrap(), "retry.backoff.ms", 10));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Integer> producedSequences(ScriptedBroker broker) {
        List<Integer> sequences = new ArrayList<>();
        broker.received(ApiKey.PRODUCE).forEach(r -> r.body().getStructs(ProduceRequest.TOPIC_DATA).forEach(td ->
                td.getStructs(TopicData.PARTITION_DATA).forEach(pd -> sequences.add(
                        ((MemoryRecords) pd.getRecords(PartitionData.RECORDS)).batches().iterator().next().baseSequence()))));
        return sequences;
    }

    @Test
    void aBatchWhoseAckWasLostIsRetriedWithTheSameSequence() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            AtomicInteger produces = new AtomicInteger();
            broker.withTopics(Map.of("t", 1)).withProducerIds().on(ApiKey.PRODUCE, (h, r) -> switch (produces.incrementAndGet()) {
                // the first batch is appended but its ack is lost: the broker answers as a deposed leader would
                case 1 -> ScriptedBroker.produceResponse("t", 0, Errors.NOT_LEADER_OR_FOLLOWER, -1);
                case 2 -> ScriptedBroker.produceResponse("t", 0, Errors.NONE, 0);
                default -> ScriptedBroker.produceResponse("t", 0, Errors.NONE, 1);
            });
            try (GregorProducer<String, String> p = new GregorProducer<>(props(broker), new StringSerializer(), new StringSerializer())) {
                assertEquals(0, p.send(new ProducerRecord<>("t", "k", "v")).get().offset());
                assertEquals(1, p.send(new ProducerRecord<>("t", "k", "v2")).get().offset());
            }
            assertEquals(List.of(0, 0, 1), producedSequences(broker), "the retry keeps the batch's sequence");
        }
    }

    @Test
    void retriableErrorsAreRetriedAfterAMetadataRefreshAndNonRetriableOnesFailTheRecord() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            List<Errors> script = new ArrayList<>(List.of(Errors.NOT_LEADER_OR_FOLLOWER, Errors.LEADER_NOT_AVAILABLE, Errors.NONE,
                    Errors.MESSAGE_TOO_LARGE, Errors.NONE));
            AtomicInteger offset = new AtomicInteger();
            broker.withTopics(Map.of("t", 1)).withProducerIds().on(ApiKey.PRODUCE, (h, r) -> {
                Errors e = script.isEmpty() ? Errors.NONE : script.remove(0);
                return ScriptedBroker.produceResponse("t", 0, e, e == Errors.NONE ? offset.getAndIncrement() : -1);
            });
            try (GregorProducer<String, String> p = new GregorProducer<>(props(broker), new StringSerializer(), new StringSerializer())) {
                assertEquals(0, p.send(new ProducerRecord<>("t", "a")).get().offset());
                assertTrue(broker.received(ApiKey.METADATA).size() >= 2, "metadata is refreshed after NOT_LEADER_OR_FOLLOWER");
                Exception[] fromCallback = new Exception[1];
                Future<RecordMetadata> f = p.send(new ProducerRecord<>("t", "b"), (md, e) -> fromCallback[0] = e);
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertEquals(Errors.MESSAGE_TOO_LARGE, ((GregorApiException) e.getCause()).error());
                assertEquals(e.getCause(), fromCallback[0]);
                assertEquals(1, p.send(new ProducerRecord<>("t", "c")).get().offset(), "later sends keep going");
            }
        }
    }

    @Test
    void closeWithATimeoutFailsRecordsTheBrokerNeverAnswered() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.withTopics(Map.of("t", 1)).withProducerIds().on(ApiKey.PRODUCE, (h, r) -> null);
            GregorProducer<String, String> p = new GregorProducer<>(props(broker, "linger.ms", 0),
                    new StringSerializer(), new StringSerializer());
            int[] callbacks = {0};
            Future<RecordMetadata> f = p.send(new ProducerRecord<>("t", "a"), (md, e) -> callbacks[0]++);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !broker.received(ApiKey.PRODUCE).isEmpty());
            p.close(Duration.ofMillis(200));
            assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertEquals(1, callbacks[0]);
        }
    }

    @Test
    void explicitIdempotenceWithAcksOneAndATransactionalIdWithoutIdempotenceAreConfigErrors() {
        assertThrows(IllegalArgumentException.class, () -> ProducerConfig.from(new ConfigValues(
                Map.of("bootstrap.servers", "h:1", "acks", "1", "enable.idempotence", "true"))));
        assertThrows(IllegalArgumentException.class, () -> ProducerConfig.from(new ConfigValues(
                Map.of("bootstrap.servers", "h:1", "transactional.id", "tx", "enable.idempotence", "false"))));
        assertThrows(IllegalArgumentException.class, () -> ProducerConfig.from(new ConfigValues(
                Map.of("bootstrap.servers", "h:1", "transactional.id", "tx", "acks", "1"))),
                "a transactional id asks for idempotence, so a conflicting acks is an error, not a silent downgrade");
        assertTrue(ProducerConfig.from(new ConfigValues(Map.of("bootstrap.servers", "h:1", "transactional.id", "tx")))
                .transactional());
        assertTrue(!ProducerConfig.from(new ConfigValues(Map.of("bootstrap.servers", "h:1", "acks", "1"))).idempotence());
    }
}
