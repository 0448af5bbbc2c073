package io.gregor.broker.handlers.data;

import static io.gregor.broker.handlers.data.DataPlaneFixture.produce;
import static io.gregor.broker.handlers.data.DataPlaneFixture.records;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsRequest;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsResponse;
import io.gregor.clients.protocol.schemas.DescribeLogDirsRequest;
import io.gregor.clients.protocol.schemas.DescribeLogDirsResponse;
import io.gregor.clients.protocol.schemas.DescribeLogDirsResponse.Results;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DescribeLogDirs and AlterReplicaLogDirs through their handlers, every version on the wire, on a broker with two log dirs. */
class LogDirHandlersTest {
    @TempDir
    Path tmp;
    DataPlaneFixture broker;
    Path data1;
    Path data2;

    @BeforeEach
    void start() throws Exception {
        data1 = tmp.resolve("data1").toAbsolutePath();
        data2 = tmp.resolve("data2").toAbsolutePath();
        broker = new DataPlaneFixture(List.of(data1, data2));
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void everyVersionOfDescribeLogDirsListsBothDirsWithTheirReplicasSizesAndLags() throws Exception {
        broker.becomeLeader("a", 1);
        broker.becomeLeader("b", 1);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "a", 0, records(1_000L, "v")));
        for (short v = 0; v <= 4; v++) {
            Map<Path, Struct> dirs = describe(v, null);
            assertEquals(2, dirs.size(), "v" + v);
            Struct withA = dirs.values().stream().filter(d -> partition(d, "a") != null).findFirst().orElseThrow();
            Struct withB = dirs.values().stream().filter(d -> partition(d, "b") != null).findFirst().orElseThrow();
            assertTrue(withA != withB, "the two partitions went to different dirs");
            assertEquals(Errors.NONE.code(), withA.getShort(Results.ERROR_CODE));
            assertTrue(partition(withA, "a").getLong(Results.Topics.Partitions.PARTITION_SIZE) > 0);
            assertEquals(0L, partition(withA, "a").getLong(Results.Topics.Partitions.OFFSET_LAG));
            assertEquals(v >= 4, withA.getLong(Results.TOTAL_BYTES) > 0, "v" + v + " total bytes");
            assertEquals(v >= 4, withA.getLong(Results.USABLE_BYTES) > 0, "v" + v + " usable bytes");
        }
        Map<Path, Struct> onlyB = describe((short) 4, Map.of("b", List.of(0)));
        assertTrue(onlyB.values().stream().allMatch(d -> partition(d, "a") == null), "only the partitions asked for");
        assertEquals(1, onlyB.values().stream().filter(d -> partition(d, "b") != null).count());
    }

    @Test
    void everyVersionOfAlterReplicaLogDirsAnswersAsKafkaAndMovesAHostedReplica() throws Exception {
        broker.becomeLeader("m", 1);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "m", 0, records(1_000L, "v")));
        Path current = broker.logManager.getLog(new io.gregor.core.log.TopicPartition("m", 0)).orElseThrow().dir().getParent();
        Path other = current.equals(data1) ? data2 : data1;
        for (short v = 0; v <= 2; v++) {
            assertEquals(Errors.LOG_DIR_NOT_FOUND, alter(v, tmp.resolve("nowhere"), "m", 0));
            assertEquals(Errors.REPLICA_NOT_AVAILABLE, alter(v, other, "unknown", 0));
        }
        assertEquals(Errors.NONE, alter((short) 2, other, "m", 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> partition(describe((short) 4, null).get(other), "m") != null);
        assertEquals(Errors.NONE, alter((short) 2, other, "m", 0), "already there");
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "m", 0, records(2_000L, "w")));
        assertEquals(2L, broker.logManager.getLog(new io.gregor.core.log.TopicPartition("m", 0)).orElseThrow().logEndOffset());
    }

    private Map<Path, Struct> describe(short version, Map<String, List<Integer>> topics) throws Exception {
        Struct request = ApiMessages.request(ApiKey.DESCRIBE_LOG_DIRS).newStruct().set(DescribeLogDirsRequest.TOPICS, null);
        if (topics != null) {
            request.set(DescribeLogDirsRequest.TOPICS, new java.util.ArrayList<>());
            topics.forEach((t, ps) -> request.addElement(DescribeLogDirsRequest.TOPICS)
                    .set(DescribeLogDirsRequest.Topics.TOPIC, t).set(DescribeLogDirsRequest.Topics.PARTITIONS, ps));
        }
        Struct response = broker.call(ApiKey.DESCRIBE_LOG_DIRS, version, request);
        Map<Path, Struct> dirs = new HashMap<>();
        response.getStructs(DescribeLogDirsResponse.RESULTS).forEach(d -> dirs.put(Path.of(d.getString(Results.LOG_DIR)), d));
        return dirs;
    }

    private static Struct partition(Struct dir, String topic) {
        for (Struct t : dir.getStructs(Results.TOPICS)) {
            if (t.getString(Results.Topics.NAME).equals(topic)) {
                return t.getStructs(Results.Topics.PARTITIONS).get(0);
            }
        }
        return null;
    }

    private Errors alter(short version, Path dir, String topic, int partition) throws Exception {
        Struct request = ApiMessages.request(ApiKey.ALTER_REPLICA_LOG_DIRS).newStruct();
        request.addElement(AlterReplicaLogDirsRequest.DIRS).set(AlterReplicaLogDirsRequest.Dirs.PATH, dir.toString())
                .addElement(AlterReplicaLogDirsRequest.Dirs.TOPICS).set(AlterReplicaLogDirsRequest.Dirs.Topics.NAME, topic)
                .set(AlterReplicaLogDirsRequest.Dirs.Topics.PARTITIONS, List.of(partition));
        Struct response = broker.call(ApiKey.ALTER_REPLICA_LOG_DIRS, version, request);
        return Errors.forCode(response.getStructs(AlterReplicaLogDirsResponse.RESULTS).get(0)
                .getStructs(AlterReplicaLogDirsResponse.Results.PARTITIONS).get(0)
                .getShort(AlterReplicaLogDirsResponse.Results.Partitions.ERROR_CODE));
    }
}
