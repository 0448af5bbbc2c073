package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCoordinatorTest {

    private static final int PARTITIONS = 3;
    private final InMemoryOffsetsLog log = new InMemoryOffsetsLog();
    private final GroupCoordinator coordinator = new GroupCoordinator(log, PARTITIONS, () -> 1000L);
    private final TopicPartition tp0 = new TopicPartition("mytopic", 0);

    private int leadGroupPartition(String group, int epoch) {
        int p = OffsetsTopic.partitionFor(group, PARTITIONS);
        log.lead(p, epoch);
        return p;
    }

    @Test
    void groupPartitionIsTheNonNegativeHashModuloThePartitionCount() {
        assertEquals(Math.abs("g".hashCode()) % 50, OffsetsTopic.partitionFor("g", 50));
        String negativeHash = "group-with-negative-hash-0";
        int h = negativeHash.hashCode();
        assertTrue(h < 0, "choose an id with a negative hash code");
        assertEquals(Math.abs(h) % 50, OffsetsTopic.partitionFor(negativeHash, 50));
        String negative = "polygenelubricants"; // hashCode is Integer.MIN_VALUE
        assertEquals(Integer.MIN_VALUE, negative.hashCode());
        assertEquals(0, OffsetsTopic.partitionFor(negative, 50));
    }

    @Test
    void committedOffsetsAreFetchedAfterTheAppendSucceeds() {
        leadGroupPartition("g", 0);
        Errors e = coordinator.commitOffsets("g", Map.of(tp0, new CommittedOffset(10, 2, "m", 1000))).join();
        assertEquals(Errors.NONE, e);
        GroupCoordinator.GroupOffsets offsets = coordinator.fetchOffsets("g");
        assertEquals(Errors.NONE, offsets.error());
        assertEquals(new CommittedOffset(10, 2, "m", 1000), offsets.offsets().get(tp0));
    }

    @Test
    void aFailedAppendIsNotVisibleAndMapsToACoordinatorError() {
        leadGroupPartition("g", 0);
        log.failAppendsWith(Errors.NOT_ENOUGH_REPLICAS);
        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE,
                coordinator.commitOffsets("g", Map.of(tp0, new CommittedOffset(5, -1, "", 1))).join());
        log.failAppendsWith(Errors.NOT_LEADER_OR_FOLLOWER);
        assertEquals(Errors.NOT_COORDINATOR,
                coordinator.commitOffsets("g", Map.of(tp0, new CommittedOffset(5, -1, "", 1))).join());
        assertTrue(coordinator.fetchOffsets("g").offsets().isEmpty());
    }

    @Test
    void aBrokerThatDoesNotLeadTheGroupPartitionIsNotTheCoordinator() {
        assertEquals(Errors.NOT_COORDINATOR, coordinator.checkCoordinator("g"));
        assertEquals(Errors.NOT_COORDINATOR, coordinator.fetchOffsets("g").error());
        assertEquals(Errors.NOT_COORDINATOR,
                coordinator.commitOffsets("g", Map.of(tp0, new CommittedOffset(1, -1, "", 1))).join());
    }

    @Test
    void aNewLeaderEpochReloadsThePartitionFromItsLogWithTombstonesDeleting() {
        int p = leadGroupPartition("g", 0);
        TopicPartition tp1 = new TopicPartition("mytopic", 1);
        coordinator.commitOffsets("g", Map.of(tp0, new CommittedOffset(3, -1, "", 1), tp1, new CommittedOffset(4, -1, "", 1))).join();
        coordinator.commitOffsets("g", Map.of(tp0, new CommittedOffset(7, 1, "x", 2))).join();
        // a tombstone for tp1, as compaction or an offset deletion would write
        log.addRecord(p, new Record(99, 0, ByteBuffer.wrap(OffsetRecords.offsetKey("g", "mytopic", 1)), null, List.of()));

        log.resign(p);
        assertEquals(Errors.NOT_COORDINATOR, coordinator.checkCoordinator("g"));
        log.lead(p, 1);
        int readsBefore = log.reads();
        Map<TopicPartition, CommittedOffset> offsets = coordinator.fetchOffsets("g").offsets();
        assertEquals(readsBefore + 1, log.reads());
        assertEquals(Map.of(tp0, new CommittedOffset(7, 1, "x", 2)), offsets);
        coordinator.fetchOffsets("g");
        assertEquals(readsBefore + 1, log.reads(), "loaded once per leader epoch");
    }

    @Test
    void keysAndValuesUseKafkasVersionedLayouts() {
        byte[] key = OffsetRecords.offsetKey("g", "t", 5);
        ByteBuffer k = ByteBuffer.wrap(key);
        assertEquals(1, k.getShort());
        assertEquals(1, k.getShort()); // length of "g"
        assertEquals('g', k.get());
        assertEquals(1, k.getShort());
        assertEquals('t', k.get());
        assertEquals(5, k.getInt());
        assertEquals(0, k.remaining());
        byte[] value = OffsetRecords.offsetValue(new CommittedOffset(42, 3, "md", 777));
        ByteBuffer v = ByteBuffer.wrap(value);
        assertEquals(3, v.getShort());
        assertEquals(42, v.getLong());
        assertEquals(3, v.getInt());
        assertEquals(2, v.getShort());
        v.position(v.position() + 2);
        assertEquals(777, v.getLong());
        assertEquals(0, v.remaining());
        assertEquals(new OffsetRecords.Key("g", "t", 5), OffsetRecords.readKey(ByteBuffer.wrap(key)));
        assertEquals(new CommittedOffset(42, 3, "md", 777), OffsetRecords.readOffsetValue(ByteBuffer.wrap(value)));
    }
}
