package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
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

            assertEquals(Errors.NONE.code(), response.getShort(AlterPartitionResponse.ERROR_CODE));
            Struct p = onlyPartition(response);
            assertEquals(Errors.NONE.code(), p.getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE),
                    "v" + version);
            assertEquals(1, p.getInt(AlterPartitionResponse.Topics.Partitions.LEADER_ID));
            assertEquals(0, p.getInt(AlterPartitionResponse.Topics.Partitions.LEADER_EPOCH),
                    "an ISR change keeps the leader epoch");
            assertEquals(isr, p.getArray(AlterPartitionResponse.Topics.Partitions.ISR));
            assertEquals(before.zkVersion() + 1, p.getInt(AlterPartitionResponse.Topics.Partitions.PARTITION_EPOCH));
            VersionedPartitionState after = zk.topics().getPartitionState(TP).orElseThrow();
            assertEquals(isr, after.state().isr());
            assertEquals(before.zkVersion() + 1, after.zkVersion());
            await().atMost(Duration.ofSeconds(10)).until(() -> third.received(ApiKey.UPDATE_METADATA).stream()
                    .map(r -> partitionState(r, "t", 0)).flatMap(Optional::stream)
                    .anyMatch(s -> s.getArray(UpdateMetadataPartitionState.ISR).equals(isr) && s.getInt(UpdateMetadataPartitionState.ZK_VERSION) == after.zkVersion()));
        }
        assertTrue(third.received(ApiKey.LEADER_AND_ISR).stream().map(r -> partitionState(r, "t", 0))
                .flatMap(Optional::stream).allMatch(s -> s.getInt(LeaderAndIsrPartitionState.PARTITION_EPOCH) == 0),
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
            Struct unknown = request.addElement(AlterPartitionRequest.TOPICS)
                    .set(AlterPartitionRequest.Topics.TOPIC_NAME, "")
                    .set(AlterPartitionRequest.Topics.TOPIC_ID, UUID.randomUUID());
            unknown.addElement(AlterPartitionRequest.Topics.PARTITIONS)
                    .set(AlterPartitionRequest.Topics.Partitions.PARTITION_INDEX, 0)
                    .set(AlterPartitionRequest.Topics.Partitions.LEADER_EPOCH, 0)
                    .set(AlterPartitionRequest.Topics.Partitions.PARTITION_EPOCH, 0)
                    .set(AlterPartitionRequest.Topics.Partitions.NEW_ISR, List.of(1));

            Struct response = await(c.controller().alterPartition(version, request));

            assertEquals(Errors.NONE.code(), response.getShort(AlterPartitionResponse.ERROR_CODE), "v" + version);
            List<Struct> topics = response.getStructs(AlterPartitionResponse.TOPICS);
            assertEquals(2, topics.size());
            Struct known = topics.stream().filter(t -> !t.getUuid(AlterPartitionResponse.Topics.TOPIC_ID)
                    .equals(unknown.getUuid(AlterPartitionRequest.Topics.TOPIC_ID))
                    && !(version < 2 && t.getString(AlterPartitionResponse.Topics.TOPIC_NAME).isEmpty())).findFirst().orElseThrow();
            Struct refused = topics.get(topics.get(0) == known ? 1 : 0);
            assertEquals(Errors.NONE.code(),
                    known.getStructs(AlterPartitionResponse.Topics.PARTITIONS).get(0).getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));
            Errors expected = version >= 2 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            assertEquals(expected.code(), refused.getStructs(AlterPartitionResponse.Topics.PARTITIONS).get(0).getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));
            assertEquals(isr, zk.topics().getPartitionState(TP).orElseThrow().state().isr(), "the known topic's change is written");
        }
    }

    @Test
    void stalePartitionEpochIsRefusedWithInvalidUpdateVersion() throws Exception {
        Controller c = clusterWithTopic();
        Struct first = await(c.controller().alterPartition((short) 2, alterPartition(zk, (short) 2, 1, TP, 0, List.of(1, 2), 0)));
        assertEquals(Errors.NONE.code(),
                onlyPartition(first).getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));

        Struct stale = await(c.controller().alterPartition((short) 2, alterPartition(zk, (short) 2, 1, TP, 0, List.of(1), 0)));

        assertEquals(Errors.INVALID_UPDATE_VERSION.code(),
                onlyPartition(stale).getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));
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
        assertEquals(Errors.FENCED_LEADER_EPOCH.code(),
                onlyPartition(fenced).getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));

        Struct deadMember = await(c.controller().alterPartition((short) 2,
                alterPartition(zk, (short) 2, 1, TP, 1, List.of(1, 2, 3), shrunk.zkVersion())));
        assertEquals(Errors.INELIGIBLE_REPLICA.code(),
                onlyPartition(deadMember).getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));

        Struct notLeader = await(c.controller().alterPartition((short) 2,
                alterPartition(zk, (short) 2, 2, TP, 1, List.of(2), shrunk.zkVersion())));
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(),
                onlyPartition(notLeader).getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));
        assertEquals(shrunk, zk.topics().getPartitionState(TP).orElseThrow(), "nothing written");
    }

    @Test
    void staleBrokerEpochAndInactiveControllerAreRefused() throws Exception {
        Controller c = clusterWithTopic();
        Struct request = alterPartition(zk, (short) 2, 1, TP, 0, List.of(1, 2), 0)
                .set(AlterPartitionRequest.BROKER_EPOCH, 1L);
        assertEquals(Errors.STALE_BROKER_EPOCH.code(),
                await(c.controller().alterPartition((short) 2, request)).getShort(AlterPartitionResponse.ERROR_CODE));
        for (short version = 0; version <= 3; version++) {
            Struct unknownEpoch = alterPartition(zk, version, 1, TP, 0, List.of(1, 2), 0)
                    .set(AlterPartitionRequest.BROKER_EPOCH, -1L);
            assertEquals(Errors.STALE_BROKER_EPOCH.code(),
                    await(c.controller().alterPartition(version,
                            unknownEpoch)).getShort(AlterPartitionResponse.ERROR_CODE), "-1 in v" + version);
        }

        KafkaController idle = new KafkaController(fixture.client(chroot), 42, ControllerConfig.defaults());
        toClose.add(idle);
        Struct refused = await(idle.alterPartition((short) 2, alterPartition(zk, (short) 2, 1, TP, 0, List.of(1, 2), 0)));
        assertEquals(Errors.NOT_CONTROLLER.code(), refused.getShort(AlterPartitionResponse.ERROR_CODE));
        assertEquals(List.of(1, 2, 3), zk.topics().getPartitionState(TP).orElseThrow().state().isr());
    }
}
