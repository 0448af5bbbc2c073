package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.core.log.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.gregor.broker.handlers.data.DataPlaneFixture.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ListOffsets, OffsetForLeaderEpoch, LeaderAndIsr epochs and StopReplica through the handlers. */
class OffsetsAndControllerHandlersTest {
    @TempDir
    Path dir;
    DataPlaneFixture broker;

    @BeforeEach
    void start() throws Exception {
        broker = new DataPlaneFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private static MemoryRecords timestamped(long... timestamps) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        for (long ts : timestamps) {
            b.append(ts, null, ("v" + ts).getBytes());
        }
        return b.build();
    }

    private Struct listOffset(short version, String topic, long timestamp) throws Exception {
        Struct req = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct().set("ReplicaId", -1);
        req.addElement("Topics").set("Name", topic).addElement("Partitions").set("PartitionIndex", 0)
                .set("Timestamp", timestamp);
        return broker.call(ApiKey.LIST_OFFSETS, version, req).getStructs("Topics").get(0).getStructs("Partitions").get(0);
    }

    @Test
    void listOffsetsFindsEarliestLatestMaxTimestampAndTheFirstOffsetAtATimestamp() throws Exception {
        broker.becomeLeader("ts", 1);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "ts", 0, timestamped(100, 200, 300)));
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "ts", 0, timestamped(400, 350)));
        short v = 7;
        assertEquals(0L, listOffset(v, "ts", -2L).getLong("Offset"));
        Struct latest = listOffset(v, "ts", -1L);
        assertEquals(5L, latest.getLong("Offset"));
        assertEquals(0, latest.getInt("LeaderEpoch"));
        Struct byTime = listOffset(v, "ts", 250L);
        assertEquals(2L, byTime.getLong("Offset"));
        assertEquals(300L, byTime.getLong("Timestamp"));
        assertEquals(3L, listOffset(v, "ts", 360L).getLong("Offset"), "first record at or after 360 is 400 at offset 3");
        assertEquals(0L, listOffset(v, "ts", 5L).getLong("Offset"));
        assertEquals(-1L, listOffset(v, "ts", 1000L).getLong("Offset"), "no record that late");
        Struct max = listOffset(v, "ts", -3L);
        assertEquals(400L, max.getLong("Timestamp"));
        assertEquals(4L, max.getLong("Offset"), "batch v2 reports the offset of the batch holding the max timestamp");
        assertEquals(List.of(5L), listOffset((short) 0, "ts", -1L).getArray("OldStyleOffsets"));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), listOffset(v, "missing", -1L).getShort("ErrorCode"));
    }

    @Test
    void offsetForLeaderEpochAnswersFromTheLeaderEpochCache() throws Exception {
        UUID id = broker.becomeLeader("e", 1);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "e", 0, timestamped(1, 2)));
        broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(1, "e", id, 1, 0, 3, List.of(0), List.of(0)));
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "e", 0, timestamped(3)));
        Struct req = ApiMessages.request(ApiKey.OFFSET_FOR_LEADER_EPOCH).newStruct().set("ReplicaId", -1);
        Struct t = req.addElement("Topics").set("Topic", "e");
        t.addElement("Partitions").set("Partition", 0).set("LeaderEpoch", 0).set("CurrentLeaderEpoch", 3);
        t.addElement("Partitions").set("Partition", 0).set("LeaderEpoch", 3).set("CurrentLeaderEpoch", 2);
        List<Struct> parts = broker.call(ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 4, req).getStructs("Topics").get(0)
                .getStructs("Partitions");
        assertEquals(0, parts.get(0).getShort("ErrorCode"));
        assertEquals(0, parts.get(0).getInt("LeaderEpoch"));
        assertEquals(2L, parts.get(0).getLong("EndOffset"), "epoch 0 ended where epoch 3 began");
        assertEquals(Errors.FENCED_LEADER_EPOCH.code(), parts.get(1).getShort("ErrorCode"));
    }

    @Test
    void leaderAndIsrFromAnOlderControllerIsRejectedAndOlderLeaderEpochsAreIgnored() throws Exception {
        UUID id = UUID.randomUUID();
        Struct ok = broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(5, "c", id, 1, 0, 4, List.of(0), List.of(0)));
        assertEquals(0, ok.getShort("ErrorCode"));
        assertEquals(id, ok.getStructs("Topics").get(0).getUuid("TopicId"));
        Struct stale = broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(4, "c", id, 1, 0, 9, List.of(0), List.of(0)));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), stale.getShort("ErrorCode"));
        Struct olderEpoch = broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(5, "c", id, 1, 0, 3, List.of(0), List.of(0)));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(),
                olderEpoch.getStructs("Topics").get(0).getStructs("PartitionErrors").get(0).getShort("ErrorCode"));
        assertEquals(4, broker.replicaManager.partition(new TopicPartition("c", 0)).orElseThrow().leaderEpoch());
        Struct notReplica = broker.call(ApiKey.LEADER_AND_ISR, (short) 4,
                broker.leaderAndIsr(5, "other", id, 1, 1, 0, List.of(1), List.of(1)));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), notReplica.getStructs("PartitionErrors").get(0).getShort("ErrorCode"));
    }

    @Test
    void stopReplicaWithDeleteRemovesTheLogAndTheBrokerNoLongerServesThePartition() throws Exception {
        broker.becomeLeader("gone", 2);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "gone", 0, timestamped(1)));
        Path logDir = broker.logManager.getLog(new TopicPartition("gone", 0)).orElseThrow().dir();
        assertTrue(Files.exists(logDir));
        Struct req = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct().set("ControllerId", 0).set("ControllerEpoch", 1);
        Struct t = req.addElement("TopicStates").set("TopicName", "gone");
        t.addElement("PartitionStates").set("PartitionIndex", 0).set("LeaderEpoch", 1).set("DeletePartition", true);
        t.addElement("PartitionStates").set("PartitionIndex", 1).set("LeaderEpoch", 1).set("DeletePartition", false);
        Struct response = broker.call(ApiKey.STOP_REPLICA, (short) 3, req);
        assertEquals(0, response.getShort("ErrorCode"));
        assertEquals(2, response.getStructs("PartitionErrors").size());
        assertFalse(Files.exists(logDir));
        assertTrue(broker.logManager.getLog(new TopicPartition("gone", 0)).isEmpty());
        assertTrue(broker.logManager.getLog(new TopicPartition("gone", 1)).isPresent(), "kept without delete");
        assertTrue(broker.replicaManager.partition(new TopicPartition("gone", 1)).isEmpty());

        broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(1, "kept", UUID.randomUUID(), 1, 0, 5,
                List.of(0), List.of(0)));
        Struct fenced = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct().set("ControllerEpoch", 1);
        fenced.addElement("TopicStates").set("TopicName", "kept").addElement("PartitionStates")
                .set("PartitionIndex", 0).set("LeaderEpoch", 4).set("DeletePartition", true);
        assertEquals(Errors.FENCED_LEADER_EPOCH.code(), broker.call(ApiKey.STOP_REPLICA, (short) 3, fenced)
                .getStructs("PartitionErrors").get(0).getShort("ErrorCode"));
        assertTrue(broker.replicaManager.partition(new TopicPartition("kept", 0)).isPresent());

        Struct stale = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct().set("ControllerEpoch", 0);
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), broker.call(ApiKey.STOP_REPLICA, (short) 3, stale).getShort("ErrorCode"));
    }
}
