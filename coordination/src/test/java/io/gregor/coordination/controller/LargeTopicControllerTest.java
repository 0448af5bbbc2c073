package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.TopicStates;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A controller facing a huge topic and a write ZooKeeper refuses: the huge topic is created in
 * slices while other topics get their leaders between them, and the refused write is dropped
 * while the controller goes on with the next topic.
 */
class LargeTopicControllerTest extends ControllerTestBase {

    /** Topic -> partitions named in one LeaderAndIsr request. */
    private static Map<String, Set<Integer>> partitionsByTopic(Struct leaderAndIsr) {
        Map<String, Set<Integer>> result = new TreeMap<>();
        for (Struct topic : leaderAndIsr.getStructs(LeaderAndIsrRequest.TOPIC_STATES)) {
            Set<Integer> partitions = result.computeIfAbsent(topic.getString(TopicStates.TOPIC_NAME),
                    t -> new TreeSet<>());
            topic.getStructs(TopicStates.PARTITION_STATES).forEach(p -> partitions.add(p.getInt(LeaderAndIsrPartitionState.PARTITION_INDEX)));
        }
        return result;
    }

    private int allStates(String topic, int partitions) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return zk.topics().getPartitionStates(all).size();
    }

    @Test
    void aHugeTopicIsCreatedInSlicesAndASmallTopicCreatedMeanwhileIsNotKeptWaiting() throws Exception {
        FakeBroker broker = broker(1);
        controller(1);
        await().until(() -> !broker.received(ApiKey.UPDATE_METADATA).isEmpty());
        TopicAdmin admin = new TopicAdmin(zk, 1, (short) 1);
        int huge = 5 * PartitionStateMachine.INITIALIZATION_SLICE;

        admin.createTopic(NewTopic.of("huge", huge, 1), false);
        admin.createTopic(NewTopic.of("small", 1, 1), false);

        await().atMost(Duration.ofSeconds(60)).until(() -> allStates("huge", huge) == huge);
        awaitState(new TopicPartition("small", 0), s -> s.leader() == 1);
        List<Map<String, Set<Integer>>> requests = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            requests.clear();
            broker.received(ApiKey.LEADER_AND_ISR).forEach(r -> requests.add(partitionsByTopic(r)));
            return requests.stream().mapToInt(r -> r.getOrDefault("huge", Set.of()).size()).sum() == huge;
        });
        List<Integer> hugeSlices = requests.stream().map(r -> r.getOrDefault("huge", Set.of()).size())
                .filter(n -> n > 0).toList();
        assertTrue(hugeSlices.size() >= 5 && hugeSlices.stream().allMatch(n -> n <= PartitionStateMachine.INITIALIZATION_SLICE),
                "the huge topic reaches its broker in slices: " + hugeSlices);
        int smallAt = -1;
        int lastHugeAt = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).containsKey("small")) {
                smallAt = i;
                assertEquals(Set.of("small"), requests.get(i).keySet(), "a small topic goes in a request of its own");
            }
            if (requests.get(i).containsKey("huge")) {
                lastHugeAt = i;
            }
        }
        assertTrue(smallAt >= 0 && smallAt < lastHugeAt,
                "the small topic got its LeaderAndIsr (request " + smallAt + ") before the huge one was done (" + lastHugeAt + ")");
    }

    @Test
    void aWriteZooKeeperRefusesIsDroppedAndTheControllerGoesOnWithTheOtherTopics() throws Exception {
        FakeBroker broker = broker(1);
        // a topic whose partitions znode nobody may add children to (as an operator's ACL could do) ...
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1));
        zk.curator().create().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(zk.paths().topic("locked"),
                TopicAssignment.of("locked", KafkaUuid.random(), assignment).toJson());
        zk.curator().create().withACL(List.of(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)))
                .forPath(zk.paths().topicPartitions("locked"));
        // ... and two ordinary ones, all waiting for their partition states when the controller starts
        new TopicAdmin(zk, 1, (short) 1).createTopic(NewTopic.of("before", 2, 1), false);
        new TopicAdmin(zk, 1, (short) 1).createTopic(NewTopic.of("next", 2, 1), false);
        Controller controller = controller(1);

        awaitState(new TopicPartition("before", 1), s -> s.leader() == 1);
        awaitState(new TopicPartition("next", 1), s -> s.leader() == 1);
        int epoch = controller.controller().activeEpoch();
        new TopicAdmin(zk, 1, (short) 1).createTopic(NewTopic.of("after", 1, 1), false);

        awaitState(new TopicPartition("after", 0), s -> s.leader() == 1);
        await().until(() -> broker.received(ApiKey.LEADER_AND_ISR).stream().anyMatch(r -> partitionsByTopic(r).containsKey("after")));
        assertEquals(0, allStates("locked", 3), "the refused partitions stay without state");
        assertTrue(controller.controller().isActive());
        assertEquals(epoch, controller.controller().activeEpoch(), "the controller neither resigned nor moved");
        assertTrue(broker.received(ApiKey.LEADER_AND_ISR).stream().noneMatch(r -> partitionsByTopic(r).containsKey("locked")));
    }

    @Test
    void aPartitionWhoseStateIsAlreadyThereKeepsItAndTheOthersOfItsTopicGetTheirs() throws Exception {
        FakeBroker broker = broker(1);
        Controller controller = controller(1);
        await().until(() -> !broker.received(ApiKey.UPDATE_METADATA).isEmpty());
        // a topic whose partition 1 got its state from an earlier controller (leader epoch 7) in the
        // same multi-op that created the topic: the controller sees the topic without that state
        TopicPartition written = new TopicPartition("half", 1);
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1));
        zk.curator().transaction().forOperations(
                zk.curator().transactionOp().create().forPath(zk.paths().topic("half"),
                        TopicAssignment.of("half", KafkaUuid.random(), assignment).toJson()),
                zk.curator().transactionOp().create().forPath(zk.paths().topicPartitions("half")),
                zk.curator().transactionOp().create().forPath(zk.paths().topicPartition(written)),
                zk.curator().transactionOp().create().forPath(zk.paths().partitionState(written),
                        new PartitionState(1, 7, List.of(1), 0).toJson()));

        awaitState(new TopicPartition("half", 0), s -> s.leader() == 1);
        awaitState(new TopicPartition("half", 2), s -> s.leader() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> broker.received(ApiKey.LEADER_AND_ISR).stream()
                .anyMatch(r -> partitionState(r, "half", 1).isPresent()));
        Struct told = broker.received(ApiKey.LEADER_AND_ISR).stream()
                .flatMap(r -> partitionState(r, "half", 1).stream()).findFirst().orElseThrow();
        assertEquals(7, told.getInt(LeaderAndIsrPartitionState.LEADER_EPOCH), "the state already there is kept");
        assertEquals(7, zk.topics().getPartitionState(written).orElseThrow().state().leaderEpoch());
        assertTrue(controller.controller().isActive());
    }
}
