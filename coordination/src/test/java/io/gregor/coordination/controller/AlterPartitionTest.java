package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.gregor.coordination.controller.ControllerRequests.alterPartition;
import static io.gregor.coordination.controller.ControllerRequests.await;
import static io.gregor.coordination.controller.ControllerRequests.onlyPartition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller's AlterPartition: ISR changes proposed by leaders, fenced by partition and leader epochs. */
class AlterPartitionTest extends ControllerTestBase {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private Controller clusterWithTopic() throws Exception {
        broker(1);
        broker(2);
        broker(3);
        Controller controller = controller(1);
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2, 3)), Map.of()), false);
        awaitState(TP, s -> s.leader() == 1);
        return controller;
    }

    @Test
    void validIsrShrinkIsWrittenWithTheNextPartitionEpochAndAnnouncedByUpdateMetadata() throws Exception {
        Controller c = clusterWithTopic();
        FakeBroker third = brokers.get(2);

        for (short version : new short[] {3, 1}) {
            VersionedPartitionState before = zk.topics().getPartitionState(TP).orElseThrow();
            List<Integer> isr = version == 3 ? List.of(1, 2) : List.of(1);
            Struct response = await(c.controller().alterPartition(version,
                    alterPartition(zk, version, 1, TP, 0, isr, before.zkVersion())));

            assertEquals(Errors.NONE.code(), response.getShort("ErrorCode"));
            Struct p = onlyPartition(response);
            assertEquals(Errors.NONE.code(), p.getShort("ErrorCode"), "v" + version);
            assertEquals(1, p.getInt("LeaderId"));
            assertEquals(0, p.getInt("LeaderEpoch"), "an ISR change keeps the leader epoch");
            assertEquals(isr, p.getArray("Isr"));
            assertEquals(before.zkVersion() + 1, p.getInt("PartitionEpoch"));
            VersionedPartitionState after = zk.topics().getPartitionState(TP).orElseThrow();
            assertEquals(isr, after.state().isr());
            assertEquals(before.zkVersion() + 1, after.zkVersion());
            await().atMost(Duration.ofSeconds(10)).until(() -> third.received(ApiKey.UPDATE_METADATA).stream()
                    .map(r -> partitionState(r, "t", 0)).flatMap(Optional::stream)
                    .anyMatch(s -> s.getArray("Isr").equals(isr) && s.getInt("ZkVersion") == after.zkVersion()));
        }
        assertTrue(third.received(ApiKey.LEADER_AND_ISR).stream().map(r -> partitionState(r, "t", 0))
                .flatMap(Optional::stream).allMatch(s -> s.getInt("PartitionEpoch") == 0),
                "ISR-only changes are not sent as LeaderAndIsr");
    }

    @Test
    void anUnknownTopicIdOrEmptyNameIsRefusedPerPartitionAndTheRestOfTheRequestIsApplied() throws Exception {
        Controller c = clusterWithTopic();
        for (short version : new short[] {2, 0}) {
            VersionedPartitionState before = zk.topics().getPartitionState(TP).orElseThrow();
            List<Integer> isr = version == 2 ? List.of(1, 2) : List.of(1);
            Struct request = alterPartition(zk, version, 1, TP, 0, isr, before.zkVersion());
            // a topic the controller does not know: a made-up id (v2+) or an empty name (v0-1)
            Struct unknown = request.addElement("Topics").set("TopicName", "").set("TopicId", UUID.randomUUID());
            unknown.addElement("Partitions").set("PartitionIndex", 0).set("LeaderEpoch", 0)
                    .set("PartitionEpoch", 0).set("NewIsr", List.of(1));

            Struct response = await(c.controller().alterPartition(version, request));

            assertEquals(Errors.NONE.code(), response.getShort("ErrorCode"), "v" + version);
            List<Struct> topics = response.getStructs("Topics");
            assertEquals(2, topics.size());
            Struct known = topics.stream().filter(t -> !t.getUuid("TopicId").equals(unknown.getUuid("TopicId"))
                    && !(version < 2 && t.getString("TopicName").isEmpty())).findFirst().orElseThrow();
            Struct refused = topics.get(topics.get(0) == known ? 1 : 0);
            assertEquals(Errors.NONE.code(), known.getStructs("Partitions").get(0).getShort("ErrorCode"));
            Errors expected = version >= 2 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            assertEquals(expected.code(), refused.getStructs("Partitions").get(0).getShort("ErrorCode"));
            assertEquals(isr, zk.topics().getPartitionState(TP).orElseThrow().state().isr(), "the known topic's change is written");
        }
    }

    @Test
    void stalePartitionEpochIsRefusedWithInvalidUpdateVersion() throws Exception {
        Controller c = clusterWithTopic();
        Struct first = await(c.controller().alterPartition((short) 2, alterPartition(zk, (short) 2, 1, TP, 0, List.of(1, 2), 0)));
        assertEquals(Errors.NONE.code(), onlyPartition(first).getShort("ErrorCode"));

        Struct stale = await(c.controller().alterPartition((short) 2, alterPartition(zk, (short) 2, 1, TP, 0, List.of(1), 0)));

        assertEquals(Errors.INVALID_UPDATE_VERSION.code(), onlyPartition(stale).getShort("ErrorCode"));
        VersionedPartitionState state = zk.topics().getPartitionState(TP).orElseThrow();
        assertEquals(List.of(1, 2), state.state().isr());
        assertEquals(1, state.zkVersion());
    }

    @Test
    void staleLeaderEpochIsFencedAndDeadOrUnknownMembersAreRefused() throws Exception {
        Controller c = clusterWithTopic();
        brokers.get(2).close();
        VersionedPartitionState shrunk = awaitState(TP, s -> s.isr().equals(List.of(1, 2)));
        assertEquals(1, shrunk.state().leaderEpoch());

        Struct fenced = await(c.controller().alterPartition((short) 2,
                alterPartition(zk, (short) 2, 1, TP, 0, List.of(1), shrunk.zkVersion())));
        assertEquals(Errors.FENCED_LEADER_EPOCH.code(), onlyPartition(fenced).getShort("ErrorCode"));

        Struct deadMember = await(c.controller().alterPartition((short) 2,
                alterPartition(zk, (short) 2, 1, TP, 1, List.of(1, 2, 3), shrunk.zkVersion())));
        assertEquals(Errors.INELIGIBLE_REPLICA.code(), onlyPartition(deadMember).getShort("ErrorCode"));

        Struct notLeader = await(c.controller().alterPartition((short) 2,
                alterPartition(zk, (short) 2, 2, TP, 1, List.of(2), shrunk.zkVersion())));
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), onlyPartition(notLeader).getShort("ErrorCode"));
        assertEquals(shrunk, zk.topics().getPartitionState(TP).orElseThrow(), "nothing written");
    }

    @Test
    void staleBrokerEpochAndInactiveControllerAreRefused() throws Exception {
        Controller c = clusterWithTopic();
        Struct request = alterPartition(zk, (short) 2, 1, TP, 0, List.of(1, 2), 0).set("BrokerEpoch", 1L);
        assertEquals(Errors.STALE_BROKER_EPOCH.code(), await(c.controller().alterPartition((short) 2, request)).getShort("ErrorCode"));
        for (short version = 0; version <= 3; version++) {
            Struct unknownEpoch = alterPartition(zk, version, 1, TP, 0, List.of(1, 2), 0).set("BrokerEpoch", -1L);
            assertEquals(Errors.STALE_BROKER_EPOCH.code(),
                    await(c.controller().alterPartition(version, unknownEpoch)).getShort("ErrorCode"), "-1 in v" + version);
        }

        KafkaController idle = new KafkaController(fixture.client(chroot), 42, ControllerConfig.defaults());
        toClose.add(idle);
        Struct refused = await(idle.alterPartition((short) 2, alterPartition(zk, (short) 2, 1, TP, 0, List.of(1, 2), 0)));
        assertEquals(Errors.NOT_CONTROLLER.code(), refused.getShort("ErrorCode"));
        assertEquals(List.of(1, 2, 3), zk.topics().getPartitionState(TP).orElseThrow().state().isr());
    }
}
