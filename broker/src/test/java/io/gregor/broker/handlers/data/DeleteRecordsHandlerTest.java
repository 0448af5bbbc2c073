package io.gregor.broker.handlers.data;

import static io.gregor.broker.handlers.data.DataPlaneFixture.produce;
import static io.gregor.broker.handlers.data.DataPlaneFixture.records;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DeleteRecordsRequest;
import io.gregor.clients.protocol.schemas.DeleteRecordsResponse;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.core.log.LogConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeleteRecords through its handler, every version on the wire: low watermarks and Kafka's refusals. */
class DeleteRecordsHandlerTest {
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

    @Test
    void everyVersionMovesTheLogStartOffsetAndAnswersTheLowWatermark() throws Exception {
        broker.becomeLeader("d", 1);
        for (int i = 0; i < 6; i++) {
            broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "d", 0, records(1_000L + i, "v" + i)));
        }
        for (short v = 0; v <= 2; v++) {
            Map<String, Struct> answer = delete(v, Map.of("d", v + 1L));
            assertEquals(Errors.NONE.code(), answer.get("d-0").getShort(DeleteRecordsResponse.Topics.Partitions.ERROR_CODE));
            assertEquals(v + 1L, answer.get("d-0").getLong(DeleteRecordsResponse.Topics.Partitions.LOW_WATERMARK));
            assertEquals(v + 1L, earliest("d"));
        }
        Struct toHighWatermark = delete((short) 2, Map.of("d", -1L)).get("d-0");
        assertEquals(6L, toHighWatermark.getLong(DeleteRecordsResponse.Topics.Partitions.LOW_WATERMARK));
        assertEquals(6L, earliest("d"));
    }

    @Test
    void internalCompactedUnknownAndOutOfRangePartitionsAreRefusedAsKafkaRefusesThem() throws Exception {
        broker.topicConfigs.put("compacted", LogConfig.DEFAULT.with(Map.of("cleanup.policy", "compact")));
        broker.becomeLeader("compacted", 1);
        broker.becomeLeader("__consumer_offsets", 1);
        broker.becomeLeader("d", 1);
        broker.call(ApiKey.PRODUCE, (short) 9, produce((short) 1, 5000, "d", 0, records(1_000L, "v")));
        Map<String, Long> offsets = new LinkedHashMap<>();
        offsets.put("compacted", 0L);
        offsets.put("__consumer_offsets", 0L);
        offsets.put("absent", 0L);
        offsets.put("d", 5L);
        Map<String, Struct> answer = delete((short) 2, offsets);
        assertEquals(Errors.POLICY_VIOLATION, error(answer.get("compacted-0")));
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION, error(answer.get("__consumer_offsets-0")));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, error(answer.get("absent-0")));
        assertEquals(Errors.OFFSET_OUT_OF_RANGE, error(answer.get("d-0")), "offset 5 is past the high watermark 1");
        assertEquals(-1L, answer.get("d-0").getLong(DeleteRecordsResponse.Topics.Partitions.LOW_WATERMARK));
        assertEquals(0L, earliest("d"));
    }

    private static Errors error(Struct partition) {
        return Errors.forCode(partition.getShort(DeleteRecordsResponse.Topics.Partitions.ERROR_CODE));
    }

    /** DeleteRecords of partition 0 of each topic; the answers by "topic-0". */
    private Map<String, Struct> delete(short version, Map<String, Long> offsets) throws Exception {
        Struct request = ApiMessages.request(ApiKey.DELETE_RECORDS).newStruct().set(DeleteRecordsRequest.TIMEOUT_MS, 5000);
        offsets.forEach((topic, offset) -> request.addElement(DeleteRecordsRequest.TOPICS)
                .set(DeleteRecordsRequest.Topics.NAME, topic).addElement(DeleteRecordsRequest.Topics.PARTITIONS)
                .set(DeleteRecordsRequest.Topics.Partitions.PARTITION_INDEX, 0)
                .set(DeleteRecordsRequest.Topics.Partitions.OFFSET, offset));
        Map<String, Struct> byPartition = new LinkedHashMap<>();
        for (Struct t : broker.call(ApiKey.DELETE_RECORDS, version, request).getStructs(DeleteRecordsResponse.TOPICS)) {
            for (Struct p : t.getStructs(DeleteRecordsResponse.Topics.PARTITIONS)) {
                byPartition.put(t.getString(DeleteRecordsResponse.Topics.NAME) + "-"
                        + p.getInt(DeleteRecordsResponse.Topics.Partitions.PARTITION_INDEX), p);
            }
        }
        return byPartition;
    }

    private long earliest(String topic) throws Exception {
        Struct req = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct().set(ListOffsetsRequest.REPLICA_ID, -1);
        req.addElement(ListOffsetsRequest.TOPICS).set(ListOffsetsRequest.Topics.NAME, topic)
                .addElement(ListOffsetsRequest.Topics.PARTITIONS)
                .set(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX, 0)
                .set(ListOffsetsRequest.Topics.Partitions.TIMESTAMP, -2L);
        return broker.call(ApiKey.LIST_OFFSETS, (short) 7, req).getStructs(ListOffsetsResponse.TOPICS).get(0)
                .getStructs(ListOffsetsResponse.Topics.PARTITIONS).get(0).getLong(ListOffsetsResponse.Topics.Partitions.OFFSET);
    }
}
