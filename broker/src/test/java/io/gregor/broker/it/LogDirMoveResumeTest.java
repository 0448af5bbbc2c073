package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsResult.ReplicaLogDirInfo;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replica moved to another log dir of its broker (AlterReplicaLogDirs) with the dynamic broker
 * quota {@code replica.alter.log.dirs.io.max.bytes.per.second}: the copy into the future log keeps
 * to the rate; a broker stopped mid-move keeps its future log and, restarted, resumes the copy
 * (DescribeReplicaLogDirs shows the future dir, then the new current dir) with nothing lost.
 */
class LogDirMoveResumeTest {
    private static final int BROKER = 1;
    private static final long RATE = 1_000_000;
    private static ThreeBrokers brokers;

    @BeforeAll
    static void startCluster() throws Exception {
        brokers = ThreeBrokers.start(2, Map.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void aThrottledMoveKeepsToTheRateAndAfterARestartMidMoveItResumesAndCompletesWithNothingLost() throws Exception {
        String topic = "relocated";
        brokers.createTopic(topic, 1, Map.of());
        brokers.writeRandomValues(topic, 80, 100_000, 11); // about 8 MB
        brokers.awaitIdenticalReplicas(topic, 0);
        byte[] before = brokers.logBytes(0, topic, 0);
        Path from = brokers.logDirs(BROKER).stream().filter(d -> Files.isDirectory(d.resolve(topic + "-0")))
                .findFirst().orElseThrow();
        Path to = brokers.logDirs(BROKER).stream().filter(d -> !d.equals(from)).findFirst().orElseThrow();
        TopicPartitionReplica replica = new TopicPartitionReplica(topic, 0, BROKER);

        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            setMoveRate(admin, Long.toString(RATE));
            admin.alterReplicaLogDirs(Map.of(replica, to.toAbsolutePath().toString())).all().get(30, TimeUnit.SECONDS);

            // the rate from 1.5 MB to 4.5 MB copied (the first second may copy its second's worth at once)
            long[] first = awaitFutureBytes(to, topic, 1_500_000);
            long[] second = awaitFutureBytes(to, topic, 4_500_000);
            double rate = (second[1] - first[1]) / ((second[0] - first[0]) / 1e9);
            System.out.printf("log dir move: %d bytes in %.2f s = %.0f B/s (quota %d B/s)%n", second[1] - first[1],
                    (second[0] - first[0]) / 1e9, rate, RATE);
            assertTrue(rate >= RATE * 0.8 && rate <= RATE * 1.2,
                    String.format("%.0f B/s is not within 20%% of %d B/s", rate, RATE));

            setMoveRate(admin, "50000"); // the rest waits: the broker stops mid-move
            ReplicaLogDirInfo during = replicaDirs(admin, replica);
            assertEquals(from.toAbsolutePath().toString(), during.getCurrentReplicaLogDir());
            assertEquals(to.toAbsolutePath().toString(), during.getFutureReplicaLogDir());
        }

        assertEquals(128 + 15, brokers.broker(BROKER).stop(), brokers.broker(BROKER).outputTail()); // SIGTERM, a clean stop
        assertTrue(futureBytes(to, topic) > 0, "the future log stays on disk");
        brokers.start(BROKER);

        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            Awaitility.await("the move resumed after the restart").atMost(ThreeBrokers.WAIT)
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> to.toAbsolutePath().toString().equals(replicaDirs(admin, replica).getFutureReplicaLogDir()));
            setMoveRate(admin, null);
            Awaitility.await("the move completed").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> {
                        ReplicaLogDirInfo info = replicaDirs(admin, replica);
                        return to.toAbsolutePath().toString().equals(info.getCurrentReplicaLogDir())
                                && info.getFutureReplicaLogDir() == null;
                    });
        }
        assertTrue(Files.isDirectory(to.resolve(topic + "-0")));
        Awaitility.await("the old copy deleted").atMost(ThreeBrokers.WAIT).ignoreExceptions()
                .until(() -> !Files.exists(from.resolve(topic + "-0")) && futureBytes(to, topic) == 0);
        assertArrayEquals(before, brokers.logBytes(BROKER, topic, 0), "every byte moved");
        brokers.awaitIdenticalReplicas(topic, 0);
    }

    /** Sets (or, for null, deletes) broker {@link #BROKER}'s move quota, as kafka-configs.sh --entity-type brokers does. */
    private static void setMoveRate(Admin admin, String rate) throws Exception {
        ConfigEntry entry = new ConfigEntry("replica.alter.log.dirs.io.max.bytes.per.second", rate);
        AlterConfigOp op = new AlterConfigOp(entry, rate == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(BROKER)),
                List.of(op))).all().get(30, TimeUnit.SECONDS);
    }

    private static ReplicaLogDirInfo replicaDirs(Admin admin, TopicPartitionReplica replica) throws Exception {
        return admin.describeReplicaLogDirs(List.of(replica)).all().get(30, TimeUnit.SECONDS).get(replica);
    }

    /** {nanoTime, bytes} once the future log in {@code dir} holds at least {@code bytes}. */
    private static long[] awaitFutureBytes(Path dir, String topic, long bytes) {
        long[] seen = new long[2];
        Awaitility.await("the future log holding " + bytes + " bytes").atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
                    seen[1] = futureBytes(dir, topic);
                    seen[0] = System.nanoTime();
                    return seen[1] >= bytes;
                });
        return seen;
    }

    /** Bytes of the segments of {@code topic-0}'s future log in {@code dir} (0: none). */
    private static long futureBytes(Path dir, String topic) {
        try (Stream<Path> entries = Files.list(dir)) {
            long total = 0;
            for (Path future : entries.filter(p -> p.getFileName().toString().startsWith(topic + "-0.")
                    && p.getFileName().toString().endsWith("-future")).toList()) {
                try (Stream<Path> files = Files.list(future)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                        total += Files.size(f);
                    }
                }
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
