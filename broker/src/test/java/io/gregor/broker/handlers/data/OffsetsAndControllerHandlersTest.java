package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse.LeaderAndIsrPartitionError;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochRequest;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochResponse;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.clients.protocol.schemas.StopReplicaResponse;
import io.gregor.clients.protocol.schemas.StopReplicaResponse.PartitionErrors;
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
        Struct req = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct().set(ListOffsetsRequest.REPLICA_ID, -1);
        req.addElement(ListOffsetsRequest.TOPICS).set(ListOffsetsRequest.Topics.NAME, topic)
                .addElement(ListOffsetsRequest.Topics.PARTITIONS)
                .set(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX, 0)
                .set(ListOffsetsRequest.Topics.Partitions.TIMESTAMP, timestamp);
        return broker.call(ApiKey.LIST_OFFSETS, version,
                req).getStructs(ListOffsetsResponse.TOPICS).get(0).getStructs(ListOffsetsResponse.Topics.PARTITIONS).get(0);
    }

    @Test
    void listOffsetsFindsEarliestLatestMaxTimestampAndTheFirstOffsetAtATimestamp() throws Exception {
        broker.becomeLeader("ts", 1);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "ts", 0, timestamped(100, 200, 300)));
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "ts", 0, timestamped(400, 350)));
        short v = 7;
        assertEquals(0L, listOffset(v, "ts", -2L).getLong(ListOffsetsResponse.Topics.Partitions.OFFSET));
        Struct latest = listOffset(v, "ts", -1L);
        assertEquals(5L, latest.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET));
        assertEquals(0, latest.getInt(ListOffsetsResponse.Topics.Partitions.LEADER_EPOCH));
        Struct byTime = listOffset(v, "ts", 250L);
        assertEquals(2L, byTime.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET));
        assertEquals(300L, byTime.getLong(ListOffsetsResponse.Topics.Partitions.TIMESTAMP));
        assertEquals(3L, listOffset(v, "ts", 360L).getLong(ListOffsetsResponse.Topics.Partitions.OFFSET),
                "first record at or after 360 is 400 at offset 3");
        assertEquals(0L, listOffset(v, "ts", 5L).getLong(ListOffsetsResponse.Topics.Partitions.OFFSET));
        assertEquals(-1L, listOffset(v, "ts", 1000L).getLong(ListOffsetsResponse.Topics.Partitions.OFFSET),
                "no record that late");
        Struct max = listOffset(v, "ts", -3L);
        assertEquals(400L, max.getLong(ListOffsetsResponse.Topics.Partitions.TIMESTAMP));
        assertEquals(3L, max.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET),
                "the record holding the max timestamp (400 at offset 3), not its batch's last offset");
        assertEquals(List.of(5L), listOffset((short) 0, "ts",
                -1L).getArray(ListOffsetsResponse.Topics.Partitions.OLD_STYLE_OFFSETS));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                listOffset(v, "missing", -1L).getShort(ListOffsetsResponse.Topics.Partitions.ERROR_CODE));
    }

    @Test
    void offsetForLeaderEpochAnswersFromTheLeaderEpochCache() throws Exception {
        UUID id = broker.becomeLeader("e", 1);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "e", 0, timestamped(1, 2)));
        broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(1, "e", id, 1, 0, 3, List.of(0), List.of(0)));
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "e", 0, timestamped(3)));
        Struct req = ApiMessages.request(ApiKey.OFFSET_FOR_LEADER_EPOCH).newStruct()
                .set(OffsetForLeaderEpochRequest.REPLICA_ID, -1);
        Struct t = req.addElement(OffsetForLeaderEpochRequest.TOPICS)
                .set(OffsetForLeaderEpochRequest.Topics.TOPIC, "e");
        t.addElement(OffsetForLeaderEpochRequest.Topics.PARTITIONS)
                .set(OffsetForLeaderEpochRequest.Topics.Partitions.PARTITION, 0)
                .set(OffsetForLeaderEpochRequest.Topics.Partitions.LEADER_EPOCH, 0)
                .set(OffsetForLeaderEpochRequest.Topics.Partitions.CURRENT_LEADER_EPOCH, 3);
        t.addElement(OffsetForLeaderEpochRequest.Topics.PARTITIONS)
                .set(OffsetForLeaderEpochRequest.Topics.Partitions.PARTITION, 0)
                .set(OffsetForLeaderEpochRequest.Topics.Partitions.LEADER_EPOCH, 3)
                .set(OffsetForLeaderEpochRequest.Topics.Partitions.CURRENT_LEADER_EPOCH, 2);
        List<Struct> parts = broker.call(ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 4,
                req).getStructs(OffsetForLeaderEpochResponse.TOPICS).get(0)
                .getStructs(OffsetForLeaderEpochResponse.Topics.PARTITIONS);
        assertEquals(0, parts.get(0).getShort(OffsetForLeaderEpochResponse.Topics.Partitions.ERROR_CODE));
        assertEquals(0, parts.get(0).getInt(OffsetForLeaderEpochResponse.Topics.Partitions.LEADER_EPOCH));
        assertEquals(2L, parts.get(0).getLong(OffsetForLeaderEpochResponse.Topics.Partitions.END_OFFSET),
                "epoch 0 ended where epoch 3 began");
        assertEquals(Errors.FENCED_LEADER_EPOCH.code(),
                parts.get(1).getShort(OffsetForLeaderEpochResponse.Topics.Partitions.ERROR_CODE));
    }

    @Test
    void leaderAndIsrFromAnOlderControllerIsRejectedAndOlderLeaderEpochsAreIgnored() throws Exception {
        UUID id = UUID.randomUUID();
        Struct ok = broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(5, "c", id, 1, 0, 4, List.of(0), List.of(0)));
        assertEquals(0, ok.getShort(LeaderAndIsrResponse.ERROR_CODE));
        assertEquals(id, ok.getStructs(LeaderAndIsrResponse.TOPICS).get(0).getUuid(LeaderAndIsrResponse.Topics.TOPIC_ID));
        Struct stale = broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(4, "c", id, 1, 0, 9, List.of(0), List.of(0)));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), stale.getShort(LeaderAndIsrResponse.ERROR_CODE));
        Struct olderEpoch = broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(5, "c", id, 1, 0, 3, List.of(0), List.of(0)));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(),
                olderEpoch.getStructs(LeaderAndIsrResponse.TOPICS).get(0).getStructs(LeaderAndIsrResponse.Topics.PARTITION_ERRORS).get(0).getShort(LeaderAndIsrPartitionError.ERROR_CODE));
        assertEquals(4, broker.replicaManager.partition(new TopicPartition("c", 0)).orElseThrow().leaderEpoch());
        Struct notReplica = broker.call(ApiKey.LEADER_AND_ISR, (short) 4,
                broker.leaderAndIsr(5, "other", id, 1, 1, 0, List.of(1), List.of(1)));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                notReplica.getStructs(LeaderAndIsrResponse.PARTITION_ERRORS).get(0).getShort(LeaderAndIsrPartitionError.ERROR_CODE));
    }

    @Test
    void stopReplicaWithDeleteRemovesTheLogAndTheBrokerNoLongerServesThePartition() throws Exception {
        broker.becomeLeader("gone", 2);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "gone", 0, timestamped(1)));
        Path logDir = broker.logManager.getLog(new TopicPartition("gone", 0)).orElseThrow().dir();
        assertTrue(Files.exists(logDir));
        Struct req = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct().set(StopReplicaRequest.CONTROLLER_ID, 0)
                .set(StopReplicaRequest.CONTROLLER_EPOCH, 1);
        Struct t = req.addElement(StopReplicaRequest.TOPIC_STATES).set(TopicStates.TOPIC_NAME, "gone");
        t.addElement(TopicStates.PARTITION_STATES).set(PartitionStates.PARTITION_INDEX, 0)
                .set(PartitionStates.LEADER_EPOCH, 1).set(PartitionStates.DELETE_PARTITION, true);
        t.addElement(TopicStates.PARTITION_STATES).set(PartitionStates.PARTITION_INDEX, 1)
                .set(PartitionStates.LEADER_EPOCH, 1).set(PartitionStates.DELETE_PARTITION, false);
        Struct response = broker.call(ApiKey.STOP_REPLICA, (short) 3, req);
        assertEquals(0, response.getShort(StopReplicaResponse.ERROR_CODE));
        assertEquals(2, response.getStructs(StopReplicaResponse.PARTITION_ERRORS).size());
        assertFalse(Files.exists(logDir));
        assertTrue(broker.logManager.getLog(new TopicPartition("gone", 0)).isEmpty());
        assertTrue(broker.logManager.getLog(new TopicPartition("gone", 1)).isPresent(), "kept without delete");
        assertTrue(broker.replicaManager.partition(new TopicPartition("gone", 1)).isEmpty());

        broker.call(ApiKey.LEADER_AND_ISR, (short) 6, broker.leaderAndIsr(1, "kept", UUID.randomUUID(), 1, 0, 5,
                List.of(0), List.of(0)));
        Struct fenced = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct()
                .set(StopReplicaRequest.CONTROLLER_EPOCH, 1);
        fenced.addElement(StopReplicaRequest.TOPIC_STATES).set(TopicStates.TOPIC_NAME, "kept")
                .addElement(TopicStates.PARTITION_STATES)
                .set(PartitionStates.PARTITION_INDEX, 0).set(PartitionStates.LEADER_EPOCH, 4)
                .set(PartitionStates.DELETE_PARTITION, true);
        assertEquals(Errors.FENCED_LEADER_EPOCH.code(), broker.call(ApiKey.STOP_REPLICA, (short) 3, fenced)
                .getStructs(StopReplicaResponse.PARTITION_ERRORS).get(0).getShort(PartitionErrors.ERROR_CODE));
        assertTrue(broker.replicaManager.partition(new TopicPartition("kept", 0)).isPresent());

        Struct stale = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct().set(StopReplicaRequest.CONTROLLER_EPOCH, 0);
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(),
                broker.call(ApiKey.STOP_REPLICA, (short) 3, stale).getShort(StopReplicaResponse.ERROR_CODE));
    }
}
