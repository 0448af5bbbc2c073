package io.gregor.replication;

import io.gregor.clients.record.TimestampType;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.core.log.LogConfig;
import io.gregor.replication.producer.ProducerIdManager;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic configs and producer id blocks against a real ZooKeeper. */
class ZooKeeperBackedConfigAndIdsTest {
    private static TestingServer server;
    private static GregorZkClient zk;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 250, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        server = new TestingServer(spec, true);
        zk = GregorZkClient.connect(server.getConnectString() + "/dataplane", 4000, 10_000);
        zk.createPersistentPaths();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zk.close();
        server.close();
    }

    @Test
    void topicOverridesFromZooKeeperAreMergedOverBrokerDefaultsAndUnknownKeysIgnored() {
        zk.topics().createTopic(TopicAssignment.of("configured", KafkaUuid.random(), Map.of(0, List.of(0))),
                new EntityConfig(Map.of("message.timestamp.type", "LogAppendTime", "max.message.bytes", "5000",
                        "min.insync.replicas", "2", "cleanup.policy", "delete")));
        LogConfig brokerDefaults = LogConfig.DEFAULT.with(Map.of("segment.bytes", "4096"));
        TopicConfigs configs = new TopicConfigs(zk.topics(), brokerDefaults, 1);
        LogConfig merged = configs.logConfig("configured");
        assertEquals(TimestampType.LOG_APPEND_TIME, merged.messageTimestampType());
        assertEquals(5000, merged.maxMessageBytes());
        assertEquals(4096, merged.segmentBytes(), "broker default kept where the topic has no override");
        assertEquals(2, configs.minInsyncReplicas("configured"));
        assertEquals(brokerDefaults, configs.logConfig("no-overrides"));
        assertEquals(1, configs.minInsyncReplicas("no-overrides"));
    }

    @Test
    void overridesAreReadOncePerTopicIdUntilAChangeNotificationOrANewTopicId() {
        zk.topics().createTopic(TopicAssignment.of("cached", KafkaUuid.random(), Map.of(0, List.of(0))),
                new EntityConfig(Map.of("min.insync.replicas", "2")));
        TopicConfigs configs = new TopicConfigs(zk.topics(), LogConfig.DEFAULT, 1);
        java.util.concurrent.atomic.AtomicReference<java.util.UUID> id =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.UUID.randomUUID());
        configs.identifyTopicsBy(topic -> java.util.Optional.of(id.get()));
        assertEquals(2, configs.minInsyncReplicas("cached"));

        zk.topics().changeTopicConfig("cached", new EntityConfig(Map.of("min.insync.replicas", "3")));
        assertEquals(2, configs.minInsyncReplicas("cached"), "kept until the change notification");
        configs.invalidate("cached");
        assertEquals(3, configs.minInsyncReplicas("cached"), "read again after the notification");

        zk.topics().changeTopicConfig("cached", new EntityConfig(Map.of("min.insync.replicas", "1")));
        id.set(java.util.UUID.randomUUID()); // deleted and created again: another topic under the same name
        assertEquals(1, configs.minInsyncReplicas("cached"));

        TopicConfigs uncached = new TopicConfigs(zk.topics(), LogConfig.DEFAULT, 1);
        zk.topics().changeTopicConfig("cached", new EntityConfig(Map.of("min.insync.replicas", "2")));
        assertEquals(2, uncached.minInsyncReplicas("cached"), "without topic ids every call reads ZooKeeper");
    }

    @Test
    void producerIdsComeFromDisjointZooKeeperBlocksAcrossBrokersAndRestarts() {
        ProducerIdManager broker0 = new ProducerIdManager(0, zk::allocateProducerIdBlock);
        ProducerIdManager broker1 = new ProducerIdManager(1, zk::allocateProducerIdBlock);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 1500; i++) {
            assertTrue(ids.add(broker0.generateProducerId()));
            assertTrue(ids.add(broker1.generateProducerId()));
        }
        ProducerIdManager restarted0 = new ProducerIdManager(0, zk::allocateProducerIdBlock);
        assertTrue(ids.add(restarted0.generateProducerId()), "a restarted broker claims a fresh block");
    }
}
