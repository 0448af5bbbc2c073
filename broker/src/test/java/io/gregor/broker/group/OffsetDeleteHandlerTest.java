package io.gregor.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.consumer.assignor.ConsumerProtocol;
import io.gregor.clients.consumer.assignor.Subscription;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.OffsetDeleteRequest;
import io.gregor.clients.protocol.schemas.OffsetDeleteResponse;
import io.gregor.clients.record.Record;
import io.gregor.core.log.TopicPartition;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OffsetDelete with Kafka's rules for Empty, simple, consumer and other groups, and its tombstones. */
class OffsetDeleteHandlerTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InMemoryOffsetsLog log = new InMemoryOffsetsLog();
    private final GroupCoordinator coordinator = new GroupCoordinator(log, 1, now::get);
    private final ClassicGroups groups = new ClassicGroups(scheduler, now::get,
            new GroupConfig(1, (short) 1, 1 << 20, 0, 0, 3_600_000, 100, 3_600_000, 60_000), 3_600_000, coordinator);
    private final OffsetDeleteHandler handler = new OffsetDeleteHandler(coordinator, groups,
            tp -> !tp.topic().equals("absent"));
    private final TopicPartition consumed = new TopicPartition("consumed", 0);
    private final TopicPartition abandoned = new TopicPartition("abandoned", 0);

    OffsetDeleteHandlerTest() {
        coordinator.attach(groups);
        log.lead(0, 0);
    }

    @AfterEach
    void stop() {
        groups.close();
        scheduler.shutdownNow();
    }

    @Test
    void aConsumerGroupWithMembersLosesTheOffsetsOfTopicsItNoLongerSubscribesToOnly() {
        join("g", "consumer", ConsumerProtocol.serializeSubscription(new Subscription(List.of("consumed"))));
        commit("g", consumed, abandoned);
        Map<String, Errors> answer = partitionErrors(delete("g", "consumed", "abandoned", "absent"));
        assertEquals(Map.of("consumed-0", Errors.GROUP_SUBSCRIBED_TO_TOPIC, "abandoned-0", Errors.NONE,
                "absent-0", Errors.UNKNOWN_TOPIC_OR_PARTITION), answer);
        assertEquals(Map.of(consumed, coordinator.fetchOffsets("g").offsets().get(consumed)),
                coordinator.fetchOffsets("g").offsets(), "only the subscribed topic's offset is left");
        assertTrue(tombstoneFor(OffsetRecords.offsetKey("g", "abandoned", 0)));
        assertFalse(tombstoneFor(OffsetRecords.offsetKey("g", "consumed", 0)));
        assertFalse(tombstoneFor(OffsetRecords.groupMetadataKey("g")), "the group itself stays");
    }

    @Test
    void aGroupThatOnlyCommitsLosesEveryNamedOffset() {
        commit("simple", consumed, abandoned);
        assertEquals(Map.of("consumed-0", Errors.NONE), partitionErrors(delete("simple", "consumed")));
        assertEquals(List.of(abandoned), List.copyOf(coordinator.fetchOffsets("simple").offsets().keySet()));
    }

    @Test
    void aGroupWithMembersOfAnotherProtocolTypeIsRefusedWithNonEmptyGroup() {
        join("connect", "connect", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        commit("connect", abandoned);
        Struct answer = delete("connect", "abandoned");
        assertEquals(Errors.NON_EMPTY_GROUP.code(), answer.getShort(OffsetDeleteResponse.ERROR_CODE));
        assertTrue(answer.getStructs(OffsetDeleteResponse.TOPICS).isEmpty());
        assertEquals(1, coordinator.fetchOffsets("connect").offsets().size());
    }

    @Test
    void anUnknownGroupIsRefusedWithGroupIdNotFound() {
        assertEquals(Errors.GROUP_ID_NOT_FOUND.code(),
                delete("nobody", "abandoned").getShort(OffsetDeleteResponse.ERROR_CODE));
    }

    private void join(String group, String protocolType, ByteBuffer metadata) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        byte[] bytes = new byte[metadata.remaining()];
        metadata.duplicate().get(bytes);
        protocols.put("range", bytes);
        JoinResult joined = groups.join(new ClassicGroups.JoinRequest(group, "", "static", "c", "/h", 60_000, 60_000,
                protocolType, protocols, true)).join();
        groups.sync(group, joined.generation(), joined.memberId(), null, Map.of()).join();
    }

    private void commit(String group, TopicPartition... partitions) {
        Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            offsets.put(tp, new CommittedOffset(5, -1, "", now.get()));
        }
        assertEquals(Errors.NONE, coordinator.commitOffsets(group, offsets).join());
    }

    private Struct delete(String group, String... topics) {
        Struct request = ApiMessages.request(ApiKey.OFFSET_DELETE).newStruct().set(OffsetDeleteRequest.GROUP_ID, group);
        for (String topic : topics) {
            request.addElement(OffsetDeleteRequest.TOPICS).set(OffsetDeleteRequest.Topics.NAME, topic)
                    .addElement(OffsetDeleteRequest.Topics.PARTITIONS)
                    .set(OffsetDeleteRequest.Topics.Partitions.PARTITION_INDEX, 0);
        }
        RequestContext context = new RequestContext(new RequestHeader(ApiKey.OFFSET_DELETE.id, (short) 0, 7, "test"),
                ApiKey.OFFSET_DELETE, "PLAINTEXT", new InetSocketAddress("127.0.0.1", 1), "c1");
        return handler.handle(context, request).join();
    }

    private static Map<String, Errors> partitionErrors(Struct response) {
        assertEquals(Errors.NONE.code(), response.getShort(OffsetDeleteResponse.ERROR_CODE));
        Map<String, Errors> out = new TreeMap<>();
        for (Struct t : response.getStructs(OffsetDeleteResponse.TOPICS)) {
            for (Struct p : t.getStructs(OffsetDeleteResponse.Topics.PARTITIONS)) {
                out.put(t.getString(OffsetDeleteResponse.Topics.NAME) + "-"
                        + p.getInt(OffsetDeleteResponse.Topics.Partitions.PARTITION_INDEX),
                        Errors.forCode(p.getShort(OffsetDeleteResponse.Topics.Partitions.ERROR_CODE)));
            }
        }
        return out;
    }

    private boolean tombstoneFor(byte[] key) {
        return log.records(0).stream().anyMatch(r -> !r.hasValue() && Arrays.equals(bytes(r), key));
    }

    private static byte[] bytes(Record r) {
        byte[] out = new byte[r.key().remaining()];
        r.key().duplicate().get(out);
        return out;
    }
}
