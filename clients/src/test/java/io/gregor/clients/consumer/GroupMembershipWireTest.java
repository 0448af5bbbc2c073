package io.gregor.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.consumer.assignor.ConsumerProtocol;
import io.gregor.clients.network.ScriptedBroker;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.clients.protocol.schemas.JoinGroupRequest;
import io.gregor.clients.protocol.schemas.JoinGroupRequest.Protocols;
import io.gregor.clients.protocol.schemas.JoinGroupResponse;
import io.gregor.clients.protocol.schemas.LeaveGroupRequest;
import io.gregor.clients.protocol.schemas.LeaveGroupRequest.Members;
import io.gregor.clients.protocol.schemas.OffsetFetchRequest;
import io.gregor.clients.protocol.schemas.OffsetFetchResponse;
import io.gregor.clients.protocol.schemas.OffsetFetchResponse.Topics.Partitions;
import io.gregor.clients.protocol.schemas.SyncGroupRequest;
import io.gregor.clients.protocol.schemas.SyncGroupRequest.Assignments;
import io.gregor.clients.protocol.schemas.SyncGroupResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The group protocol as the consumer speaks it, against a scripted coordinator that can answer what
 * a real one only does in rare moments: KIP-394's MEMBER_ID_REQUIRED, a heartbeat saying the member
 * is unknown (the member loses its partitions and joins afresh), and NOT_COORDINATOR (it looks the
 * coordinator up again). The scripted group has one member, which is its leader.
 */
class GroupMembershipWireTest {
    private final AtomicReference<Errors> nextHeartbeatError = new AtomicReference<>(Errors.NONE);
    private final AtomicInteger generation = new AtomicInteger();
    private final List<String> listenerCalls = new CopyOnWriteArrayList<>();

    private ScriptedBroker coordinator() throws Exception {
        ScriptedBroker broker = new ScriptedBroker().withTopics(Map.of("t", 1));
        broker.on(ApiKey.FIND_COORDINATOR, (h, req) -> ApiMessages.response(ApiKey.FIND_COORDINATOR).newStruct()
                .set(FindCoordinatorResponse.NODE_ID, ScriptedBroker.NODE_ID)
                .set(FindCoordinatorResponse.HOST, "127.0.0.1").set(FindCoordinatorResponse.PORT, broker.port()));
        broker.on(ApiKey.JOIN_GROUP, (h, req) -> {
            Struct resp = ApiMessages.response(ApiKey.JOIN_GROUP).newStruct();
            if (req.getString(JoinGroupRequest.MEMBER_ID).isEmpty()) {
                return resp.set(JoinGroupResponse.ERROR_CODE, Errors.MEMBER_ID_REQUIRED.code())
                        .set(JoinGroupResponse.MEMBER_ID, "member-" + generation.get())
                        .set(JoinGroupResponse.LEADER, "");
            }
            Struct protocol = req.getStructs(JoinGroupRequest.PROTOCOLS).get(0);
            resp.set(JoinGroupResponse.GENERATION_ID, generation.incrementAndGet())
                    .set(JoinGroupResponse.PROTOCOL_NAME, protocol.getString(Protocols.NAME))
                    .set(JoinGroupResponse.LEADER, req.getString(JoinGroupRequest.MEMBER_ID))
                    .set(JoinGroupResponse.MEMBER_ID, req.getString(JoinGroupRequest.MEMBER_ID));
            resp.addElement(JoinGroupResponse.MEMBERS)
                    .set(JoinGroupResponse.Members.MEMBER_ID, req.getString(JoinGroupRequest.MEMBER_ID))
                    .set(JoinGroupResponse.Members.METADATA, protocol.getBytes(JoinGroupRequest.Protocols.METADATA));
            return resp;
        });
        broker.on(ApiKey.SYNC_GROUP, (h, req) -> ApiMessages.response(ApiKey.SYNC_GROUP).newStruct()
                .set(SyncGroupResponse.PROTOCOL_TYPE, "consumer")
                .set(SyncGroupResponse.PROTOCOL_NAME, req.getString(SyncGroupRequest.PROTOCOL_NAME))
                .set(SyncGroupResponse.ASSIGNMENT,
                        req.getStructs(SyncGroupRequest.ASSIGNMENTS).get(0).getBytes(SyncGroupRequest.Assignments.ASSIGNMENT)));
        broker.on(ApiKey.HEARTBEAT, (h, req) -> ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                .set(HeartbeatResponse.ERROR_CODE, nextHeartbeatError.getAndSet(Errors.NONE).code()));
        broker.on(ApiKey.OFFSET_FETCH, (h, req) -> {
            Struct resp = ApiMessages.response(ApiKey.OFFSET_FETCH).newStruct();
            for (Struct t : req.getStructs(OffsetFetchRequest.TOPICS)) {
                Struct rt = resp.addElement(OffsetFetchResponse.TOPICS)
                        .set(OffsetFetchResponse.Topics.NAME, t.getString(OffsetFetchRequest.Topics.NAME));
                for (int p : t.getArray(OffsetFetchRequest.Topics.PARTITION_INDEXES)) {
                    rt.addElement(OffsetFetchResponse.Topics.PARTITIONS).set(Partitions.PARTITION_INDEX, p)
                            .set(Partitions.COMMITTED_OFFSET, 0L).set(Partitions.METADATA, "");
                }
            }
            return resp;
        });
        broker.on(ApiKey.LEAVE_GROUP, (h, req) -> ApiMessages.response(ApiKey.LEAVE_GROUP).newStruct());
        broker.withEmptyFetches();
        return broker;
    }

    private final ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            listenerCalls.add("revoked" + partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            listenerCalls.add("assigned" + partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            listenerCalls.add("lost" + partitions);
        }
    };

    private static List<String> joinMemberIds(ScriptedBroker broker) {
        return broker.received(ApiKey.JOIN_GROUP).stream().map(r -> r.body().getString(JoinGroupRequest.MEMBER_ID)).toList();
    }

    @Test
    void joinsWithTheMemberIdItWasHandedAndRejoinsAfreshWhenTheHeartbeatSaysItIsUnknown() throws Exception {
        try (ScriptedBroker broker = coordinator();
             GregorConsumer<String, String> c = new GregorConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                     "group.id", "g", "heartbeat.interval.ms", 50, "enable.auto.commit", false, "fetch.max.wait.ms", 20,
                     "retry.backoff.ms", 10), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("t", 0);
            c.subscribe(List.of("t"), listener);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.poll(Duration.ofMillis(20));
                return c.assignment().contains(tp);
            });
            assertEquals(List.of("", "member-0"), joinMemberIds(broker));
            Struct join = broker.received(ApiKey.JOIN_GROUP).get(1).body();
            assertEquals("consumer", join.getString(JoinGroupRequest.PROTOCOL_TYPE));
            assertEquals(List.of("range", "cooperative-sticky"),
                    join.getStructs(JoinGroupRequest.PROTOCOLS).stream().map(p -> p.getString(Protocols.NAME)).toList());
            assertEquals(List.of(tp), ConsumerProtocol.deserializeAssignment(
                    broker.received(ApiKey.SYNC_GROUP).get(0).body().getStructs(SyncGroupRequest.ASSIGNMENTS).get(0).getBytes(Assignments.ASSIGNMENT)).partitions());
            assertEquals(0, c.position(tp));

            nextHeartbeatError.set(Errors.UNKNOWN_MEMBER_ID);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.poll(Duration.ofMillis(20));
                return joinMemberIds(broker).size() == 4 && c.assignment().contains(tp);
            });
            assertEquals(List.of("", "member-0", "", "member-1"), joinMemberIds(broker));
            assertEquals(List.of("assigned[t-0]", "lost[t-0]", "assigned[t-0]"), listenerCalls);

            int lookups = broker.received(ApiKey.FIND_COORDINATOR).size();
            nextHeartbeatError.set(Errors.NOT_COORDINATOR);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> broker.received(ApiKey.FIND_COORDINATOR).size() > lookups);
            c.poll(Duration.ofMillis(20));
            assertEquals(4, joinMemberIds(broker).size(), "a new coordinator alone does not make the member rejoin");
        }
    }

    @Test
    void aRebalanceInProgressHeartbeatMakesTheNextPollRejoinWithTheSameMemberId() throws Exception {
        try (ScriptedBroker broker = coordinator();
             GregorConsumer<String, String> c = new GregorConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                     "group.id", "g", "heartbeat.interval.ms", 50, "enable.auto.commit", false, "fetch.max.wait.ms", 20,
                     "retry.backoff.ms", 10, "partition.assignment.strategy", "cooperative-sticky"),
                     new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("t"), listener);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.poll(Duration.ofMillis(20));
                return c.assignment().size() == 1;
            });
            nextHeartbeatError.set(Errors.REBALANCE_IN_PROGRESS);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.poll(Duration.ofMillis(20));
                return joinMemberIds(broker).size() == 3 && listenerCalls.size() == 2;
            });
            assertEquals("member-0", joinMemberIds(broker).get(2));
            Struct rejoin = broker.received(ApiKey.JOIN_GROUP).get(2).body();
            var subscription = ConsumerProtocol.deserializeSubscription(rejoin.getStructs(JoinGroupRequest.PROTOCOLS).get(0).getBytes(Protocols.METADATA));
            assertEquals(List.of(new TopicPartition("t", 0)), subscription.ownedPartitions(), "cooperative: it keeps what it owns");
            assertEquals(1, subscription.generationId());
            assertEquals(List.of("assigned[t-0]", "assigned[]"), listenerCalls);
        }
    }

    @Test
    void aMemberThatStopsPollingForMaxPollIntervalLeavesAndRejoinsOnItsNextPoll() throws Exception {
        try (ScriptedBroker broker = coordinator();
             GregorConsumer<String, String> c = new GregorConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                     "group.id", "g", "heartbeat.interval.ms", 50, "max.poll.interval.ms", 300, "enable.auto.commit", false,
                     "fetch.max.wait.ms", 20, "retry.backoff.ms", 10), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("t"), listener);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.poll(Duration.ofMillis(20));
                return c.assignment().size() == 1;
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> broker.received(ApiKey.LEAVE_GROUP).size() == 1);
            assertEquals("member-0",
                    broker.received(ApiKey.LEAVE_GROUP).get(0).body().getStructs(LeaveGroupRequest.MEMBERS).get(0).getString(Members.MEMBER_ID));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.poll(Duration.ofMillis(20));
                return listenerCalls.size() == 3;
            });
            assertEquals(List.of("assigned[t-0]", "lost[t-0]", "assigned[t-0]"), listenerCalls);
            assertEquals(List.of("", "member-0", "", "member-1"), joinMemberIds(broker));
        }
    }

    @Test
    void closeLeavesTheGroupUnlessTheMemberIsStatic() throws Exception {
        for (String instance : new String[] {null, "instance-a"}) {
            try (ScriptedBroker broker = coordinator()) {
                Map<String, Object> config = new java.util.HashMap<>(Map.of("bootstrap.servers", broker.bootstrap(),
                        "group.id", "g", "enable.auto.commit", false, "fetch.max.wait.ms", 20));
                if (instance != null) {
                    config.put("group.instance.id", instance);
                }
                try (GregorConsumer<String, String> c = new GregorConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
                    c.subscribe(List.of("t"));
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                        c.poll(Duration.ofMillis(20));
                        return c.assignment().size() == 1;
                    });
                }
                assertEquals(instance == null ? 1 : 0, broker.received(ApiKey.LEAVE_GROUP).size(), "instance " + instance);
                if (instance != null) {
                    assertEquals(instance,
                            broker.received(ApiKey.JOIN_GROUP).get(0).body().getString(JoinGroupRequest.GROUP_INSTANCE_ID));
                }
            }
        }
    }
}
