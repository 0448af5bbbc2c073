package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.coordination.ZooKeeperTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ZooKeeper facade against a real server: paths, cluster id, topics, partition states, producer ids. */
class GregorZkClientTest extends ZooKeeperTestBase {


    private static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads);
    }

    @Test
    void persistentPathsAreCreatedUnderTheChrootIdempotently() throws Exception {
        zk.createPersistentPaths();
        for (String kafkaPath : ZkPaths.PERSISTENT_PATHS) {
            assertNotNull(zk.curator().checkExists().forPath(chroot + kafkaPath), chroot + kafkaPath);
        }
        assertNotNull(zk.curator().checkExists().forPath(chroot + "/brokers/seqid"));
        assertEquals(null, zk.curator().checkExists().forPath("/brokers/ids"), "nothing outside the chroot");
    }

    @Test
    void clusterIdIsCreatedOnceEvenWhenBrokersRace() throws Exception {
        List<GregorZkClient> clients = List.of(zk, fixture.client(chroot), fixture.client(chroot), fixture.client(chroot));
        ExecutorService pool = pool(clients.size());
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (GregorZkClient client : clients) {
                ids.add(pool.submit(client::getOrCreateClusterId));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get(20, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "all brokers see one cluster id: " + distinct);
            String id = distinct.iterator().next();
            assertEquals(22, id.length());
            byte[] raw = zk.curator().getData().forPath(chroot + "/cluster/id");
            assertEquals("{\"version\":\"1\",\"id\":\"" + id + "\"}", new String(raw));
            assertEquals(id, zk.getOrCreateClusterId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void topicCreationWritesAssignmentAndConfigTogetherAndRefusesDuplicates() throws Exception {
        KafkaUuid id = KafkaUuid.random();
        TopicAssignment assignment = TopicAssignment.of("orders", id, Map.of(0, List.of(1, 2), 1, List.of(2, 3)));
        EntityConfig config = new EntityConfig(Map.of("retention.ms", "1000"));
        zk.topics().createTopic(assignment, config);

        assertTrue(zk.topics().topicExists("orders"));
        assertEquals(List.of("orders"), zk.topics().getAllTopics());
        assertEquals(assignment, zk.topics().getTopicAssignment("orders").orElseThrow());
        assertEquals(config, zk.topics().getTopicConfig("orders").orElseThrow());
        var json = new ObjectMapper().readTree(zk.curator().getData().forPath(chroot + "/brokers/topics/orders"));
        assertEquals(id.toString(), json.get("topic_id").textValue());
        assertEquals("[1,2]", json.get("partitions").get("0").toString());

        TopicExistsException dup = assertThrows(TopicExistsException.class, () -> zk.topics().createTopic(
                TopicAssignment.of("orders", KafkaUuid.random(), Map.of(0, List.of(9))), EntityConfig.EMPTY));
        assertEquals("orders", dup.topic());
        assertEquals(assignment, zk.topics().getTopicAssignment("orders").orElseThrow(), "the duplicate changed nothing");
        assertEquals(config, zk.topics().getTopicConfig("orders").orElseThrow());
    }

    @Test
    void topicAssignmentsAndIdsAreReadInOneBatch() {
        KafkaUuid a = KafkaUuid.random();
        KafkaUuid b = KafkaUuid.random();
        zk.topics().createTopic(TopicAssignment.of("a", a, Map.of(0, List.of(1))), EntityConfig.EMPTY);
        zk.topics().createTopic(TopicAssignment.of("b", b, Map.of(0, List.of(2), 1, List.of(1))), EntityConfig.EMPTY);
        Map<String, TopicAssignment> read = zk.topics().getTopicAssignments(List.of("a", "b", "missing"));
        assertEquals(Set.of("a", "b"), read.keySet());
        assertEquals(2, read.get("b").partitions().size());
        assertEquals(Map.of("a", a, "b", b), zk.topics().getTopicIds(List.of("a", "b", "missing")));
    }

    @Test
    void configChangesPostANotification() throws Exception {
        zk.topics().createTopic(TopicAssignment.of("c", KafkaUuid.random(), Map.of(0, List.of(1))), EntityConfig.EMPTY);
        zk.topics().changeTopicConfig("c", new EntityConfig(Map.of("cleanup.policy", "compact")));
        zk.topics().changeBrokerConfig("<default>", new EntityConfig(Map.of("log.retention.ms", "5")));
        assertEquals("compact", zk.topics().getTopicConfig("c").orElseThrow().config().get("cleanup.policy"));
        assertEquals("5", zk.topics().getBrokerConfig("<default>").orElseThrow().config().get("log.retention.ms"));
        List<String> changes = zk.curator().getChildren().forPath(chroot + "/config/changes").stream().sorted().toList();
        assertEquals(2, changes.size());
        assertTrue(changes.get(0).startsWith("config_change_"), changes.toString());
        byte[] first = zk.curator().getData().forPath(chroot + "/config/changes/" + changes.get(0));
        assertEquals(ConfigChangeNotification.forTopic("c"), ConfigChangeNotification.fromJson("x", first));
    }

    @Test
    void partitionStateUpdatesAreConditionalOnTheZkVersion() throws Exception {
        TopicPartition tp0 = new TopicPartition("p", 0);
        TopicPartition tp1 = new TopicPartition("p", 1);
        zk.topics().createTopic(TopicAssignment.of("p", KafkaUuid.random(), Map.of(0, List.of(1, 2), 1, List.of(2, 1))), EntityConfig.EMPTY);
        PartitionState initial0 = new PartitionState(1, 0, List.of(1, 2), 1);
        PartitionState initial1 = new PartitionState(2, 0, List.of(2, 1), 1);
        zk.multi(ZkWrite.allOps(zk.topics().createPartitionStateWrites(Map.of(tp0, initial0, tp1, initial1))));

        Map<TopicPartition, VersionedPartitionState> states = zk.topics().getPartitionStates(List.of(tp0, tp1, new TopicPartition("p", 7)));
        assertEquals(Set.of(tp0, tp1), states.keySet());
        assertEquals(new VersionedPartitionState(tp0, initial0, 0), states.get(tp0));

        PartitionState shrunk = new PartitionState(1, 0, List.of(1), 1);
        int next = zk.topics().updatePartitionState(tp0, shrunk, 0);
        assertEquals(1, next, "the new zkVersion is the new partition epoch");
        ZkVersionConflictException stale = assertThrows(ZkVersionConflictException.class,
                () -> zk.topics().updatePartitionState(tp0, new PartitionState(2, 1, List.of(2), 1), 0));
        assertEquals(0, stale.expectedZkVersion());
        assertEquals(new VersionedPartitionState(tp0, shrunk, 1), zk.topics().getPartitionState(tp0).orElseThrow());
        assertArrayEquals(shrunk.toJson(), zk.curator().getData().forPath(chroot + "/brokers/topics/p/partitions/0/state"));
    }

    @Test
    void topicDeletionIsMarkedListedAndCompleted() throws Exception {
        zk.topics().createTopic(TopicAssignment.of("d", KafkaUuid.random(), Map.of(0, List.of(1))), new EntityConfig(Map.of("a", "b")));
        zk.multi(ZkWrite.allOps(zk.topics().createPartitionStateWrites(Map.of(new TopicPartition("d", 0), new PartitionState(1, 0, List.of(1), 1)))));
        assertThrows(UnknownTopicException.class, () -> zk.topics().markTopicForDeletion("nope"));
        assertTrue(zk.topics().markTopicForDeletion("d"));
        assertFalse(zk.topics().markTopicForDeletion("d"), "second request is a no-op");
        assertEquals(List.of("d"), zk.topics().getTopicsMarkedForDeletion());
        assertEquals(0, zk.curator().getData().forPath(chroot + "/admin/delete_topics/d").length);

        zk.multi(ZkWrite.allOps(zk.topics().completeTopicDeletionWrites("d")));
        assertFalse(zk.topics().topicExists("d"));
        assertTrue(zk.topics().getTopicConfig("d").isEmpty());
        assertEquals(List.of(), zk.topics().getTopicsMarkedForDeletion());
        assertEquals(List.of(), zk.topics().getAllTopics());
    }

    @Test
    void concurrentProducerIdAllocatorsNeverGetOverlappingBlocks() throws Exception {
        List<GregorZkClient> brokers = List.of(zk, fixture.client(chroot), fixture.client(chroot));
        int blocksPerBroker = 15;
        ExecutorService pool = pool(brokers.size());
        try {
            List<Future<List<ProducerIdBlock>>> results = new ArrayList<>();
            for (int i = 0; i < brokers.size(); i++) {
                GregorZkClient broker = brokers.get(i);
                int brokerId = i + 1;
                Callable<List<ProducerIdBlock>> allocate = () -> {
                    List<ProducerIdBlock> blocks = new ArrayList<>();
                    for (int b = 0; b < blocksPerBroker; b++) {
                        blocks.add(broker.allocateProducerIdBlock(brokerId));
                    }
                    return blocks;
                };
                results.add(pool.submit(allocate));
            }
            List<ProducerIdBlock> all = new ArrayList<>();
            for (Future<List<ProducerIdBlock>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            all.sort((x, y) -> Long.compare(x.firstProducerId(), y.firstProducerId()));
            assertEquals(brokers.size() * blocksPerBroker, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i * 1000L, all.get(i).firstProducerId(), "blocks are contiguous and disjoint: " + all);
                assertEquals(1000, all.get(i).size());
            }
            ProducerIdBlock latest = ProducerIdBlock.fromJson("x", zk.curator().getData().forPath(chroot + "/latest_producer_id_block"));
            assertEquals(all.get(all.size() - 1), latest);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformedZnodeDataFailsWithThePathInTheError() throws Exception {
        zk.curator().create().forPath(chroot + "/brokers/topics/bad", "{oops".getBytes());
        ZnodeParseException e = assertThrows(ZnodeParseException.class, () -> zk.topics().getTopicAssignment("bad"));
        assertEquals(chroot + "/brokers/topics/bad", e.path());
    }

    @Test
    void aLargeBatchOfReadsAnswersEveryZnodeAndMarksTheMissingOnes() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 3 * ZkBatch.MULTI_READ_CHUNK / 2; i++) {
            String path = zk.paths().topic("batch-" + i);
            paths.add(path);
            if (i % 3 != 0) {
                zk.curator().create().creatingParentsIfNeeded().forPath(path, ("v" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        Map<String, ZkBatch.Read> reads = zk.readAll(paths);

        assertEquals(paths, List.copyOf(reads.keySet()));
        for (int i = 0; i < paths.size(); i++) {
            ZkBatch.Read read = reads.get(paths.get(i));
            assertEquals(i % 3 != 0, read.exists(), paths.get(i));
            if (read.exists()) {
                assertEquals("v" + i, new String(read.data(), java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(0, read.stat().getVersion());
            }
        }
    }
}
