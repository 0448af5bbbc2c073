package io.gregor.broker.metadata;

import static io.gregor.broker.metadata.MetadataTestData.TOPIC_ID;
import static io.gregor.broker.metadata.MetadataTestData.updateMetadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.TopicStates;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.coordination.zk.EndPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {

    @Test
    void holdsOnlyTheLocalBrokerUntilTheFirstUpdate() {
        MetadataCache cache = new MetadataCache(1, "cluster");
        LiveBroker self = new LiveBroker(1, List.of(new EndPoint("PLAINTEXT", "h", 9092, "PLAINTEXT")), null);
        cache.initLocalBroker(self);
        assertEquals(List.of(self), List.copyOf(cache.aliveBrokers()));
        assertTrue(cache.controllerId().isEmpty());
        cache.useControllerIdBeforeFirstUpdate(() -> 7);
        assertEquals(7, cache.controllerId().getAsInt());
        assertTrue(cache.update(updateMetadata(1, 2), (short) 8));
        assertEquals(1, cache.controllerId().getAsInt());
        cache.initLocalBroker(self);
        assertEquals(2, cache.aliveBrokers().size());
    }

    @Test
    void aNewerControllerInZooKeeperIsNamedBeforeItsFirstUpdateMetadata() {
        MetadataCache cache = new MetadataCache(1, "cluster");
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<MetadataCache.ZkController>> zk =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());
        cache.useZooKeeperController(zk::get);
        assertTrue(cache.update(updateMetadata(5, 2), (short) 8));
        assertEquals(1, cache.controllerId().getAsInt());
        zk.set(java.util.Optional.of(new MetadataCache.ZkController(1, 5)));
        assertEquals(1, cache.controllerId().getAsInt(), "the same epoch: the update's controller");
        zk.set(java.util.Optional.of(new MetadataCache.ZkController(3, 6)));
        assertEquals(3, cache.controllerId().getAsInt(),
                "the controller that won the election after the update's, before it sends its own update");
        zk.set(java.util.Optional.empty());
        assertEquals(1, cache.controllerId().getAsInt(), "no controller in ZooKeeper: the last one known");
    }

    @Test
    void updateMetadataFillsBrokersTopicsPartitionsAndController() {
        MetadataCache cache = new MetadataCache(1, "cluster");
        assertTrue(cache.update(updateMetadata(5, 2), (short) 8));
        assertEquals(1, cache.controllerId().getAsInt());
        LiveBroker b1 = cache.aliveBroker(1).orElseThrow();
        assertEquals("r1", b1.rack());
        assertEquals(19091, b1.endpoint("INTERNAL").orElseThrow().port());
        TopicMetadata topic = cache.topic("orders").orElseThrow();
        assertEquals(TOPIC_ID, topic.topicId());
        assertEquals(2, topic.partitions().size());
        PartitionMetadata p1 = cache.partition("orders", 1).orElseThrow();
        assertEquals(2, p1.leader());
        assertEquals(3, p1.leaderEpoch());
        assertEquals(List.of(1, 2), p1.isr());
        assertEquals("host2", cache.leaderEndpoint("orders", 1, "PLAINTEXT").orElseThrow().host());
        assertEquals("orders", cache.snapshot().topicNamesById().get(TOPIC_ID));
    }

    @Test
    void olderControllerEpochIsRefusedAndChangesNothing() {
        MetadataCache cache = new MetadataCache(1, "cluster");
        assertTrue(cache.update(updateMetadata(5, 2), (short) 8));
        assertFalse(cache.update(updateMetadata(4, 1), (short) 8));
        assertEquals(2, cache.partition("orders", 1).orElseThrow().leader());
        assertTrue(cache.update(updateMetadata(5, 1), (short) 8));
        assertEquals(1, cache.partition("orders", 1).orElseThrow().leader());
    }

    @Test
    void partitionsMarkedForDeletionAreRemovedWithTheirTopic() {
        MetadataCache cache = new MetadataCache(1, "cluster");
        cache.update(updateMetadata(5, 2), (short) 8);
        Struct delete = ApiMessages.request(ApiKey.UPDATE_METADATA).newStruct()
                .set(UpdateMetadataRequest.CONTROLLER_ID, 1).set(UpdateMetadataRequest.CONTROLLER_EPOCH, 5);
        Struct topic = delete.addElement(UpdateMetadataRequest.TOPIC_STATES).set(TopicStates.TOPIC_NAME, "orders")
                .set(TopicStates.TOPIC_ID, TOPIC_ID);
        MetadataTestData.addPartition(topic, 0, MetadataCache.LEADER_DURING_DELETE, 5);
        MetadataTestData.addPartition(topic, 1, MetadataCache.LEADER_DURING_DELETE, 5);
        assertTrue(cache.update(delete, (short) 8));
        assertFalse(cache.contains("orders"));
        assertTrue(cache.snapshot().topicNamesById().isEmpty());
        assertTrue(cache.aliveBrokers().isEmpty());
    }

    @Test
    void oldUpdateMetadataVersionsAreUnderstood() {
        MetadataCache cache = new MetadataCache(1, "cluster");
        Struct v0 = ApiMessages.request(ApiKey.UPDATE_METADATA).newStruct().set(UpdateMetadataRequest.CONTROLLER_ID, 1)
                .set(UpdateMetadataRequest.CONTROLLER_EPOCH, 1);
        v0.addElement(UpdateMetadataRequest.LIVE_BROKERS).set(LiveBrokers.ID, 1).set(LiveBrokers.V0_HOST, "old")
                .set(LiveBrokers.V0_PORT, 9092);
        v0.addElement(UpdateMetadataRequest.UNGROUPED_PARTITION_STATES)
                .set(UpdateMetadataPartitionState.TOPIC_NAME, "t").set(UpdateMetadataPartitionState.PARTITION_INDEX, 0)
                .set(UpdateMetadataPartitionState.CONTROLLER_EPOCH, 1)
                .set(UpdateMetadataPartitionState.LEADER, 1).set(UpdateMetadataPartitionState.LEADER_EPOCH, 0)
                .set(UpdateMetadataPartitionState.ISR, List.of(1)).set(UpdateMetadataPartitionState.ZK_VERSION, 0)
                .set(UpdateMetadataPartitionState.REPLICAS, List.of(1));
        assertTrue(cache.update(v0, (short) 0));
        assertEquals("old", cache.leaderEndpoint("t", 0, "PLAINTEXT").orElseThrow().host());
    }
}
