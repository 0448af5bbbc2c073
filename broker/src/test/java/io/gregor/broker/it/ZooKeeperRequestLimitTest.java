package io.gregor.broker.it;

import io.gregor.broker.GregorServer;
import io.gregor.coordination.zk.ControllerEpoch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker against a real ZooKeeper whose {@code jute.maxbuffer} is 64 KiB (the 1 MiB
 * default, scaled down so the test stays fast): a topic whose partition states need several times
 * that is created in chunks and gets all its leaders, a topic whose assignment alone cannot fit one
 * request is refused before anything is sent, and all along the broker keeps its ZooKeeper session
 * and its controller epoch, and a topic created afterwards gets its leader.
 */
class ZooKeeperRequestLimitTest {

    private static final int JUTE_MAX_BUFFER = 64 * 1024;

    private static GregorCluster cluster;
    private static GregorServer broker;
    private static Admin admin;
    private long sessionBefore;
    private ControllerEpoch epochBefore;

    @BeforeAll
    static void startBrokerOnASmallBufferZooKeeper() throws Exception {
        cluster = GregorCluster.startWithZooKeeperProcess(Map.of("jute.maxbuffer", Integer.toString(JUTE_MAX_BUFFER)));
        broker = cluster.startInProcessBroker(0, Map.of("zookeeper.jute.maxbuffer", Integer.toString(JUTE_MAX_BUFFER)));
        admin = ApacheClients.admin("127.0.0.1:" + broker.boundPort("PLAINTEXT"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        cluster.close();
    }

    @BeforeEach
    void rememberSessionAndEpoch() {
        sessionBefore = broker.zkClient().sessionId();
        epochBefore = broker.controllerElection().currentEpoch().orElseThrow();
    }

    private void assertSessionAndControllerKept() {
        assertEquals(sessionBefore, broker.zkClient().sessionId(), "the ZooKeeper session never expired");
        assertEquals(epochBefore, broker.controllerElection().currentEpoch().orElseThrow(), "the controller never moved");
    }

    private static void awaitLeaders(String topic, int partitions) {
        Awaitility.await(topic + " has all its leaders").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                    return d.partitions().size() == partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() == 0);
                });
    }

    @Test
    void aTopicWhosePartitionStatesNeedManyZooKeeperRequestsGetsAllItsLeaders() throws Exception {
        int partitions = 1_000; // ~220 KB of partition-state znodes: more than three requests' worth
        admin.createTopics(List.of(new NewTopic("wide", partitions, (short) 1)), new CreateTopicsOptions().timeoutMs(60_000))
                .all().get(90, TimeUnit.SECONDS);

        awaitLeaders("wide", partitions);
        assertSessionAndControllerKept();
    }

    @Test
    void aTopicTooLargeForOneZooKeeperRequestIsRefusedAndTheNextOneGetsItsLeader() throws Exception {
        // 6,000 partitions are within max.partitions.per.request, but their assignment znode is ~66 KB
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("too-fat", 6_000, (short) 1))).all().get(30, TimeUnit.SECONDS));
        assertInstanceOf(PolicyViolationException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("jute.maxbuffer=" + JUTE_MAX_BUFFER), refused.getCause().getMessage());
        assertFalse(broker.zkClient().topics().topicExists("too-fat"));

        admin.createTopics(List.of(new NewTopic("after", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        awaitLeaders("after", 1);
        assertSessionAndControllerKept();
    }
}
