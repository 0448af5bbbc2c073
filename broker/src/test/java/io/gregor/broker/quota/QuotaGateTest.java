package io.gregor.broker.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.coordination.zk.EntityConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuotaGateTest {
    private final AtomicLong now = new AtomicLong(5_000_000);
    private final ApiHandlerRegistry registry = new ApiHandlerRegistry();
    private final QuotaGate gate = new QuotaGate(11, 1000, now::get);

    QuotaGateTest() {
        registry.register(ApiKey.PRODUCE, (context, request) -> java.util.concurrent.CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.PRODUCE).newStruct()));
        registry.register(ApiKey.FETCH, (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.FETCH).newStruct();
            response.addElement(FetchResponse.RESPONSES).set(FetchResponse.Responses.TOPIC, "t")
                    .addElement(FetchResponse.Responses.PARTITIONS)
                    .set(FetchResponse.Responses.Partitions.RECORDS, MemoryRecords.readableRecords(ByteBuffer.allocate(50_000)));
            return java.util.concurrent.CompletableFuture.completedFuture(response);
        });
        gate.updateConfigs(new ClientQuotaConfigs(Map.of(
                "clients/slow", new EntityConfig(Map.of("producer_byte_rate", "1000", "consumer_byte_rate", "1000")))));
        gate.install(registry);
    }

    private static RequestContext context(ApiKey api, int version, String clientId) {
        return new RequestContext(new RequestHeader(api.id, (short) version, 1, clientId), api, "PLAINTEXT",
                new InetSocketAddress("127.0.0.1", 5555), "conn-1");
    }

    private Struct produce(String clientId) throws Exception {
        Struct request = ApiMessages.request(ApiKey.PRODUCE).newStruct().set(ProduceRequest.ACKS, (short) 1);
        request.addElement(ProduceRequest.TOPIC_DATA).set(ProduceRequest.TopicData.NAME, "t")
                .addElement(ProduceRequest.TopicData.PARTITION_DATA)
                .set(ProduceRequest.TopicData.PartitionData.RECORDS, MemoryRecords.readableRecords(ByteBuffer.allocate(20_000)));
        return registry.handler(ApiKey.PRODUCE).handle(context(ApiKey.PRODUCE, 9, clientId), request).get(5, TimeUnit.SECONDS);
    }

    private Struct fetch(String clientId, int replicaId) throws Exception {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct().set(FetchRequest.REPLICA_ID, replicaId);
        return registry.handler(ApiKey.FETCH).handle(context(ApiKey.FETCH, 12, clientId), request).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aProducerOverItsQuotaGetsTheThrottleInItsResponseAndOthersDoNot() throws Exception {
        // 20,000 bytes over the minimum 10 s span: 2,000 B/s against 1,000 B/s, so 10 s of throttle
        assertEquals(10_000, produce("slow").getInt(ProduceResponse.THROTTLE_TIME_MS));
        assertEquals(0, produce("fast").getInt(ProduceResponse.THROTTLE_TIME_MS));
    }

    @Test
    void aThrottledConsumerFetchIsAnsweredEmptyAndFollowerFetchesAreExempt() throws Exception {
        Struct throttled = fetch("slow", -1);
        assertTrue(throttled.getInt(FetchResponse.THROTTLE_TIME_MS) > 0);
        assertEquals(0, throttled.getStructs(FetchResponse.RESPONSES).size());
        Struct follower = fetch("slow", 2);
        assertEquals(0, follower.getInt(FetchResponse.THROTTLE_TIME_MS));
        assertEquals(1, follower.getStructs(FetchResponse.RESPONSES).size());
    }
}
