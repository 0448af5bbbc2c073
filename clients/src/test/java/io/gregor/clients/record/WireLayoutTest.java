package io.gregor.clients.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The layout constants of batch v2, its records and control records, derived from the tables on
 * {@link RecordBatch}, {@link Record}, {@link ControlRecordType} and {@link EndTransactionMarker},
 * checked against the constants of kafka-clients (read by reflection where Kafka keeps them
 * package-private).
 */
class WireLayoutTest {

    @Test
    void batchHeaderOffsetsAndLengthsEqualKafkasDefaultRecordBatch() throws Exception {
        Class<?> kafka = org.apache.kafka.common.record.DefaultRecordBatch.class;
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("BASE_OFFSET_OFFSET", RecordBatch.BASE_OFFSET_OFFSET);
        expected.put("BASE_OFFSET_LENGTH", RecordBatch.BASE_OFFSET_LENGTH);
        expected.put("LENGTH_OFFSET", RecordBatch.LENGTH_OFFSET);
        expected.put("LENGTH_LENGTH", RecordBatch.LENGTH_LENGTH);
        expected.put("PARTITION_LEADER_EPOCH_OFFSET", RecordBatch.PARTITION_LEADER_EPOCH_OFFSET);
        expected.put("PARTITION_LEADER_EPOCH_LENGTH", RecordBatch.PARTITION_LEADER_EPOCH_LENGTH);
        expected.put("MAGIC_OFFSET", RecordBatch.MAGIC_OFFSET);
        expected.put("MAGIC_LENGTH", RecordBatch.MAGIC_LENGTH);
        expected.put("CRC_OFFSET", RecordBatch.CRC_OFFSET);
        expected.put("CRC_LENGTH", RecordBatch.CRC_LENGTH);
        expected.put("ATTRIBUTES_OFFSET", RecordBatch.ATTRIBUTES_OFFSET);
        expected.put("ATTRIBUTE_LENGTH", RecordBatch.ATTRIBUTES_LENGTH);
        expected.put("LAST_OFFSET_DELTA_OFFSET", RecordBatch.LAST_OFFSET_DELTA_OFFSET);
        expected.put("LAST_OFFSET_DELTA_LENGTH", RecordBatch.LAST_OFFSET_DELTA_LENGTH);
        expected.put("BASE_TIMESTAMP_OFFSET", RecordBatch.BASE_TIMESTAMP_OFFSET);
        expected.put("BASE_TIMESTAMP_LENGTH", RecordBatch.BASE_TIMESTAMP_LENGTH);
        expected.put("MAX_TIMESTAMP_OFFSET", RecordBatch.MAX_TIMESTAMP_OFFSET);
        expected.put("MAX_TIMESTAMP_LENGTH", RecordBatch.MAX_TIMESTAMP_LENGTH);
        expected.put("PRODUCER_ID_OFFSET", RecordBatch.PRODUCER_ID_OFFSET);
        expected.put("PRODUCER_ID_LENGTH", RecordBatch.PRODUCER_ID_LENGTH);
        expected.put("PRODUCER_EPOCH_OFFSET", RecordBatch.PRODUCER_EPOCH_OFFSET);
        expected.put("PRODUCER_EPOCH_LENGTH", RecordBatch.PRODUCER_EPOCH_LENGTH);
        expected.put("BASE_SEQUENCE_OFFSET", RecordBatch.BASE_SEQUENCE_OFFSET);
        expected.put("BASE_SEQUENCE_LENGTH", RecordBatch.BASE_SEQUENCE_LENGTH);
        expected.put("RECORDS_COUNT_OFFSET", RecordBatch.RECORDS_COUNT_OFFSET);
        expected.put("RECORDS_COUNT_LENGTH", RecordBatch.RECORDS_COUNT_LENGTH);
        expected.put("RECORDS_OFFSET", RecordBatch.RECORDS_OFFSET);
        expected.put("RECORD_BATCH_OVERHEAD", RecordBatch.HEADER_SIZE);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            assertEquals(intConstant(kafka, e.getKey()), e.getValue(), e.getKey());
        }
        assertEquals(org.apache.kafka.common.record.Records.LOG_OVERHEAD, RecordBatch.LOG_OVERHEAD);
        assertEquals(org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE, RecordBatch.MAGIC);
    }

    @Test
    void everyBatchFieldStartsWhereThePreviousOneEnds() {
        int[][] offsetAndLength = {
            {RecordBatch.BASE_OFFSET_OFFSET, RecordBatch.BASE_OFFSET_LENGTH},
            {RecordBatch.LENGTH_OFFSET, RecordBatch.LENGTH_LENGTH},
            {RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, RecordBatch.PARTITION_LEADER_EPOCH_LENGTH},
            {RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC_LENGTH},
            {RecordBatch.CRC_OFFSET, RecordBatch.CRC_LENGTH},
            {RecordBatch.ATTRIBUTES_OFFSET, RecordBatch.ATTRIBUTES_LENGTH},
            {RecordBatch.LAST_OFFSET_DELTA_OFFSET, RecordBatch.LAST_OFFSET_DELTA_LENGTH},
            {RecordBatch.BASE_TIMESTAMP_OFFSET, RecordBatch.BASE_TIMESTAMP_LENGTH},
            {RecordBatch.MAX_TIMESTAMP_OFFSET, RecordBatch.MAX_TIMESTAMP_LENGTH},
            {RecordBatch.PRODUCER_ID_OFFSET, RecordBatch.PRODUCER_ID_LENGTH},
            {RecordBatch.PRODUCER_EPOCH_OFFSET, RecordBatch.PRODUCER_EPOCH_LENGTH},
            {RecordBatch.BASE_SEQUENCE_OFFSET, RecordBatch.BASE_SEQUENCE_LENGTH},
            {RecordBatch.RECORDS_COUNT_OFFSET, RecordBatch.RECORDS_COUNT_LENGTH},
        };
        int next = 0;
        for (int[] field : offsetAndLength) {
            assertEquals(next, field[0]);
            next = field[0] + field[1];
        }
        assertEquals(next, RecordBatch.RECORDS_OFFSET);
        assertEquals(RecordBatch.RECORDS_OFFSET, RecordBatch.HEADER_SIZE);
        assertEquals(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, RecordBatch.LOG_OVERHEAD);
    }

    @Test
    void recordOverheadEqualsKafkasDefaultRecord() {
        assertEquals(org.apache.kafka.common.record.DefaultRecord.MAX_RECORD_OVERHEAD, Record.MAX_OVERHEAD);
        assertEquals(Varint.MAX_VARINT_LENGTH, Varint.sizeOfVarint(Integer.MIN_VALUE));
        assertEquals(Varint.MAX_VARLONG_LENGTH, Varint.sizeOfVarlong(Long.MIN_VALUE));
    }

    @Test
    void controlRecordKeyAndMarkerValueSizesEqualKafkas() throws Exception {
        assertEquals(intConstant(org.apache.kafka.common.record.ControlRecordType.class,
                "CURRENT_CONTROL_RECORD_KEY_SIZE"), ControlRecordType.KEY_SIZE);
        assertEquals(shortConstant(org.apache.kafka.common.record.ControlRecordType.class,
                "CURRENT_CONTROL_RECORD_KEY_VERSION"), ControlRecordType.CURRENT_KEY_VERSION);
        assertEquals(intConstant(org.apache.kafka.common.record.EndTransactionMarker.class,
                "CURRENT_END_TXN_MARKER_VALUE_SIZE"), EndTransactionMarker.VALUE_SIZE);
        assertEquals(ControlRecordType.KEY_VERSION_LENGTH, ControlRecordType.KEY_TYPE_OFFSET);
        assertEquals(EndTransactionMarker.VERSION_LENGTH, EndTransactionMarker.COORDINATOR_EPOCH_OFFSET);
    }

    @Test
    void controlRecordKeyIsVersionThenType() {
        var key = ControlRecordType.COMMIT.key();
        assertEquals(ControlRecordType.KEY_SIZE, key.remaining());
        assertEquals(ControlRecordType.CURRENT_KEY_VERSION, key.getShort(ControlRecordType.KEY_VERSION_OFFSET));
        assertEquals(ControlRecordType.COMMIT.type, key.getShort(ControlRecordType.KEY_TYPE_OFFSET));
        var value = new EndTransactionMarker(ControlRecordType.ABORT, 123).value();
        assertEquals(EndTransactionMarker.VALUE_SIZE, value.remaining());
        assertEquals(123, value.getInt(EndTransactionMarker.COORDINATOR_EPOCH_OFFSET));
    }

    private static int intConstant(Class<?> type, String name) throws Exception {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.getInt(null);
    }

    private static short shortConstant(Class<?> type, String name) throws Exception {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.getShort(null);
    }
}
