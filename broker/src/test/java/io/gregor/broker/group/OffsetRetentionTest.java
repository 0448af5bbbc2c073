package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Record;
import io.gregor.core.log.TopicPartition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code offsets.retention.minutes} (here a tiny retention on a controlled clock) with KIP-211 semantics. */
class OffsetRetentionTest {
    private static final int PARTITIONS = 1;
    private static final long RETENTION_MS = 1000;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InMemoryOffsetsLog log = new InMemoryOffsetsLog();
    private final GroupCoordinator coordinator = new GroupCoordinator(log, PARTITIONS, now::get);
    private final ClassicGroups groups = new ClassicGroups(scheduler, now::get,
            new GroupConfig(PARTITIONS, (short) 1, 1 << 20, 0, 0, 3_600_000, 100, RETENTION_MS, 60_000), 3_600_000, coordinator);
    private final OffsetRetention retention = new OffsetRetention(coordinator, groups, RETENTION_MS, now::get);
    private final TopicPartition tp = new TopicPartition("t", 0);

    OffsetRetentionTest() {
        coordinator.attach(groups);
        log.lead(0, 0);
    }

    @AfterEach
    void stop() {
        groups.close();
        scheduler.shutdownNow();
    }

    private void commit(String group, long offset) {
        assertEquals(Errors.NONE, coordinator.commitOffsets(group,
                Map.of(tp, new CommittedOffset(offset, -1, "", now.get()))).join());
    }

    private String joinAndSync(String group) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", new byte[0]);
        JoinResult joined = groups.join(new ClassicGroups.JoinRequest(group, "", "static", "c", "/h", 60_000, 60_000,
                "consumer", protocols, true)).join();
        groups.sync(group, joined.generation(), joined.memberId(), null, Map.of()).join();
        return joined.memberId();
    }

    private boolean tombstoneFor(byte[] key) {
        return log.records(0).stream().anyMatch(r -> !r.hasValue()
                && java.util.Arrays.equals(bytes(r), key));
    }

    private static byte[] bytes(Record r) {
        byte[] out = new byte[r.key().remaining()];
        r.key().duplicate().get(out);
        return out;
    }

    @Test
    void offsetsOfAnEmptyGroupExpireOnceItHasBeenEmptyForTheRetentionAndTheGroupIsRemoved() {
        String member = joinAndSync("g");
        commit("g", 5);
        now.addAndGet(10 * RETENTION_MS);
        assertEquals(0, retention.expireOnce().join(), "a group with members keeps its offsets");
        assertEquals(List.of(Errors.NONE), groups.leave("g", List.<String[]>of(new String[] {member, null})));
        assertEquals("Empty", groups.describe("g").state());
        now.addAndGet(RETENTION_MS - 1);
        assertEquals(0, retention.expireOnce().join(), "not yet Empty for the retention");
        assertEquals(5, coordinator.fetchOffsets("g").offsets().get(tp).offset());
        now.addAndGet(1);
        assertEquals(1, retention.expireOnce().join());
        assertTrue(coordinator.fetchOffsets("g").offsets().isEmpty());
        assertEquals("Dead", groups.describe("g").state());
        assertTrue(tombstoneFor(OffsetRecords.offsetKey("g", "t", 0)));
        assertTrue(tombstoneFor(OffsetRecords.groupMetadataKey("g")));

        log.lead(0, 1);
        GroupCoordinator reloaded = new GroupCoordinator(log, PARTITIONS, now::get);
        assertTrue(reloaded.fetchOffsets("g").offsets().isEmpty(), "the expiry survives a reload");
    }

    @Test
    void simpleCommitsExpireOneByOneTheRetentionAfterTheirCommit() {
        commit("simple", 1);
        now.addAndGet(RETENTION_MS / 2);
        coordinator.commitOffsets("simple", Map.of(new TopicPartition("t", 1),
                new CommittedOffset(2, -1, "", now.get()))).join();
        now.addAndGet(RETENTION_MS / 2);
        assertEquals(1, retention.expireOnce().join());
        Map<TopicPartition, CommittedOffset> left = coordinator.fetchOffsets("simple").offsets();
        assertEquals(1, left.size());
        assertFalse(left.containsKey(tp));
        assertFalse(tombstoneFor(OffsetRecords.groupMetadataKey("simple")), "the group keeps an offset");
    }
}
