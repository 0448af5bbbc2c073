package io.gregor.coordination.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * When a broker dies, the partitions it led get their new leaders announced first, in requests of
 * their own; only then does it leave the ISRs of the partitions it followed (as Kafka's controller:
 * new leaders for offline partitions, then the offline replicas' ISR removals).
 */
class BrokerFailureOrderTest extends ControllerTestBase {

    private static final TopicPartition LED_BY_VICTIM = new TopicPartition("t", 0);
    private static final TopicPartition FOLLOWED_BY_VICTIM = new TopicPartition("t", 1);

    private static int indexOfFirst(List<Struct> updates, TopicPartition tp, Predicate<Struct> state) {
        for (int i = 0; i < updates.size(); i++) {
            var s = partitionState(updates.get(i), tp.topic(), tp.partition());
            if (s.isPresent() && state.test(s.get())) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void newLeadersAreAnnouncedBeforeTheDeadBrokerLeavesTheOtherPartitionsIsrs() throws Exception {
        FakeBroker one = broker(1);
        FakeBroker two = broker(2);
        FakeBroker victim = broker(3);
        controller(9);
        await().atMost(Duration.ofSeconds(15)).until(() -> !two.received(ApiKey.UPDATE_METADATA).isEmpty());
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(3, 1, 2), 1, List.of(1, 3, 2)), Map.of()), false);
        awaitState(LED_BY_VICTIM, s -> s.leader() == 3 && s.isr().size() == 3);
        awaitState(FOLLOWED_BY_VICTIM, s -> s.leader() == 1 && s.isr().size() == 3);
        await().atMost(Duration.ofSeconds(15)).until(() -> indexOfFirst(two.received(ApiKey.UPDATE_METADATA),
                FOLLOWED_BY_VICTIM, s -> true) >= 0);
        two.clearReceived();

        victim.close();

        awaitState(FOLLOWED_BY_VICTIM, s -> s.leader() == 1 && !s.isr().contains(3));
        await().atMost(Duration.ofSeconds(15)).until(() -> indexOfFirst(two.received(ApiKey.UPDATE_METADATA),
                FOLLOWED_BY_VICTIM, s -> !s.getArray(UpdateMetadataPartitionState.ISR).contains(3)) >= 0);
        List<Struct> updates = two.received(ApiKey.UPDATE_METADATA);
        int newLeader = indexOfFirst(updates, LED_BY_VICTIM, s -> s.getInt(UpdateMetadataPartitionState.LEADER) != 3);
        int isrShrink = indexOfFirst(updates, FOLLOWED_BY_VICTIM, s -> !s.getArray(UpdateMetadataPartitionState.ISR).contains(3));
        assertTrue(newLeader >= 0, "the new leader of " + LED_BY_VICTIM + " was never announced");
        assertTrue(newLeader < isrShrink, "the ISR change came first: new leader in update " + newLeader
                + ", ISR change in update " + isrShrink);
        assertFalse(partitionState(updates.get(newLeader), FOLLOWED_BY_VICTIM.topic(), FOLLOWED_BY_VICTIM.partition()).isPresent(),
                "the new leader's announcement waited for the other partition's ISR change");
        assertEquals(1, updates.get(newLeader).getStructs(UpdateMetadataRequest.TOPIC_STATES).size());
    }

    @Test
    void aNewControllerAnnouncesTheLeadersOfPartitionsWithoutALiveLeaderBeforeTheFullRequests() throws Exception {
        FakeBroker one = broker(1);
        FakeBroker two = broker(2);
        FakeBroker victim = broker(3);
        Controller first = controller(9);
        await().atMost(Duration.ofSeconds(15)).until(() -> !two.received(ApiKey.UPDATE_METADATA).isEmpty());
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(3, 1, 2), 1, List.of(1, 3, 2)), Map.of()), false);
        awaitState(LED_BY_VICTIM, s -> s.leader() == 3 && s.isr().size() == 3);
        awaitState(FOLLOWED_BY_VICTIM, s -> s.leader() == 1 && s.isr().size() == 3);
        // the controller goes, and the leader of partition 0 dies while there is none
        first.election().close();
        first.controller().close();
        victim.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> !zk.curator().getChildren().forPath(zk.paths().brokerIds()).contains("3"));
        two.clearReceived();

        controller(8);

        awaitState(LED_BY_VICTIM, s -> s.leader() != 3);
        await().atMost(Duration.ofSeconds(15)).until(() -> indexOfFirst(two.received(ApiKey.UPDATE_METADATA),
                FOLLOWED_BY_VICTIM, s -> !s.getArray(UpdateMetadataPartitionState.ISR).contains(3)) >= 0);
        List<Struct> updates = two.received(ApiKey.UPDATE_METADATA);
        int newLeader = indexOfFirst(updates, LED_BY_VICTIM, s -> s.getInt(UpdateMetadataPartitionState.LEADER) != 3);
        assertTrue(newLeader >= 0, "the new leader of " + LED_BY_VICTIM + " was never announced");
        assertTrue(newLeader < indexOfFirst(updates, FOLLOWED_BY_VICTIM,
                s -> !s.getArray(UpdateMetadataPartitionState.ISR).contains(3)), "the ISR change was announced first");
        assertTrue(partitionState(updates.get(0), FOLLOWED_BY_VICTIM.topic(), FOLLOWED_BY_VICTIM.partition()).isPresent(),
                "the new controller's first UpdateMetadata names every partition");
        List<Struct> told = two.received(ApiKey.LEADER_AND_ISR);
        int toldLeader = indexOfFirst(told, LED_BY_VICTIM, s -> true);
        assertTrue(toldLeader >= 0);
        assertFalse(partitionState(told.get(toldLeader), FOLLOWED_BY_VICTIM.topic(), FOLLOWED_BY_VICTIM.partition()).isPresent(),
                "the new leader's LeaderAndIsr waited for the full requests of the new controller");
    }

    @Test
    void aTopicWaitingForItsCreationWhenAControllerStartsIsToldBeforeTheFullRequests() throws Exception {
        FakeBroker broker = broker(1);
        Controller first = controller(9);
        new TopicAdmin(zk, 1, (short) 1).createTopic(NewTopic.of("old", 2, 1), false);
        awaitState(new TopicPartition("old", 1), s -> s.leader() == 1);
        first.election().close();
        first.controller().close();
        new TopicAdmin(zk, 1, (short) 1).createTopic(NewTopic.of("fresh", 1, 1), false); // while there is no controller
        broker.clearReceived();

        controller(8);

        awaitState(new TopicPartition("fresh", 0), s -> s.leader() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> indexOfTopic(broker.received(ApiKey.LEADER_AND_ISR), "old") >= 0
                && indexOfTopic(broker.received(ApiKey.LEADER_AND_ISR), "fresh") >= 0);
        List<Struct> told = broker.received(ApiKey.LEADER_AND_ISR);
        assertTrue(indexOfTopic(told, "fresh") < indexOfTopic(told, "old"),
                "the new topic waited for the full LeaderAndIsr: " + indexOfTopic(told, "fresh") + " vs " + indexOfTopic(told, "old"));
    }

    private static int indexOfTopic(List<Struct> requests, String topic) {
        for (int i = 0; i < requests.size(); i++) {
            if (partitionState(requests.get(i), topic, 0).isPresent()) {
                return i;
            }
        }
        return -1;
    }
}
