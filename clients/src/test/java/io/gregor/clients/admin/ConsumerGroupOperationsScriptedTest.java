package io.gregor.clients.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.ScriptedBroker;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment;
import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment.AssignedPartitions;
import io.gregor.clients.protocol.schemas.DeleteGroupsResponse;
import io.gregor.clients.protocol.schemas.DeleteGroupsResponse.Results;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse.Groups;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse.Groups.Members;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.OffsetCommitRequest;
import io.gregor.clients.protocol.schemas.OffsetCommitRequest.Topics;
import io.gregor.clients.protocol.schemas.OffsetCommitResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The consumer-group calls of the admin client against {@link ScriptedBroker}: coordinator errors a
 * single real broker does not readily produce, and the request fields an admin commit must carry.
 * Their ordinary behaviour runs against a real broker in {@code io.gregor.broker.e2e}.
 */
class ConsumerGroupOperationsScriptedTest {
    private static GregorAdmin admin(ScriptedBroker broker, int timeoutMs) {
        return GregorAdmin.create(Map.of("bootstrap.servers", broker.bootstrap(), "retry.backoff.ms", 10,
                "default.api.timeout.ms", timeoutMs));
    }

    private static Struct coordinatorIs(ScriptedBroker broker, Errors error) {
        Struct resp = ApiMessages.response(ApiKey.FIND_COORDINATOR).newStruct()
                .set(FindCoordinatorResponse.ERROR_CODE, error.code());
        return error == Errors.NONE ? resp.set(FindCoordinatorResponse.NODE_ID, ScriptedBroker.NODE_ID)
                .set(FindCoordinatorResponse.HOST, "127.0.0.1").set(FindCoordinatorResponse.PORT, broker.port())
                : resp.set(FindCoordinatorResponse.NODE_ID, -1).set(FindCoordinatorResponse.HOST, "")
                        .set(FindCoordinatorResponse.PORT, -1);
    }

    static ByteBuffer assignment(short version, Map<String, List<Integer>> partitions) {
        Struct a = ConsumerProtocolAssignment.SPEC.newStruct();
        partitions.forEach((t, ps) -> a.addElement(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS)
                .set(AssignedPartitions.TOPIC, t).set(AssignedPartitions.PARTITIONS, ps));
        ByteBuffer body = MessageCodec.writeToBuffer(ConsumerProtocolAssignment.SPEC, a, version);
        ByteBuffer out = ByteBuffer.allocate(2 + body.remaining()).putShort(version).put(body);
        return out.flip();
    }

    @Test
    void describeRetriesCoordinatorErrorsAndDecodesMemberAssignments() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            AtomicInteger finds = new AtomicInteger();
            AtomicInteger describes = new AtomicInteger();
            broker.withTopics(Map.of())
                    .on(ApiKey.FIND_COORDINATOR, (h, r) -> coordinatorIs(broker,
                            finds.incrementAndGet() == 1 ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.NONE))
                    .on(ApiKey.DESCRIBE_GROUPS, (h, r) -> {
                        Struct resp = ApiMessages.response(ApiKey.DESCRIBE_GROUPS).newStruct();
                        Struct g = resp.addElement(DescribeGroupsResponse.GROUPS).set(Groups.GROUP_ID, "g");
                        int n = describes.incrementAndGet();
                        if (n <= 2) {
                            Errors error = n == 1 ? Errors.NOT_COORDINATOR : Errors.COORDINATOR_LOAD_IN_PROGRESS;
                            g.set(Groups.ERROR_CODE, error.code()).set(Groups.GROUP_STATE, "")
                                    .set(Groups.PROTOCOL_TYPE, "").set(Groups.PROTOCOL_DATA, "");
                            return resp;
                        }
                        g.set(Groups.GROUP_STATE, "Stable").set(Groups.PROTOCOL_TYPE, "consumer")
                                .set(Groups.PROTOCOL_DATA, "range");
                        g.addElement(Groups.MEMBERS).set(Members.MEMBER_ID, "m-1").set(Members.CLIENT_ID, "c")
                                .set(Members.CLIENT_HOST, "/127.0.0.1")
                                .set(Members.MEMBER_METADATA, ByteBuffer.allocate(0))
                                .set(Members.MEMBER_ASSIGNMENT,
                                        assignment((short) 1, Map.of("u", List.of(1), "t", List.of(2, 0))));
                        return resp;
                    });
            try (GregorAdmin admin = admin(broker, 5000)) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("g")).get("g");
                assertEquals("Stable", d.state());
                assertEquals("range", d.partitionAssignor());
                assertEquals(ScriptedBroker.NODE_ID, d.coordinator().id());
                MemberDescription m = d.members().get(0);
                assertEquals("m-1", m.consumerId());
                assertEquals(List.of(new TopicPartition("t", 0), new TopicPartition("t", 2), new TopicPartition("u", 1)),
                        m.assignment());
            }
            assertEquals(3, describes.get());
            assertTrue(finds.get() >= 4, "the coordinator is looked up again before every retry: " + finds.get());
        }
    }

    @Test
    void aCoordinatorThatNeverBecomesAvailableFailsWithItsErrorAfterTheTimeout() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.withTopics(Map.of()).on(ApiKey.FIND_COORDINATOR, (h, r) -> coordinatorIs(broker, Errors.COORDINATOR_NOT_AVAILABLE));
            try (GregorAdmin admin = admin(broker, 2000)) {
                long start = System.currentTimeMillis();
                GregorApiException e = assertThrows(GregorApiException.class, () -> admin.listConsumerGroupOffsets("g"));
                assertEquals(Errors.COORDINATOR_NOT_AVAILABLE, e.error());
                assertTrue(e.getMessage().contains("'g'"), e.getMessage());
                assertTrue(System.currentTimeMillis() - start < 10_000, "bounded by default.api.timeout.ms");
            }
        }
    }

    @Test
    void aNonRetriableGroupErrorIsNotRetried() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            AtomicInteger deletes = new AtomicInteger();
            broker.withTopics(Map.of()).on(ApiKey.FIND_COORDINATOR, (h, r) -> coordinatorIs(broker, Errors.NONE))
                    .on(ApiKey.DELETE_GROUPS, (h, r) -> {
                        deletes.incrementAndGet();
                        Struct resp = ApiMessages.response(ApiKey.DELETE_GROUPS).newStruct();
                        resp.addElement(DeleteGroupsResponse.RESULTS).set(Results.GROUP_ID, "g")
                                .set(Results.ERROR_CODE, Errors.NON_EMPTY_GROUP.code());
                        return resp;
                    });
            try (GregorAdmin admin = admin(broker, 5000)) {
                BatchResult<Integer> r = admin.deleteConsumerGroups(List.of("g"));
                assertEquals(Errors.NON_EMPTY_GROUP, r.failed().get("g").error());
                assertTrue(r.succeeded().isEmpty());
            }
            assertEquals(1, deletes.get());
        }
    }

    @Test
    void anAdminCommitCarriesNoGenerationAndNoMemberId() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.withTopics(Map.of("t", 2)).on(ApiKey.FIND_COORDINATOR, (h, r) -> coordinatorIs(broker, Errors.NONE))
                    .on(ApiKey.OFFSET_COMMIT, (h, req) -> {
                        Struct resp = ApiMessages.response(ApiKey.OFFSET_COMMIT).newStruct();
                        for (Struct t : req.getStructs(OffsetCommitRequest.TOPICS)) {
                            Struct rt = resp.addElement(OffsetCommitResponse.TOPICS)
                                    .set(OffsetCommitResponse.Topics.NAME,
                                            t.getString(OffsetCommitRequest.Topics.NAME));
                            t.getStructs(OffsetCommitRequest.Topics.PARTITIONS).forEach(p -> rt
                                    .addElement(OffsetCommitResponse.Topics.PARTITIONS)
                                    .set(OffsetCommitResponse.Topics.Partitions.PARTITION_INDEX,
                                            p.getInt(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX))
                                    .set(OffsetCommitResponse.Topics.Partitions.ERROR_CODE, (short) 0));
                        }
                        return resp;
                    });
            try (GregorAdmin admin = admin(broker, 5000)) {
                admin.alterConsumerGroupOffsets("g", Map.of(new TopicPartition("t", 1), 42L));
            }
            Struct sent = broker.received(ApiKey.OFFSET_COMMIT).get(0).body();
            assertEquals("g", sent.getString(OffsetCommitRequest.GROUP_ID));
            assertEquals(-1, sent.getInt(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH));
            assertEquals("", sent.getString(OffsetCommitRequest.MEMBER_ID));
            Struct p = sent.getStructs(OffsetCommitRequest.TOPICS).get(0).getStructs(Topics.PARTITIONS).get(0);
            assertEquals(1, p.getInt(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX));
            assertEquals(42L, p.getLong(OffsetCommitRequest.Topics.Partitions.COMMITTED_OFFSET));
        }
    }

    @Test
    void anAssignmentOfANewerProtocolVersionIsReadAsTheNewestKnown() {
        ByteBuffer v3 = assignment((short) 3, Map.of("t", List.of(0)));
        ByteBuffer v9 = ByteBuffer.allocate(v3.remaining()).put(v3.duplicate()).flip();
        v9.putShort(0, (short) 9);
        assertEquals(List.of(new TopicPartition("t", 0)), ConsumerGroupOperations.decodeAssignment(v9));
        assertEquals(List.of(), ConsumerGroupOperations.decodeAssignment(ByteBuffer.allocate(0)));
    }
}
