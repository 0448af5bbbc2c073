package io.gregor.coordination.controller;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's watches (of /brokers/topics, /brokers/ids, /admin...) see their direct children
 * and nothing deeper: with many partitions, the state znodes under /brokers/topics are neither
 * read nor watched, and their changes wake nobody. Counted with ZooKeeper's own {@code srvr} (requests
 * received) and {@code wchs} (watched paths).
 */
class ZkChangeWatchTest {
    private static TestingServer server;
    private static CuratorFramework curator;

    @BeforeAll
    static void start() throws Exception {
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 250, -1,
                Map.of("clientPortAddress", "127.0.0.1", "4lw.commands.whitelist", "wchs,srvr"), "127.0.0.1"), true);
        curator = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        curator.start();
        curator.blockUntilConnected();
    }

    @AfterAll
    static void stop() throws Exception {
        curator.close();
        server.close();
    }

    private static long requestsReceived() throws Exception {
        String stats = FourLetterWordMain.send4LetterWord("127.0.0.1", server.getPort(), "srvr");
        String line = stats.lines().filter(l -> l.startsWith("Received:")).findFirst().orElseThrow(() ->
                new AssertionError("unexpected srvr answer: " + stats));
        return Long.parseLong(line.substring("Received:".length()).trim());
    }

    private static long watchedPaths() throws Exception {
        // "1 connections watching 3 paths\nTotal watches:3"
        String stats = FourLetterWordMain.send4LetterWord("127.0.0.1", server.getPort(), "wchs");
        String line = stats.lines().filter(l -> l.contains("watching")).findFirst().orElseThrow(() ->
                new AssertionError("unexpected wchs answer: " + stats));
        return Long.parseLong(line.replaceAll(".*watching (\\d+) paths.*", "$1"));
    }

    @Test
    void partitionStatesUnderAWatchedTopicAreNeitherWatchedNorReported() throws Exception {
        int topics = 3;
        int partitions = 200;
        for (int t = 0; t < topics; t++) {
            for (int p = 0; p < partitions; p++) {
                curator.create().creatingParentsIfNeeded().forPath("/brokers/topics/t" + t + "/partitions/" + p + "/state",
                        "{}".getBytes(StandardCharsets.UTF_8));
            }
        }
        long before = watchedPaths();
        long received = requestsReceived();
        AtomicInteger changes = new AtomicInteger();
        try (ZkChangeWatch watch = new ZkChangeWatch(curator, "/brokers/topics", changes::incrementAndGet)) {
            watch.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1); // initialized
            long requests = requestsReceived() - received;
            assertTrue(requests < 50, "loading the watch reads the topics, not their " + topics * partitions
                    + " partition states: " + requests + " requests");
            long watched = watchedPaths() - before;
            assertTrue(watched <= 1 + topics, "only /brokers/topics and its topics are watched, not "
                    + topics * partitions + " partition state znodes: " + watched + " paths");

            int settled = changes.get();
            curator.setData().forPath("/brokers/topics/t0/partitions/7/state", "{\"leader\":1}".getBytes(StandardCharsets.UTF_8));
            curator.setData().forPath("/brokers/topics/t1", "{\"partitions\":{}}".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > settled);
            curator.create().forPath("/brokers/topics/t9", new byte[0]);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > settled + 1);
            assertEquals(settled + 2, changes.get(), "a topic's data change and a new topic, not a state change");
        }
    }
}
