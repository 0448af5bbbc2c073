package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

class KafkaControllerTest extends ControllerTestBase {

    @Test
    void newTopicGetsStateZnodesInKafkaJsonAndOneLeaderAndIsrPerReplicaBroker() throws Exception {
        broker(1);
        broker(2);
        broker(3);
        controller(1);
        await().until(() -> brokers.stream().allMatch(b -> !b.received(ApiKey.UPDATE_METADATA).isEmpty()));
        Map<Integer, List<Integer>> assignment = new TopicAdmin(zk, 1, (short) 1)
                .createTopic(NewTopic.of("orders", 6, 3), false).assignment();

        for (int p = 0; p < 6; p++) {
            List<Integer> replicas = assignment.get(p);
            TopicPartition tp = new TopicPartition("orders", p);
            awaitState(tp, s -> true);
            byte[] raw = zk.curator().getData().forPath(zk.paths().partitionState(tp));
            assertEquals("{\"version\":1,\"leader\":" + replicas.get(0)
                    + ",\"leader_epoch\":0,\"isr\":[" + replicas.get(0) + "," + replicas.get(1) + "," + replicas.get(2)
                    + "],\"controller_epoch\":1}", new String(raw, StandardCharsets.UTF_8));
        }
        for (FakeBroker broker : brokers) {
            Set<Integer> expected = new TreeSet<>();
            assignment.forEach((p, r) -> {
                if (r.contains(broker.id)) {
                    expected.add(p);
                }
            });
            Struct lai = await().atMost(Duration.ofSeconds(15)).until(() -> broker.received(ApiKey.LEADER_AND_ISR).stream()
                    .filter(r -> !partitionsIn(r).isEmpty()).findFirst(), Optional::isPresent).orElseThrow();
            assertEquals(expected, partitionsIn(lai));
            assertEquals(1, lai.getInt(LeaderAndIsrRequest.CONTROLLER_ID));
            assertEquals(1, lai.getInt(LeaderAndIsrRequest.CONTROLLER_EPOCH));
            assertEquals(zk.getBrokerEpoch(broker.id).orElseThrow(), lai.getLong(LeaderAndIsrRequest.BROKER_EPOCH));
            Struct p0 = partitionState(lai, "orders", expected.iterator().next()).orElseThrow();
            assertTrue(p0.getBool(LeaderAndIsrPartitionState.IS_NEW));
            assertEquals(0, p0.getInt(LeaderAndIsrPartitionState.PARTITION_EPOCH));
            await().until(() -> broker.received(ApiKey.UPDATE_METADATA).stream()
                    .anyMatch(r -> partitionsIn(r).equals(Set.of(0, 1, 2, 3, 4, 5))));
        }
    }

    @Test
    void brokerLossMovesLeadershipToAnotherIsrMemberAndBumpsEpochs() throws Exception {
        FakeBroker first = broker(1);
        FakeBroker second = broker(2);
        broker(3);
        controller(1);
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2, 3)), Map.of()), false);
        TopicPartition tp = new TopicPartition("t", 0);
        awaitState(tp, s -> s.leader() == 1);

        first.close();

        VersionedPartitionState moved = awaitState(tp, s -> s.leader() == 2);
        assertEquals(List.of(2, 3), moved.state().isr());
        assertEquals(1, moved.state().leaderEpoch());
        assertEquals(1, moved.zkVersion());
        await().atMost(Duration.ofSeconds(15)).until(() -> second.received(ApiKey.LEADER_AND_ISR).stream()
                .map(r -> partitionState(r, "t", 0)).flatMap(Optional::stream)
                .anyMatch(p -> p.getInt(LeaderAndIsrPartitionState.LEADER) == 2 && p.getInt(LeaderAndIsrPartitionState.LEADER_EPOCH) == 1 && p.getInt(LeaderAndIsrPartitionState.PARTITION_EPOCH) == 1));
        await().until(() -> second.received(ApiKey.UPDATE_METADATA).stream()
                .anyMatch(r -> r.getStructs(UpdateMetadataRequest.LIVE_BROKERS).size() == 2));
    }

    @Test
    void partitionWithoutLiveInSyncReplicaGoesOfflineAndReturnsWithItsBroker() throws Exception {
        FakeBroker only = broker(1);
        broker(2);
        controller(2);
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("solo", -1, (short) -1,
                Map.of(0, List.of(1)), Map.of()), false);
        TopicPartition tp = new TopicPartition("solo", 0);
        awaitState(tp, s -> s.leader() == 1);

        only.close();
        VersionedPartitionState offline = awaitState(tp, s -> s.leader() == PartitionState.NO_LEADER);
        assertEquals(List.of(1), offline.state().isr());

        FakeBroker back = broker(1);
        VersionedPartitionState online = awaitState(tp, s -> s.leader() == 1);
        assertEquals(2, online.state().leaderEpoch());
        await().atMost(Duration.ofSeconds(15)).until(() -> back.received(ApiKey.LEADER_AND_ISR).stream()
                .map(r -> partitionState(r, "solo", 0)).flatMap(Optional::stream)
                .anyMatch(p -> p.getInt(LeaderAndIsrPartitionState.LEADER) == 1));
    }

    @Test
    void arrivingBrokerGetsFullMetadataAndItsReplicas() throws Exception {
        broker(1);
        broker(2);
        controller(1);
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("a", -1, (short) -1,
                Map.of(0, List.of(1, 2), 1, List.of(2, 1)), Map.of()), false);
        awaitState(new TopicPartition("a", 1), s -> true);

        FakeBroker late = broker(3);
        await().atMost(Duration.ofSeconds(15)).until(() -> late.received(ApiKey.UPDATE_METADATA).stream()
                .anyMatch(r -> partitionsIn(r).equals(Set.of(0,
                        1)) && r.getStructs(UpdateMetadataRequest.LIVE_BROKERS).size() == 3));
        assertTrue(late.received(ApiKey.LEADER_AND_ISR).stream().allMatch(r -> partitionsIn(r).isEmpty()));
    }

    @Test
    void deletionSendsStopReplicaWithDeleteThenRemovesZnodes() throws Exception {
        FakeBroker one = broker(1);
        FakeBroker two = broker(2);
        controller(1);
        TopicAdmin admin = new TopicAdmin(zk, 1, (short) 1);
        admin.createTopic(NewTopic.of("doomed", 2, 2), false);
        awaitState(new TopicPartition("doomed", 1), s -> true);

        admin.deleteTopic("doomed");

        await().atMost(Duration.ofSeconds(15)).until(() -> !zk.topics().topicExists("doomed"));
        assertTrue(zk.topics().getTopicsMarkedForDeletion().isEmpty());
        assertTrue(zk.topics().getTopicConfig("doomed").isEmpty());
        for (FakeBroker b : List.of(one, two)) {
            Struct stop = b.received(ApiKey.STOP_REPLICA).get(0);
            assertEquals(Set.of(0, 1), partitionsIn(stop));
            assertTrue(partitionState(stop, "doomed", 0).orElseThrow().getBool(PartitionStates.DELETE_PARTITION));
            await().until(() -> b.received(ApiKey.UPDATE_METADATA).stream()
                    .map(r -> partitionState(r, "doomed", 0)).flatMap(Optional::stream)
                    .anyMatch(p -> p.getInt(UpdateMetadataPartitionState.LEADER) == ControllerRequestBatch.LEADER_DURING_DELETE));
        }
    }

    @Test
    void newControllerAfterFailoverSendsCurrentStateWithHigherEpoch() throws Exception {
        FakeBroker one = broker(1);
        FakeBroker two = broker(2);
        Controller firstController = controller(101);
        await().until(() -> firstController.controller().activeEpoch() == 1);
        Controller secondController = controller(102);
        new TopicAdmin(zk, 1, (short) 1).createTopic(NewTopic.of("kept", 2, 2), false);
        awaitState(new TopicPartition("kept", 1), s -> true);

        firstController.election().close();

        await().atMost(Duration.ofSeconds(15)).until(() -> secondController.controller().activeEpoch() == 2);
        for (FakeBroker b : List.of(one, two)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> b.received(ApiKey.LEADER_AND_ISR).stream()
                    .anyMatch(r -> r.getInt(LeaderAndIsrRequest.CONTROLLER_ID) == 102 && r.getInt(LeaderAndIsrRequest.CONTROLLER_EPOCH) == 2
                            && partitionsIn(r).equals(Set.of(0, 1))));
            await().until(() -> b.received(ApiKey.UPDATE_METADATA).stream()
                    .anyMatch(r -> r.getInt(UpdateMetadataRequest.CONTROLLER_EPOCH) == 2 && partitionsIn(r).equals(Set.of(0, 1))));
        }
        assertFalse(firstController.controller().isActive());
    }

    @Test
    void outOfSyncReplicaIsElectedOnlyWhenTheTopicEnablesUncleanElection() throws Exception {
        FakeBroker one = broker(1);
        FakeBroker two = broker(2);
        controller(3);
        TopicAdmin admin = new TopicAdmin(zk, 1, (short) 1);
        admin.createTopic(new NewTopic("unclean", -1, (short) -1, Map.of(0, List.of(1, 2)),
                Map.of("unclean.leader.election.enable", "true")), false);
        admin.createTopic(new NewTopic("clean", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()), false);
        TopicPartition unclean = new TopicPartition("unclean", 0);
        TopicPartition clean = new TopicPartition("clean", 0);
        awaitState(unclean, s -> s.leader() == 1);
        awaitState(clean, s -> s.leader() == 1);

        two.close();
        awaitState(unclean, s -> s.isr().equals(List.of(1)));
        awaitState(clean, s -> s.isr().equals(List.of(1)));
        one.close();
        awaitState(unclean, s -> s.leader() == PartitionState.NO_LEADER);
        awaitState(clean, s -> s.leader() == PartitionState.NO_LEADER);

        broker(2);
        VersionedPartitionState elected = awaitState(unclean, s -> s.leader() == 2);
        assertEquals(List.of(2), elected.state().isr());
        VersionedPartitionState stillOffline = zk.topics().getPartitionState(clean).orElseThrow();
        assertEquals(PartitionState.NO_LEADER, stillOffline.state().leader());
        assertEquals(List.of(1), stillOffline.state().isr());
    }

    @Test
    void aDynamicClusterDefaultEnablesUncleanElectionWithoutARestart() throws Exception {
        FakeBroker one = broker(1);
        FakeBroker two = broker(2);
        controller(3);
        TopicAdmin admin = new TopicAdmin(zk, 1, (short) 1);
        admin.createTopic(new NewTopic("defaulted", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()), false);
        TopicPartition tp = new TopicPartition("defaulted", 0);
        awaitState(tp, s -> s.leader() == 1);
        two.close();
        awaitState(tp, s -> s.isr().equals(List.of(1)));
        one.close();
        awaitState(tp, s -> s.leader() == PartitionState.NO_LEADER);

        new io.gregor.coordination.zk.ConfigEntityStore(zk).set("brokers/<default>",
                new io.gregor.coordination.zk.EntityConfig(Map.of("unclean.leader.election.enable", "true")));
        broker(2);
        VersionedPartitionState elected = awaitState(tp, s -> s.leader() == 2);
        assertEquals(List.of(2), elected.state().isr());
    }

    @Test
    void requestsToABrokerWhoseConnectionsFailAreRetriedUntilDelivered() throws Exception {
        FakeBroker flaky = new FakeBroker(1, fixture.client(chroot), null, 3);
        toClose.add(flaky);
        controller(9);
        new TopicAdmin(zk, 1, (short) 1).createTopic(NewTopic.of("retried", 1, 1), false);
        await().atMost(Duration.ofSeconds(15)).until(() -> flaky.received(ApiKey.LEADER_AND_ISR).stream()
                .anyMatch(r -> partitionsIn(r).equals(Set.of(0))));
        assertTrue(flaky.received(ApiKey.UPDATE_METADATA).stream().anyMatch(r -> r.getInt(UpdateMetadataRequest.CONTROLLER_ID) == 9));
    }

    @Test
    void deletionWaitsForAnOfflineReplicaBrokerAndCompletesWhenItReturns() throws Exception {
        FakeBroker one = broker(1);
        FakeBroker two = broker(2);
        controller(1);
        TopicAdmin admin = new TopicAdmin(zk, 1, (short) 1);
        admin.createTopic(new NewTopic("waiting", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()), false);
        awaitState(new TopicPartition("waiting", 0), s -> true);
        two.close();
        awaitState(new TopicPartition("waiting", 0), s -> s.isr().equals(List.of(1)));

        admin.deleteTopic("waiting");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> zk.topics().topicExists("waiting") && one.received(ApiKey.STOP_REPLICA).isEmpty());

        FakeBroker back = broker(2);
        await().atMost(Duration.ofSeconds(15)).until(() -> !zk.topics().topicExists("waiting"));
        assertEquals(Set.of(0), partitionsIn(back.received(ApiKey.STOP_REPLICA).get(0)));
        assertEquals(Set.of(0), partitionsIn(one.received(ApiKey.STOP_REPLICA).get(0)));
    }
}
