package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse.Topics.Partitions;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse.RemainingPartitions;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.gregor.coordination.controller.ControllerRequests.alterPartition;
import static io.gregor.coordination.controller.ControllerRequests.await;
import static io.gregor.coordination.controller.ControllerRequests.controlledShutdown;
import static io.gregor.coordination.controller.ControllerRequests.onlyPartition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Controlled shutdown: a stopping broker's leaderships move to other in-sync replicas before it stops. */
class ControlledShutdownTest extends ControllerTestBase {

    private static TopicPartition tp(int p) {
        return new TopicPartition("t", p);
    }

    /** Brokers 1-3, controller on broker 1 (serving ControlledShutdown on its socket), topic t. */
    private Controller cluster(Map<Integer, List<Integer>> assignment) throws Exception {
        return cluster(assignment, ControllerConfig.defaults());
    }

    private Controller cluster(Map<Integer, List<Integer>> assignment, ControllerConfig config) throws Exception {
        FakeBroker controllerBroker = broker(1);
        broker(2);
        broker(3);
        Controller c = controller(1, config);
        controllerBroker.serve(ApiKey.CONTROLLED_SHUTDOWN, (version, request) -> {
            try {
                return await(c.controller().controlledShutdown(version, request));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1, assignment, Map.of()), false);
        assignment.keySet().forEach(p -> awaitState(tp(p), s -> s.leader() == assignment.get(p).get(0)));
        return c;
    }

    @Test
    void leadershipsOfTheStoppingBrokerMoveToOtherIsrMembersAndItLeavesTheIsrs() throws Exception {
        Controller c = cluster(Map.of(0, List.of(2, 1, 3), 1, List.of(2, 3, 1), 2, List.of(1, 2, 3)));
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("solo", -1, (short) -1, Map.of(0, List.of(2)), Map.of()), false);
        TopicPartition solo = new TopicPartition("solo", 0);
        awaitState(solo, s -> s.leader() == 2);
        FakeBroker stopping = brokers.get(1);

        Struct response = await(c.controller().controlledShutdown((short) 3, announcedShutdownOfBroker2()));

        assertEquals(Errors.NONE.code(), response.getShort(ControlledShutdownResponse.ERROR_CODE));
        assertTrue(response.getStructs(ControlledShutdownResponse.REMAINING_PARTITIONS).isEmpty(), response.toString());
        assertState(tp(0), 1, List.of(1, 3), 1);
        assertState(tp(1), 3, List.of(3, 1), 1);
        assertState(tp(2), 1, List.of(1, 3), 1);
        assertEquals(2, zk.topics().getPartitionState(solo).orElseThrow().state().leader(),
                "a partition without another replica stays with its only broker");
        await().atMost(Duration.ofSeconds(10)).until(() -> stopping.received(ApiKey.STOP_REPLICA).stream()
                .anyMatch(r -> partitionState(r, "t",
                        2).map(p -> !p.getBool(PartitionStates.DELETE_PARTITION)).orElse(false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> stopping.received(ApiKey.LEADER_AND_ISR).stream()
                .map(r -> partitionState(r, "t",
                        0)).flatMap(Optional::stream).anyMatch(p -> p.getInt(LeaderAndIsrPartitionState.LEADER) == 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> brokers.get(2).received(ApiKey.LEADER_AND_ISR).stream()
                .map(r -> partitionState(r, "t", 1)).flatMap(Optional::stream)
                .anyMatch(p -> p.getInt(LeaderAndIsrPartitionState.LEADER) == 3 && p.getInt(LeaderAndIsrPartitionState.LEADER_EPOCH) == 1));
    }

    @Test
    void remainingPartitionsAreListedUntilAnotherReplicaCanLead() throws Exception {
        Controller c = cluster(Map.of(0, List.of(2, 1)));
        brokers.get(0).close();
        brokers.remove(0);
        awaitState(tp(0), s -> s.isr().equals(List.of(2)));
        FakeBroker returned = broker(1);
        returned.serve(ApiKey.CONTROLLED_SHUTDOWN, (v, r) -> {
            throw new IllegalStateException("not used");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !returned.received(ApiKey.UPDATE_METADATA).isEmpty());

        Struct first = await(c.controller().controlledShutdown((short) 3, announcedShutdownOfBroker2()));
        assertEquals(List.of("t-0"), first.getStructs(ControlledShutdownResponse.REMAINING_PARTITIONS).stream()
                .map(p -> p.getString(RemainingPartitions.TOPIC_NAME) + "-" + p.getInt(RemainingPartitions.PARTITION_INDEX)).toList());
        assertEquals(2, zk.topics().getPartitionState(tp(0)).orElseThrow().state().leader());

        VersionedPartitionState current = zk.topics().getPartitionState(tp(0)).orElseThrow();
        Struct expanded = await(c.controller().alterPartition((short) 3, alterPartition(zk, (short) 3, 2, tp(0),
                current.state().leaderEpoch(), List.of(2, 1), current.zkVersion())));
        assertEquals(Errors.NONE.code(), onlyPartition(expanded).getShort(Partitions.ERROR_CODE));

        Struct second = await(c.controller().controlledShutdown((short) 3, announcedShutdownOfBroker2()));
        assertTrue(second.getStructs(ControlledShutdownResponse.REMAINING_PARTITIONS).isEmpty(), second.toString());
        assertEquals(1, zk.topics().getPartitionState(tp(0)).orElseThrow().state().leader());

        VersionedPartitionState moved = zk.topics().getPartitionState(tp(0)).orElseThrow();
        Struct rejoin = await(c.controller().alterPartition((short) 3, alterPartition(zk, (short) 3, 1, tp(0),
                moved.state().leaderEpoch(), List.of(1, 2), moved.zkVersion())));
        assertEquals(Errors.INELIGIBLE_REPLICA.code(), onlyPartition(rejoin).getShort(Partitions.ERROR_CODE),
                "a shutting-down broker may not rejoin the ISR");
    }

    @Test
    void aBrokerStillRegisteredLongAfterItsGrantedShutdownMayRejoinIsrsAgain() throws Exception {
        // a client that guessed broker 2's epoch asked for its shutdown; broker 2 itself never stops
        Controller c = cluster(Map.of(0, List.of(2, 1)), ControllerConfig.defaults().withShutdownGrantExpiryMs(1_000));
        Struct granted = await(c.controller().controlledShutdown((short) 3, announcedShutdownOfBroker2()));
        assertEquals(Errors.NONE.code(), granted.getShort(ControlledShutdownResponse.ERROR_CODE));
        VersionedPartitionState moved = awaitState(tp(0), s -> s.leader() == 1 && s.isr().equals(List.of(1)));

        Struct refused = await(c.controller().alterPartition((short) 3, alterPartition(zk, (short) 3, 1, tp(0),
                moved.state().leaderEpoch(), List.of(1, 2), moved.zkVersion())));
        assertEquals(Errors.INELIGIBLE_REPLICA.code(), onlyPartition(refused).getShort(Partitions.ERROR_CODE));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            VersionedPartitionState now = zk.topics().getPartitionState(tp(0)).orElseThrow();
            Struct rejoin = await(c.controller().alterPartition((short) 3, alterPartition(zk, (short) 3, 1, tp(0),
                    now.state().leaderEpoch(), List.of(1, 2), now.zkVersion())));
            return onlyPartition(rejoin).getShort(Partitions.ERROR_CODE) == Errors.NONE.code();
        });
        assertEquals(List.of(1, 2), zk.topics().getPartitionState(tp(0)).orElseThrow().state().isr());
    }

    @Test
    void partitionsOfATopicWaitingForDeletionAreNeitherMovedNorCountedAsRemaining() throws Exception {
        Controller c = cluster(Map.of(0, List.of(2, 1)));
        TopicAdmin admin = new TopicAdmin(zk, 1, (short) 1);
        admin.createTopic(new NewTopic("doomed", -1, (short) -1, Map.of(0, List.of(2, 3, 1)), Map.of()), false);
        TopicPartition doomed = new TopicPartition("doomed", 0);
        awaitState(doomed, s -> s.leader() == 2 && s.isr().size() == 3);
        FakeBroker three = brokers.stream().filter(b -> b.id == 3).findFirst().orElseThrow();
        three.close(); // the deletion now waits for broker 3 to return
        brokers.remove(three);
        awaitState(doomed, s -> s.isr().equals(List.of(2, 1)));
        admin.deleteTopic("doomed");
        // once the controller has queued the deletion, it answers for the topic as for an unknown one
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            VersionedPartitionState now = zk.topics().getPartitionState(doomed).orElseThrow();
            Struct probe = await(c.controller().alterPartition((short) 3, alterPartition(zk, (short) 3, 2, doomed,
                    now.state().leaderEpoch() + 1000, List.of(2, 1), now.zkVersion())));
            return onlyPartition(probe).getShort(Partitions.ERROR_CODE) == Errors.UNKNOWN_TOPIC_OR_PARTITION.code();
        });

        Struct response = await(c.controller().controlledShutdown((short) 3, announcedShutdownOfBroker2()));

        assertEquals(Errors.NONE.code(), response.getShort(ControlledShutdownResponse.ERROR_CODE));
        assertTrue(response.getStructs(ControlledShutdownResponse.REMAINING_PARTITIONS).isEmpty(),
                "as in Kafka, a topic queued for deletion does not hold the broker back: " + response);
        assertState(tp(0), 1, List.of(1), 1);
        assertEquals(2, zk.topics().getPartitionState(doomed).orElseThrow().state().leader(), "left for the deletion");
        assertTrue(zk.topics().topicExists("doomed"));
    }

    /** What broker 2 sends when it stops: its announcement from its own ZooKeeper session, then the request. */
    private Struct announcedShutdownOfBroker2() {
        brokers.stream().filter(b -> b.id == 2).findFirst().orElseThrow().zk().announceControlledShutdown(2);
        return controlledShutdown(zk, 2);
    }

    @Test
    void aRequestWithTheRightEpochThatTheBrokerDidNotAnnounceIsRefusedAndMovesNoLeadership() throws Exception {
        // someone who guessed broker 2's epoch (a small czxid) asks for its shutdown
        Controller c = cluster(Map.of(0, List.of(2, 1)));
        Struct forged = await(c.controller().controlledShutdown((short) 3, controlledShutdown(zk, 2)));
        assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(), forged.getShort(ControlledShutdownResponse.ERROR_CODE));

        zk.announceControlledShutdown(2); // an announcement from a session other than broker 2's proves nothing
        Struct fromAnotherSession = await(c.controller().controlledShutdown((short) 3, controlledShutdown(zk, 2)));
        assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(),
                fromAnotherSession.getShort(ControlledShutdownResponse.ERROR_CODE));
        assertEquals(2, zk.topics().getPartitionState(tp(0)).orElseThrow().state().leader());
        assertEquals(List.of(2, 1), zk.topics().getPartitionState(tp(0)).orElseThrow().state().isr());

        Struct genuine = await(c.controller().controlledShutdown((short) 3, announcedShutdownOfBroker2()));
        assertEquals(Errors.NONE.code(), genuine.getShort(ControlledShutdownResponse.ERROR_CODE));
        assertEquals(1, zk.topics().getPartitionState(tp(0)).orElseThrow().state().leader());
    }

    @Test
    void staleBrokerEpochIsRefused() throws Exception {
        Controller c = cluster(Map.of(0, List.of(2, 1)));
        Struct response = await(c.controller().controlledShutdown((short) 2, announcedShutdownOfBroker2()
                .set(ControlledShutdownRequest.BROKER_EPOCH, 7L)));
        assertEquals(Errors.STALE_BROKER_EPOCH.code(), response.getShort(ControlledShutdownResponse.ERROR_CODE));
        assertEquals(2, zk.topics().getPartitionState(tp(0)).orElseThrow().state().leader());
    }

    @Test
    void aMissingBrokerEpochIsRefusedAndMovesNoLeadership() throws Exception {
        Controller c = cluster(Map.of(0, List.of(2, 1)));
        for (short version = 0; version <= 3; version++) {
            Struct request = announcedShutdownOfBroker2();
            if (version >= 2) {
                request.set(ControlledShutdownRequest.BROKER_EPOCH, -1L);
            }
            Struct response = await(c.controller().controlledShutdown(version, request));
            assertEquals(Errors.STALE_BROKER_EPOCH.code(), response.getShort(ControlledShutdownResponse.ERROR_CODE),
                    "v" + version);
        }
        assertEquals(2, zk.topics().getPartitionState(tp(0)).orElseThrow().state().leader());
        Struct genuine = await(c.controller().controlledShutdown((short) 3, announcedShutdownOfBroker2()));
        assertEquals(Errors.NONE.code(), genuine.getShort(ControlledShutdownResponse.ERROR_CODE),
                "the genuine request still works");
    }

    @Test
    void clientFindsTheControllerInZooKeeperAndSucceedsOnceNothingRemains() throws Exception {
        cluster(Map.of(0, List.of(2, 1, 3), 1, List.of(3, 2, 1)));
        ControlledShutdownClient client = new ControlledShutdownClient(brokers.get(1).zk(), 2, 3, 50, 5_000);

        assertTrue(client.shutdown());

        assertState(tp(0), 1, List.of(1, 3), 1);
        assertState(tp(1), 3, List.of(3, 1), 1);
    }

    @Test
    void clientGivesUpAfterMaxRetriesWhileLeadershipsRemain() throws Exception {
        Controller controller = cluster(Map.of(0, List.of(2, 1)));
        Controller c = controller;
        VersionedPartitionState current = zk.topics().getPartitionState(tp(0)).orElseThrow();
        // The leader drops broker 1 from the ISR, so nobody can take over from broker 2.
        Struct shrunk = await(c.controller().alterPartition((short) 3, alterPartition(zk, (short) 3, 2, tp(0),
                current.state().leaderEpoch(), List.of(2), current.zkVersion())));
        assertEquals(Errors.NONE.code(), onlyPartition(shrunk).getShort(Partitions.ERROR_CODE));
        FakeBroker stopping = brokers.get(1);
        ControlledShutdownClient client = new ControlledShutdownClient(stopping.zk(), 2, 3, 50, 5_000);

        assertFalse(client.shutdown());

        assertEquals(3, brokers.get(0).received(ApiKey.CONTROLLED_SHUTDOWN).size(), "one request per attempt");
        assertEquals(2, zk.topics().getPartitionState(tp(0)).orElseThrow().state().leader());
    }

    private void assertState(TopicPartition tp, int leader, List<Integer> isr, int leaderEpoch) {
        PartitionState state = zk.topics().getPartitionState(tp).orElseThrow().state();
        assertEquals(leader, state.leader(), tp + " leader");
        assertEquals(isr, state.isr(), tp + " isr");
        assertEquals(leaderEpoch, state.leaderEpoch(), tp + " leader epoch");
    }
}
