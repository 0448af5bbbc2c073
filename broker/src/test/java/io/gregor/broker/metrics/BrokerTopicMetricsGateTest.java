package io.gregor.broker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BrokerTopicMetricsGateTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final ApiHandlerRegistry handlers = new ApiHandlerRegistry();

    /** The produce handler behind the gate answers each partition with the error {@code errors} names. */
    private void answerProduceWith(Map<String, Errors> errors) {
        handlers.register(ApiKey.PRODUCE, (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.PRODUCE).newStruct();
            for (Struct topic : request.getStructs(ProduceRequest.TOPIC_DATA)) {
                String name = topic.getString(TopicData.NAME);
                response.addElement(ProduceResponse.RESPONSES).set(Responses.NAME, name)
                        .addElement(Responses.PARTITION_RESPONSES).set(PartitionResponses.INDEX, 0)
                        .set(PartitionResponses.ERROR_CODE, errors.get(name).code());
            }
            return CompletableFuture.completedFuture(response);
        });
        new BrokerTopicMetricsGate(new BrokerTopicMetrics(registry), id -> Optional.empty()).install(handlers);
    }

    private void produce(Map<String, Integer> recordsPerTopic) throws Exception {
        Struct request = ApiMessages.request(ApiKey.PRODUCE).newStruct().set(ProduceRequest.ACKS, (short) 1);
        recordsPerTopic.forEach((topic, n) -> {
            MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
            for (int i = 0; i < n; i++) {
                b.append(1L, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            request.addElement(ProduceRequest.TOPIC_DATA).set(TopicData.NAME, topic)
                    .addElement(TopicData.PARTITION_DATA).set(PartitionData.INDEX, 0).set(PartitionData.RECORDS, b.build());
        });
        RequestContext context = new RequestContext(new RequestHeader(ApiKey.PRODUCE.id, (short) 9, 1, "c"),
                ApiKey.PRODUCE, "PLAINTEXT", new InetSocketAddress("127.0.0.1", 5555), "conn-1");
        handlers.handler(ApiKey.PRODUCE).handle(context, request).get(5, TimeUnit.SECONDS);
    }

    private long count(String name, String topic) {
        String full = topic == null ? KafkaMetricName.of("kafka.server", "BrokerTopicMetrics", name)
                : KafkaMetricName.ofTopic("kafka.server", "BrokerTopicMetrics", name, topic);
        return registry.meter(full).getCount();
    }

    @Test
    void appendedRecordsCountAsMessagesInAndValidationErrorsAsFailedProduces() throws Exception {
        answerProduceWith(Map.of("ok", Errors.NONE, "bad", Errors.INVALID_RECORD));
        produce(Map.of("ok", 4, "bad", 2));
        assertEquals(4, count("MessagesInPerSec", null));
        assertEquals(4, count("MessagesInPerSec", "ok"));
        assertEquals(0, count("MessagesInPerSec", "bad"));
        assertEquals(1, count("FailedProduceRequestsPerSec", "bad"));
        assertEquals(1, count("FailedProduceRequestsPerSec", null));
        MemoryRecords four = MemoryRecordsBuilder.builder(Compression.NONE, 0).build();
        assertEquals(true, count("BytesInPerSec", "ok") > four.sizeInBytes());
    }

    @Test
    void aProduceToAnUnknownTopicIsNoFailureAndCreatesNoPerTopicMeter() throws Exception {
        answerProduceWith(Map.of("made-up", Errors.UNKNOWN_TOPIC_OR_PARTITION));
        produce(Map.of("made-up", 1));
        assertEquals(0, count("FailedProduceRequestsPerSec", null));
        assertFalse(registry.getNames().stream().anyMatch(n -> n.contains("made-up")), registry.getNames().toString());
    }

    @Test
    void aBatchAboveMaxMessageBytesMarksItsPartitionsBytesRejectedAsKafkaDoesAndNoOtherRefusalDoes() throws Exception {
        answerProduceWith(Map.of("big", Errors.MESSAGE_TOO_LARGE, "segment", Errors.RECORD_LIST_TOO_LARGE,
                "ok", Errors.NONE));
        produce(Map.of("big", 3, "segment", 2, "ok", 1));
        long bigBytes = count("BytesRejectedPerSec", "big");
        assertTrue(bigBytes > 0);
        assertEquals(bigBytes, count("BytesRejectedPerSec", null), "only the record-too-large partition's bytes");
        assertEquals(0, count("BytesRejectedPerSec", "segment"));
        assertEquals(0, count("FailedProduceRequestsPerSec", null), "a record too large is the client's error");
        assertEquals(3, count("TotalProduceRequestsPerSec", null), "one per partition of the request");
        assertEquals(1, count("TotalProduceRequestsPerSec", "big"));
    }
}
