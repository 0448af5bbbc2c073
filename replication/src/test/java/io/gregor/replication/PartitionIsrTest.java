package io.gregor.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.isr.AlterPartitionOutcome;
import io.gregor.replication.isr.IsrProposal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader side of one partition: follower positions, high watermark, ISR shrink and expand. */
class PartitionIsrTest {
    private static final TopicPartition TP = new TopicPartition("isr", 0);
    private static final long LAG_MS = 1_000L;
    /** The broker epochs of followers 1 and 2 (the czxids of their registrations). */
    private static final long EPOCH_1 = 0x1_0000_0011L;
    private static final long EPOCH_2 = 0x1_0000_0012L;

    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private Log log;
    private Partition partition;

    @BeforeEach
    void leadWithThreeReplicas() throws Exception {
        log = Log.open(dir.resolve("isr-0"), LogConfig.DEFAULT);
        partition = new Partition(TP, 0, log, clock::get);
        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 1, 0, 3, List.of(0, 1), 7, List.of(0, 1, 2), false));
        for (int i = 0; i < 4; i++) {
            assertEquals(Errors.NONE, partition.appendRecordsToLeader(records("r" + i), 1).result().error());
        }
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    @Test
    void highWatermarkIsTheSmallestLogEndOffsetOverTheIsrAndOnlyAdvances() {
        assertEquals(0L, partition.highWatermark());
        assertTrue(partition.updateFollowerFetchState(1, EPOCH_1, 3L));
        assertEquals(3L, partition.highWatermark());
        assertFalse(partition.updateFollowerFetchState(2, EPOCH_2, 1L), "replica 2 is outside the ISR");
        assertFalse(partition.updateFollowerFetchState(1, EPOCH_1, 2L));
        assertEquals(3L, partition.highWatermark(), "a follower fetching from lower does not move it back");
        assertTrue(partition.updateFollowerFetchState(1, EPOCH_1, 4L));
        assertEquals(4L, partition.highWatermark());
    }

    @Test
    void followerNotCaughtUpWithinLagTimeIsProposedForRemovalAndTheAnswerIsApplied() {
        partition.updateFollowerFetchState(1, EPOCH_1, 2L); // behind the leader's end 4
        clock.addAndGet(LAG_MS);
        assertEquals(Optional.empty(), partition.maybeShrinkIsr(LAG_MS), "still within the lag time");
        clock.addAndGet(1);
        IsrProposal proposal = partition.maybeShrinkIsr(LAG_MS).orElseThrow();
        assertEquals(new IsrProposal(TP, 3, List.of(0), 7), proposal);
        assertEquals(Optional.empty(), partition.maybeShrinkIsr(LAG_MS), "one change in flight at a time");
        assertEquals(List.of(0, 1), partition.isr(), "the ISR changes only when the controller commits it");

        assertTrue(partition.applyAlterPartition(proposal, new AlterPartitionOutcome(Errors.NONE, 0, 3, List.of(0), 8)));
        assertEquals(List.of(0), partition.isr());
        assertEquals(8, partition.partitionEpoch());
        assertEquals(4L, partition.highWatermark(), "the leader alone holds everything");
    }

    @Test
    void followerFetchingAtTheLogEndStaysInTheIsr() {
        clock.addAndGet(LAG_MS / 2);
        partition.updateFollowerFetchState(1, EPOCH_1, 4L);
        clock.addAndGet(LAG_MS);
        assertEquals(Optional.empty(), partition.maybeShrinkIsr(LAG_MS));
    }

    @Test
    void followerReachingTheHighWatermarkIsProposedForTheIsrAndCountsForItAtOnce() {
        partition.updateFollowerFetchState(1, EPOCH_1, 4L);
        partition.updateFollowerFetchState(2, EPOCH_2, 3L);
        assertEquals(Optional.empty(), partition.maybeExpandIsr(2), "below the high watermark 4");
        partition.updateFollowerFetchState(2, EPOCH_2, 4L);
        IsrProposal proposal = partition.maybeExpandIsr(2).orElseThrow();
        assertEquals(List.of(0, 1, 2), proposal.newIsr());
        assertEquals(Optional.of(List.of(0, 1, 2)), partition.pendingIsr());

        partition.appendRecordsToLeader(records("r4"), 1);
        partition.updateFollowerFetchState(1, EPOCH_1, 5L);
        assertEquals(4L, partition.highWatermark(), "the member being added holds the high watermark back");

        assertFalse(partition.applyAlterPartition(proposal, AlterPartitionOutcome.failed(Errors.INVALID_UPDATE_VERSION)));
        assertEquals(Optional.of(List.of(0, 1, 2)), partition.pendingIsr(), "waits for LeaderAndIsr");
        assertEquals(Optional.empty(), partition.maybeExpandIsr(2));

        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 1, 0, 3, List.of(0, 1, 2), 9, List.of(0, 1, 2), false));
        assertEquals(Optional.empty(), partition.pendingIsr());
        assertEquals(List.of(0, 1, 2), partition.isr());
    }

    @Test
    void answerForAnOlderLeaderEpochIsIgnored() {
        partition.updateFollowerFetchState(2, EPOCH_2, 4L);
        IsrProposal proposal = partition.maybeExpandIsr(2).orElseThrow();
        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 1, 0, 4, List.of(0, 1), 8, List.of(0, 1, 2), false));
        assertFalse(partition.applyAlterPartition(proposal, new AlterPartitionOutcome(Errors.NONE, 0, 3, List.of(0, 1, 2), 8)));
        assertEquals(List.of(0, 1), partition.isr());
    }

    @Test
    void answerToAnEarlierEqualProposalDoesNotSettleTheOneInFlight() {
        partition.updateFollowerFetchState(1, EPOCH_1, 2L);
        clock.addAndGet(LAG_MS + 1);
        IsrProposal first = partition.maybeShrinkIsr(LAG_MS).orElseThrow();
        // a new controller resends the state it read; the leader forgets its pending change and proposes again
        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 2, 0, 3, List.of(0, 1), 7, List.of(0, 1, 2), false));
        IsrProposal second = partition.maybeShrinkIsr(LAG_MS).orElseThrow();
        assertEquals(first, second, "the two proposals are equal in every field");

        assertFalse(partition.applyAlterPartition(first, AlterPartitionOutcome.failed(Errors.OPERATION_NOT_ATTEMPTED)));
        assertEquals(Optional.of(List.of(0)), partition.pendingIsr(), "the answer to the replaced proposal is not the second's");
        assertTrue(partition.applyAlterPartition(second, new AlterPartitionOutcome(Errors.NONE, 0, 3, List.of(0), 8)));
        assertEquals(List.of(0), partition.isr());
        assertEquals(8, partition.partitionEpoch());
        assertEquals(Optional.empty(), partition.pendingIsr());
    }

    @Test
    void committedAnswerToAReplacedProposalIsAdoptedAndALateOlderLeaderAndIsrDoesNotUndoIt() {
        partition.updateFollowerFetchState(1, EPOCH_1, 2L);
        clock.addAndGet(LAG_MS + 1);
        IsrProposal first = partition.maybeShrinkIsr(LAG_MS).orElseThrow();
        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 2, 0, 3, List.of(0, 1), 7, List.of(0, 1, 2), false));
        assertEquals(Optional.empty(), partition.pendingIsr());

        assertTrue(partition.applyAlterPartition(first, new AlterPartitionOutcome(Errors.NONE, 0, 3, List.of(0), 8)),
                "the controller committed it: that is what ZooKeeper holds now");
        assertEquals(List.of(0), partition.isr());
        assertEquals(8, partition.partitionEpoch());

        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 2, 0, 3, List.of(0, 1), 7, List.of(0, 1, 2), false));
        assertEquals(List.of(0), partition.isr(), "a LeaderAndIsr of the same leader epoch at an older partition epoch");
        assertEquals(8, partition.partitionEpoch());
        partition.updateFollowerFetchState(1, EPOCH_1, 4L);
        assertEquals(new IsrProposal(TP, 3, List.of(0, 1), 8, Map.of(1, EPOCH_1)), partition.maybeExpandIsr(1).orElseThrow(),
                "the follower that caught up is proposed back from the committed state");
    }

    @Test
    void aFetchAsAReplicaOutsideTheAssignmentOrAsTheLeaderItselfMovesNothingAndReadsNothing() {
        assertTrue(partition.updateFollowerFetchState(1, EPOCH_1, 2L));
        assertEquals(2L, partition.highWatermark());
        assertFalse(partition.updateFollowerFetchState(5, 0x1_0000_0015L, 4L), "broker 5 is no replica");
        assertFalse(partition.updateFollowerFetchState(0, 0x1_0000_0010L, 4L), "broker 0 is the leader itself");
        assertEquals(2L, partition.highWatermark());
        assertEquals(Optional.empty(), partition.maybeExpandIsr(5));
        assertEquals(-1L, partition.followerLogEndOffset(5));

        assertEquals(Errors.UNKNOWN_LEADER_EPOCH, partition.checkFollower(5, 3), "Kafka's answer when the epoch is named");
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, partition.checkFollower(5, -1));
        assertEquals(Errors.UNKNOWN_LEADER_EPOCH, partition.checkFollower(0, 3));
        assertEquals(Errors.NONE, partition.checkFollower(2, 3), "an assigned replica outside the ISR may fetch");
        FetchPartitionResult asOutsider = PartitionReads.read(partition, new FetchPartitionRequest(TP, 0L, 1 << 20, 3),
                new FetchParams(5, 0x1_0000_0015L, 0, 1, 1 << 20, false), 1 << 20, true);
        assertEquals(Errors.UNKNOWN_LEADER_EPOCH, asOutsider.error());
        assertEquals(0, asOutsider.records().sizeInBytes(), "not even the records below the high watermark");
        FetchPartitionResult asFollower = PartitionReads.read(partition, new FetchPartitionRequest(TP, 0L, 1 << 20, 3),
                new FetchParams(2, EPOCH_2, 0, 1, 1 << 20, false), 1 << 20, true);
        assertEquals(Errors.NONE, asFollower.error());
        assertTrue(asFollower.records().sizeInBytes() > 0, "a follower reads up to the log end");
    }

    @Test
    void isrChangesNameEachFollowersBrokerEpochAsItsLastFetchCarriedIt() {
        partition.updateFollowerFetchState(1, EPOCH_1, 4L);
        partition.updateFollowerFetchState(2, EPOCH_2, 4L);
        long restarted = EPOCH_1 + 100;
        partition.updateFollowerFetchState(1, restarted, 4L);
        IsrProposal expand = partition.maybeExpandIsr(2).orElseThrow();
        assertEquals(Map.of(1, restarted, 2, EPOCH_2), expand.followerEpochs(), "the latest fetch's epoch counts");
        assertTrue(partition.applyAlterPartition(expand, new AlterPartitionOutcome(Errors.NONE, 0, 3, List.of(0, 1, 2), 8)));

        partition.makeLeader(new LeaderAndIsrPartitionState(TP, 2, 0, 4, List.of(0, 1, 2), 9, List.of(0, 1, 2), false));
        clock.addAndGet(LAG_MS + 1);
        partition.updateFollowerFetchState(2, EPOCH_2, 4L);
        IsrProposal shrink = partition.maybeShrinkIsr(LAG_MS).orElseThrow();
        assertEquals(List.of(0, 2), shrink.newIsr());
        assertEquals(Map.of(2, EPOCH_2), shrink.followerEpochs(), "a new leader epoch forgets the followers' fetches");
    }

    private static MemoryRecords records(String value) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        b.append(1000L, null, value.getBytes(StandardCharsets.UTF_8));
        return b.build();
    }
}
