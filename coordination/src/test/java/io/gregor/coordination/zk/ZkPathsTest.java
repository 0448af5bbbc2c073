package io.gregor.coordination.zk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZkPathsTest {

    @Test
    void pathsWithoutChrootAreKafkasPaths() {
        ZkPaths paths = ZkPaths.fromConnectString("h1:2181,h2:2181");
        assertEquals("h1:2181,h2:2181", paths.connectHosts());
        assertEquals("", paths.chroot());
        assertEquals("/brokers/ids/3", paths.brokerId(3));
        assertEquals("/brokers/topics/t/partitions/2/state", paths.partitionState(new TopicPartition("t", 2)));
        assertEquals("/config/topics/t", paths.topicConfig("t"));
        assertEquals("/config/changes/config_change_", paths.configChangeSequencePrefix());
        assertEquals("/admin/delete_topics/t", paths.deleteTopic("t"));
        assertEquals("/latest_producer_id_block", paths.latestProducerIdBlock());
        assertEquals("/controller_epoch", paths.controllerEpoch());
        assertEquals("/gregor/controller_latch", paths.controllerLatch());
    }

    @Test
    void chrootFromConnectStringPrefixesEveryPath() {
        ZkPaths paths = ZkPaths.fromConnectString("h1:2181,h2:2181/kafka/prod/");
        assertEquals("h1:2181,h2:2181", paths.connectHosts());
        assertEquals("/kafka/prod", paths.chroot());
        assertEquals("/kafka/prod/cluster/id", paths.clusterId());
        assertEquals("/kafka/prod/controller", paths.controller());
        assertEquals("/brokers/ids", paths.relativize("/kafka/prod/brokers/ids"));
        assertTrue(paths.persistentPaths().stream().allMatch(p -> p.startsWith("/kafka/prod/")));
        assertTrue(paths.persistentPaths().contains("/kafka/prod/config/ips"));
        assertEquals("", ZkPaths.fromConnectString("h:1/").chroot());
    }

    @Test
    void invalidNamesAndConnectStringsAreRejected() {
        ZkPaths paths = ZkPaths.fromConnectString("h:1");
        assertThrows(IllegalArgumentException.class, () -> paths.topic("a/b"));
        assertThrows(IllegalArgumentException.class, () -> paths.topic(""));
        assertThrows(IllegalArgumentException.class, () -> ZkPaths.fromConnectString("/chroot-only"));
        assertThrows(IllegalArgumentException.class, () -> ZkPaths.fromConnectString("h:1/a//b"));
    }
}
