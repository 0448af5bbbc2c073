package io.gregor.coordination.zk;

import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.OperationType;
import org.apache.curator.framework.api.transaction.TypeAndPath;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chunking of large ZooKeeper writes, against a recording committer (no server): what ZooKeeper
 * would be sent, chunk by chunk.
 */
class ChunkedMultiTest {

    private static final Function<ChunkedMulti.Outcome.OpFailed, RuntimeException> MOVED =
            failed -> new IllegalStateException("guard failed: " + failed.code());

    /** A Curator view of a ZooKeeper op, as Curator's transactionOp() builds them (without a client). */
    private static CuratorOp curatorOp(Op op, OperationType type) {
        return new CuratorOp() {
            @Override
            public Op get() {
                return op;
            }

            @Override
            public TypeAndPath getTypeAndPath() {
                return new TypeAndPath(type, op.getPath());
            }
        };
    }

    private static CuratorOp guard() {
        return curatorOp(Op.check("/controller_epoch", 7), OperationType.CHECK);
    }

    private static CuratorOp create(String path, int dataBytes) {
        byte[] data = new byte[dataBytes];
        Arrays.fill(data, (byte) 'x');
        return curatorOp(Op.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), OperationType.CREATE);
    }

    /** A partition-state-like write: parent and state, in the topic's scope. */
    private static ZkWrite<String> partition(String topic, int p) {
        String base = "/brokers/topics/" + topic + "/partitions/" + p;
        return new ZkWrite<>(topic + "-" + p, topic, List.of(create(base, 0), create(base + "/state", 80)));
    }

    /** Commits everything and remembers each multi-op it was sent. */
    private static final class Recorder implements ChunkedMulti.Committer {
        final List<List<CuratorOp>> sent = new ArrayList<>();
        /** Answers the n-th multi-op (0-based) with a failure, if set. */
        Function<Integer, ChunkedMulti.Outcome> failure = n -> null;

        @Override
        public ChunkedMulti.Outcome commit(List<CuratorOp> ops) {
            sent.add(List.copyOf(ops));
            ChunkedMulti.Outcome failed = failure.apply(sent.size() - 1);
            if (failed != null) {
                return failed;
            }
            List<CuratorTransactionResult> results = new ArrayList<>();
            for (CuratorOp op : ops) {
                results.add(new CuratorTransactionResult(OperationType.CREATE, op.get().getPath(), op.get().getPath(), null));
            }
            return new ChunkedMulti.Outcome.Committed(results);
        }
    }

    @Test
    void everyChunkStaysUnderTheByteBudgetStartsWithTheGuardAndKeepsEachWriteWhole() throws Exception {
        List<ZkWrite<String>> writes = new ArrayList<>();
        for (int p = 0; p < 3_000; p++) {
            writes.add(partition("big", p));
        }
        CuratorOp guard = guard();
        int budget = 20_000;
        Recorder zk = new Recorder();

        ChunkedMulti.Result<String> result = ChunkedMulti.commit(writes, guard, budget, zk, MOVED);

        assertTrue(result.allCommitted());
        assertEquals(3_000, result.committed().size());
        int total = ZkRequestLimit.sizeOf(writes.stream().flatMap(w -> w.ops().stream()).toList());
        assertTrue(zk.sent.size() >= total / budget + 1, zk.sent.size() + " chunks for " + total + " bytes");
        assertEquals(zk.sent.size(), result.multiOps());
        int opsSeen = 0;
        for (List<CuratorOp> chunk : zk.sent) {
            assertTrue(ZkRequestLimit.sizeOf(chunk) <= budget, "a chunk of " + ZkRequestLimit.sizeOf(chunk) + " bytes");
            assertSame(guard, chunk.get(0), "every chunk starts with the epoch check");
            for (int i = 1; i < chunk.size(); i += 2) {
                assertEquals(chunk.get(i).get().getPath() + "/state", chunk.get(i + 1).get().getPath(),
                        "a partition's parent and state travel together");
            }
            opsSeen += chunk.size() - 1;
        }
        assertEquals(6_000, opsSeen);
        assertEquals(2, result.committed().get("big-2999").size(), "each write gets the results of its own ops");
        assertEquals("/brokers/topics/big/partitions/2999/state", result.committed().get("big-2999").get(1).getForPath());
    }

    @Test
    void aFailedWriteIsReportedWithItsCodeAndTakesItsScopeNotTheRestOfTheChunk() throws Exception {
        List<ZkWrite<String>> writes = List.of(partition("a", 0), partition("b", 0), partition("b", 1), partition("c", 0));
        Recorder zk = new Recorder();
        // first attempt: op 4 (b-0's state; op 0 is the guard) already exists
        zk.failure = n -> n == 0 ? new ChunkedMulti.Outcome.OpFailed(4, KeeperException.Code.NODEEXISTS, null) : null;

        ChunkedMulti.Result<String> result = ChunkedMulti.commit(writes, guard(), 100_000, zk, MOVED);

        assertEquals(KeeperException.Code.NODEEXISTS, result.failed().get("b-0"));
        assertEquals(KeeperException.Code.RUNTIMEINCONSISTENCY, result.failed().get("b-1"), "the rest of its scope is dropped");
        assertEquals(List.of("a-0", "c-0"), List.copyOf(result.committed().keySet()));
        assertEquals(2, zk.sent.size(), "the chunk is sent again without scope b");
        assertEquals(5, zk.sent.get(1).size());
    }

    @Test
    void aWriteLargerThanOneRequestIsNeverSent() throws Exception {
        ZkWrite<String> huge = new ZkWrite<>("huge", "huge", List.of(create("/brokers/topics/huge", 50_000)));
        List<ZkWrite<String>> writes = List.of(partition("a", 0), huge, partition("b", 0));
        Recorder zk = new Recorder();

        ChunkedMulti.Result<String> result = ChunkedMulti.commit(writes, guard(), 20_000, zk, MOVED);

        assertEquals(KeeperException.Code.MARSHALLINGERROR, result.failed().get("huge"));
        assertEquals(List.of("a-0", "b-0"), List.copyOf(result.committed().keySet()));
        assertFalse(zk.sent.stream().flatMap(List::stream).anyMatch(op -> op.get().getPath().equals("/brokers/topics/huge")));
    }

    @Test
    void aFailedGuardStopsTheWriteBeforeAnyLaterChunk() throws Exception {
        List<ZkWrite<String>> writes = new ArrayList<>();
        for (int p = 0; p < 1_000; p++) {
            writes.add(partition("big", p));
        }
        Recorder zk = new Recorder();
        zk.failure = n -> n == 1 ? new ChunkedMulti.Outcome.OpFailed(0, KeeperException.Code.BADVERSION, null) : null;

        IllegalStateException moved = assertThrows(IllegalStateException.class,
                () -> ChunkedMulti.commit(writes, guard(), 20_000, zk, MOVED));

        assertEquals("guard failed: BADVERSION", moved.getMessage());
        assertEquals(2, zk.sent.size(), "nothing is sent after the refused chunk");
    }

    @Test
    void aConnectionFailureStopsTheWriteAndReportsWhatWasNotCommitted() throws Exception {
        List<ZkWrite<String>> writes = new ArrayList<>();
        for (int p = 0; p < 1_000; p++) {
            writes.add(partition("big", p));
        }
        Recorder zk = new Recorder();
        zk.failure = n -> n == 1 ? new ChunkedMulti.Outcome.Failed(KeeperException.Code.CONNECTIONLOSS, null) : null;

        ChunkedMulti.Result<String> result = ChunkedMulti.commit(writes, guard(), 20_000, zk, MOVED);

        assertEquals(2, zk.sent.size());
        assertEquals(1_000, result.committed().size() + result.failed().size());
        assertFalse(result.committed().isEmpty());
        assertTrue(result.failed().values().stream().allMatch(c -> c == KeeperException.Code.CONNECTIONLOSS));
        assertTrue(result.committed().containsKey("big-0"));
        assertTrue(result.failed().containsKey("big-999"));
    }

    @Test
    void retriesAfterFailuresAreBoundedByTheNumberOfWrites() throws Exception {
        List<ZkWrite<String>> writes = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            writes.add(partition("t" + t, 0));
        }
        Recorder zk = new Recorder();
        AtomicInteger attempts = new AtomicInteger();
        // every attempt fails on its first write: each retry drops one write
        zk.failure = n -> {
            attempts.incrementAndGet();
            return new ChunkedMulti.Outcome.OpFailed(1, KeeperException.Code.NOAUTH, null);
        };

        ChunkedMulti.Result<String> result = ChunkedMulti.commit(writes, guard(), 1_000_000, zk, MOVED);

        assertEquals(50, result.failed().size());
        assertTrue(result.failed().values().stream().allMatch(c -> c == KeeperException.Code.NOAUTH));
        assertEquals(50, attempts.get());
    }
}
