package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogAppendInfo;
import io.gregor.core.log.RecordBatchTooLargeException;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.isr.AlterPartitionOutcome;
import io.gregor.replication.isr.IsrProposal;
import io.gregor.replication.producer.BatchMetadata;
import io.gregor.replication.producer.ProducerStateException;
import io.gregor.replication.producer.ProducerView;
import java.io.IOException;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * A partition this broker hosts, as leader or follower, with its log. As leader it validates and
 * appends producer batches (with idempotent and transactional producer checks) and the
 * coordinator's transaction markers, tracks the followers' log end
 * offsets and keeps the high watermark at the smallest log end offset over the ISR (including a
 * member being added while its AlterPartition is in flight), and proposes ISR shrinks and expands.
 * As follower it appends what the replica fetcher copied, keeping the producer state, and
 * truncates where the fetcher found the logs diverge. The log with its producer state is a
 * {@link ReplicaLog}, the followers' positions a {@link FollowerReplicas}, and the reads for Fetch
 * and ListOffsets are in {@link PartitionReads}.
 *
 * <p>Thread safety: state changes and appends are {@code synchronized} on the partition, so the
 * producer-state check, the append and the state update are atomic; reads use the volatile
 * leadership fields and the log's lock-free reads.
 */
public final class Partition {
    private final TopicPartition topicPartition;
    private final int localBrokerId;
    private final ReplicaLog replicaLog; // the log and its producer state; changed under this, log() read without
    private final LongSupplier clockMs;

    private volatile int leaderId = -1;
    private volatile int leaderEpoch = -1;
    private final IsrState isrState = new IsrState(); // written under this
    private volatile List<Integer> replicas = List.of();
    private volatile int minInsyncReplicas = 1;
    private final FollowerReplicas followers; // guarded by this

    Partition(TopicPartition topicPartition, int localBrokerId, Log log, LongSupplier clockMs) {
        this.topicPartition = topicPartition;
        this.localBrokerId = localBrokerId;
        this.followers = new FollowerReplicas(localBrokerId, isrState);
        this.replicaLog = new ReplicaLog(log);
        this.clockMs = clockMs;
    }

    // ---- leadership ----

    /**
     * Becomes (or stays) leader under {@code state}: a new leader epoch starts at the log end offset
     * in the leader epoch cache; followers' positions are forgotten until they fetch again.
     * Returns true if the high watermark advanced.
     */
    synchronized boolean makeLeader(LeaderAndIsrPartitionState state) {
        boolean newEpoch = state.leaderEpoch() != leaderEpoch || leaderId != localBrokerId;
        applyState(state);
        if (newEpoch) {
            int latest = log().leaderEpochCache().latestEpoch().orElse(-1);
            if (state.leaderEpoch() > latest) {
                log().leaderEpochCache().assign(state.leaderEpoch(), log().logEndOffset());
            }
        }
        followers.lead(newEpoch, log().logEndOffset(), replicas, clockMs.getAsLong());
        return maybeIncrementHighWatermark();
    }

    /**
     * Becomes a follower of {@code state.leader()}: records the leadership, so reads and appends
     * as leader are refused from now on. Copying the leader's log is the job of the
     * {@link ReplicaFetcherControl} the {@link ReplicaManager} was given.
     */
    synchronized void makeFollower(LeaderAndIsrPartitionState state) {
        applyState(state);
        followers.clear();
    }

    private void applyState(LeaderAndIsrPartitionState state) {
        boolean sameEpochOlderIsr = state.leader() == leaderId && state.leaderEpoch() == leaderEpoch
                && state.partitionEpoch() < isrState.partitionEpoch();
        leaderId = state.leader();
        leaderEpoch = state.leaderEpoch();
        replicas = state.replicas();
        if (sameEpochOlderIsr) {
            // a LeaderAndIsr sent before an ISR change this leader already saw committed (e.g. by a new
            // controller, delivered late): the committed ISR is the newer one
            return;
        }
        isrState.commit(state.isr(), state.partitionEpoch());
    }

    public boolean isLeader() {
        return leaderId == localBrokerId;
    }

    /**
     * StopReplica (Kafka's Partition.delete, also when the log is kept): this replica neither leads
     * nor follows from now on. Taken under the partition's lock, so an append in flight finishes
     * before the caller closes or deletes the log, and one that got this partition just before it
     * was removed is answered NOT_LEADER_OR_FOLLOWER instead of failing on a closed log.
     */
    synchronized void stop() {
        leaderId = -1;
        followers.clear();
    }

    // ---- produce ----

    /** What a leader append did: the result to report, and whether the high watermark moved. */
    record AppendOutcome(ProducePartitionResult result, long requiredOffset, boolean appended, boolean hwAdvanced) {
    }

    /**
     * Appends one producer batch as leader. The request must hold exactly one batch (produce v3+).
     * With {@code requiredAcks == -1} the ISR must have at least {@code min.insync.replicas} members.
     * Client batches must have base offset 0 and not be control batches (INVALID_RECORD otherwise);
     * transactional batches open or continue their producer's transaction.
     */
    synchronized AppendOutcome appendRecordsToLeader(MemoryRecords records, int requiredAcks) {
        if (!isLeader()) {
            return failed(Errors.NOT_LEADER_OR_FOLLOWER, "broker " + localBrokerId + " is not the leader of "
                    + topicPartition + " (leader " + leaderId + ", epoch " + leaderEpoch + ")");
        }
        RecordBatch batch;
        try {
            batch = ClientBatches.validate(records, log().config().maxMessageBytes(), topicPartition);
        } catch (ClientBatches.RejectedBatchException e) {
            return failed(e.error(), e.getMessage());
        }
        List<Integer> isr = isrState.isr();
        if (requiredAcks == -1 && isr.size() < minInsyncReplicas) {
            return failed(Errors.NOT_ENOUGH_REPLICAS, "the ISR " + isr + " of " + topicPartition
                    + " is smaller than min.insync.replicas " + minInsyncReplicas);
        }
        Optional<BatchMetadata> duplicate;
        try {
            duplicate = replicaLog.checkProducer(batch);
        } catch (ProducerStateException e) {
            return failed(e.error(), e.getMessage() + " on " + topicPartition);
        }
        if (duplicate.isPresent()) {
            BatchMetadata original = duplicate.get();
            return new AppendOutcome(new ProducePartitionResult(Errors.NONE, original.firstOffset(), -1L,
                    log().logStartOffset(), null), original.lastOffset() + 1, false, false);
        }
        LogAppendInfo info;
        try {
            info = replicaLog.appendAsLeader(records, batch, leaderEpoch);
        } catch (RecordBatchTooLargeException e) {
            return failed(Errors.MESSAGE_TOO_LARGE, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("append to " + topicPartition + " failed", e);
        }
        boolean hwAdvanced = maybeIncrementHighWatermark();
        return new AppendOutcome(new ProducePartitionResult(Errors.NONE, info.firstOffset(), info.logAppendTime(),
                info.logStartOffset(), null), info.lastOffset() + 1, true, hwAdvanced);
    }

    /**
     * Appends a COMMIT or ABORT marker for {@code marker}'s producer as leader, as the transaction
     * coordinator asks with WriteTxnMarkers, and waits (as acks=all) for the ISR: NOT_LEADER_OR_FOLLOWER
     * unless this broker leads, NOT_ENOUGH_REPLICAS when the ISR is smaller than
     * {@code min.insync.replicas}, TRANSACTION_COORDINATOR_FENCED or INVALID_PRODUCER_EPOCH from the
     * producer state ({@link io.gregor.replication.producer.ProducerStateManager#checkMarker}).
     */
    synchronized AppendOutcome appendTxnMarkerAsLeader(TxnMarker marker) {
        if (!isLeader()) {
            return failed(Errors.NOT_LEADER_OR_FOLLOWER, "broker " + localBrokerId + " is not the leader of "
                    + topicPartition + " (leader " + leaderId + ", epoch " + leaderEpoch + ")");
        }
        List<Integer> isr = isrState.isr();
        if (isr.size() < minInsyncReplicas) {
            return failed(Errors.NOT_ENOUGH_REPLICAS, "the ISR " + isr + " of " + topicPartition
                    + " is smaller than min.insync.replicas " + minInsyncReplicas);
        }
        try {
            replicaLog.checkMarker(marker.producerId(), marker.producerEpoch(), marker.coordinatorEpoch());
        } catch (ProducerStateException e) {
            return failed(e.error(), e.getMessage() + " on " + topicPartition);
        }
        LogAppendInfo info;
        try {
            info = replicaLog.appendMarkerAsLeader(marker.toRecords(clockMs.getAsLong()), leaderEpoch);
        } catch (IOException e) {
            throw new UncheckedIOException("marker append to " + topicPartition + " failed", e);
        }
        boolean hwAdvanced = maybeIncrementHighWatermark();
        return new AppendOutcome(new ProducePartitionResult(Errors.NONE, info.firstOffset(), -1L,
                info.logStartOffset(), null), info.lastOffset() + 1, true, hwAdvanced);
    }

    private AppendOutcome failed(Errors error, String message) {
        return new AppendOutcome(ProducePartitionResult.error(error, message), -1L, false, false);
    }

    /**
     * For acks=all: empty while some ISR member lacks {@code requiredOffset}; then NONE, or
     * NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below {@code minInsyncReplicas} meanwhile.
     */
    Optional<Errors> checkEnoughReplicasReachOffset(long requiredOffset) {
        if (!isLeader()) {
            return Optional.of(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        if (log().highWatermark() < requiredOffset) {
            return Optional.empty();
        }
        return Optional.of(isrState.isr().size() < minInsyncReplicas ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND : Errors.NONE);
    }

    /** The topic's {@code min.insync.replicas}, refreshed on LeaderAndIsr and config changes. */
    void setMinInsyncReplicas(int minInsyncReplicas) {
        this.minInsyncReplicas = minInsyncReplicas;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    // ---- DeleteRecords ----

    /**
     * DeleteRecords on the leader: moves the log start offset to {@code offset} ({@link
     * DeleteRecordsPartitionResult#HIGH_WATERMARK} for the high watermark), deleting the segments
     * wholly below it; followers learn it from their next fetch. Refused with POLICY_VIOLATION when
     * the topic's {@code cleanup.policy} lacks {@code delete}, OFFSET_OUT_OF_RANGE for an offset
     * below 0 or above the high watermark, NOT_LEADER_OR_FOLLOWER unless this broker leads. An
     * offset at or below the current log start offset changes nothing and succeeds.
     */
    synchronized DeleteRecordsOutcome deleteRecordsOnLeader(long offset) throws IOException {
        if (!isLeader()) {
            return DeleteRecordsOutcome.failed(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        if (!log().config().delete()) {
            return DeleteRecordsOutcome.failed(Errors.POLICY_VIOLATION);
        }
        long target = offset == DeleteRecordsPartitionResult.HIGH_WATERMARK ? log().highWatermark() : offset;
        if (target < 0 || target > log().highWatermark()) {
            return DeleteRecordsOutcome.failed(Errors.OFFSET_OUT_OF_RANGE);
        }
        log().maybeIncrementLogStartOffset(target);
        return new DeleteRecordsOutcome(Errors.NONE, target, lowWatermarkIfLeader());
    }

    /**
     * The smallest log start offset over this leader and the followers in its ISR (Kafka's low
     * watermark; a member that has not reported one since this leadership began counts as -1).
     * Meaningful only while this broker leads.
     */
    synchronized long lowWatermarkIfLeader() {
        return followers.lowWatermark(log().logStartOffset());
    }

    // ---- high watermark and ISR ----

    /**
     * Records where follower {@code replicaId} has fetched from (its log end offset), when it was
     * last caught up and the broker epoch its fetch carried, and moves the high watermark if it can.
     * Changes nothing unless this broker leads and {@code replicaId} is one of the partition's
     * followers ({@link #checkFollower}). Returns true if the high watermark advanced.
     */
    synchronized boolean updateFollowerFetchState(int replicaId, long brokerEpoch, long fetchOffset) {
        return updateFollowerFetchState(replicaId, brokerEpoch, fetchOffset, -1L);
    }

    /**
     * As {@link #updateFollowerFetchState(int, long, long)}, also recording the log start offset the
     * follower's fetch reported (-1: none), which DeleteRecords' low watermark waits for.
     */
    synchronized boolean updateFollowerFetchState(int replicaId, long brokerEpoch, long fetchOffset,
                                                  long followerLogStartOffset) {
        if (!isLeader() || !isFollowerReplica(replicaId)) {
            return false;
        }
        followers.update(replicaId, brokerEpoch, fetchOffset, followerLogStartOffset, log().logEndOffset(),
                clockMs.getAsLong());
        return maybeIncrementHighWatermark();
    }

    /**
     * NONE if {@code replicaId} is an assigned replica of this partition other than this broker;
     * else Kafka's answer to a fetch from a replica outside the assignment: UNKNOWN_LEADER_EPOCH when
     * the fetch names the leader epoch it believes current ({@code currentLeaderEpoch >= 0}; the
     * assignment may be ahead of this leader, so the follower retries), NOT_LEADER_OR_FOLLOWER otherwise.
     */
    Errors checkFollower(int replicaId, int currentLeaderEpoch) {
        if (isFollowerReplica(replicaId)) {
            return Errors.NONE;
        }
        return currentLeaderEpoch >= 0 ? Errors.UNKNOWN_LEADER_EPOCH : Errors.NOT_LEADER_OR_FOLLOWER;
    }

    private boolean isFollowerReplica(int replicaId) {
        return replicaId != localBrokerId && replicas.contains(replicaId);
    }

    /**
     * Proposes adding {@code replicaId} to the ISR if it is an assigned replica outside the ISR
     * whose log end offset reached both the high watermark and the start of this leader's epoch,
     * and no other ISR change is in flight. The member counts for the high watermark at once.
     */
    synchronized Optional<IsrProposal> maybeExpandIsr(int replicaId) {
        if (!isLeader() || isrState.hasPending() || isrState.isr().contains(replicaId) || !replicas.contains(replicaId)) {
            return Optional.empty();
        }
        if (!followers.caughtUpToJoin(replicaId, log().highWatermark())) {
            return Optional.empty();
        }
        List<Integer> expanded = new ArrayList<>(isrState.isr());
        expanded.add(replicaId);
        return Optional.of(followers.propose(topicPartition, leaderEpoch, expanded));
    }

    /**
     * Proposes removing the ISR followers not caught up within {@code lagTimeMaxMs}, if no other
     * ISR change is in flight. The current ISR stays in force until the controller commits the change.
     */
    synchronized Optional<IsrProposal> maybeShrinkIsr(long lagTimeMaxMs) {
        if (!isLeader() || isrState.hasPending()) {
            return Optional.empty();
        }
        List<Integer> isr = isrState.isr();
        List<Integer> kept = followers.caughtUpMembers(isr, clockMs.getAsLong(), lagTimeMaxMs);
        return kept.size() == isr.size() ? Optional.empty()
                : Optional.of(followers.propose(topicPartition, leaderEpoch, kept));
    }

    /**
     * Applies the controller's answer to {@code proposal} ({@link IsrState#applyAnswer}) if this
     * broker still leads at the proposal's epoch. Returns true if the ISR changed.
     */
    synchronized boolean applyAlterPartition(IsrProposal proposal, AlterPartitionOutcome outcome) {
        if (!isLeader() || proposal.leaderEpoch() != leaderEpoch) {
            return false;
        }
        IsrState.AnswerEffect effect = isrState.applyAnswer(proposal, outcome, leaderEpoch);
        if (effect == IsrState.AnswerEffect.IGNORED) {
            return false;
        }
        maybeIncrementHighWatermark();
        return effect == IsrState.AnswerEffect.CHANGED;
    }

    /**
     * Sets the high watermark to the smallest log end offset over the (maximal) ISR if that is higher,
     * and lets the producer state forget the transactions it made stable.
     */
    private boolean maybeIncrementHighWatermark() {
        if (!isLeader()) {
            return false;
        }
        long candidate = followers.highWatermarkCandidate(log().logEndOffset());
        long old = log().highWatermark();
        boolean advanced = false;
        if (candidate > old) {
            log().updateHighWatermark(candidate);
            advanced = log().highWatermark() > old;
        }
        replicaLog.onHighWatermarkUpdated(log().highWatermark());
        return advanced;
    }

    // ---- follower ----

    /**
     * Appends batches the replica fetcher copied from the leader of {@code fetchLeaderEpoch}, with
     * their producer state, then takes the leader's log start offset and high watermark (bounded
     * by this log's end). Returns false, changing nothing, if this broker no longer follows that epoch.
     */
    public synchronized boolean appendRecordsAsFollower(int fetchLeaderEpoch, MemoryRecords records,
                                                        long leaderHighWatermark, long leaderLogStartOffset)
            throws IOException {
        if (!isFollowing(fetchLeaderEpoch)) {
            return false;
        }
        if (records.sizeInBytes() > 0) {
            replicaLog.appendAsFollower(records);
        }
        if (leaderLogStartOffset > log().logStartOffset()) {
            log().maybeIncrementLogStartOffset(Math.min(leaderLogStartOffset, log().logEndOffset()));
        }
        if (leaderHighWatermark >= 0) {
            log().updateHighWatermark(Math.min(leaderHighWatermark, log().logEndOffset()));
        }
        replicaLog.onHighWatermarkUpdated(log().highWatermark());
        return true;
    }

    /** Truncates the log to {@code offset} (and rebuilds the producer state) if still following {@code fetchLeaderEpoch}. */
    public synchronized boolean truncateTo(int fetchLeaderEpoch, long offset) throws IOException {
        if (!isFollowing(fetchLeaderEpoch)) {
            return false;
        }
        replicaLog.truncateTo(offset);
        return true;
    }

    /** Empties the log and restarts it at {@code offset} (the leader's log start) if still following {@code fetchLeaderEpoch}. */
    public synchronized boolean truncateFullyAndStartAt(int fetchLeaderEpoch, long offset) throws IOException {
        if (!isFollowing(fetchLeaderEpoch)) {
            return false;
        }
        replicaLog.truncateFullyAndStartAt(offset);
        return true;
    }

    /**
     * Writes the producer state to a snapshot at the log end offset, so that the next load of this
     * partition reads no batch header (clean shutdown). A failure is logged, not thrown.
     */
    synchronized void snapshotProducerState() {
        replicaLog.snapshotProducerState();
    }

    /** Where {@link #reportIfStorageFailure} reports a failed log dir (the log manager's failure channel). */
    void reportStorageFailuresTo(BiConsumer<Path, IOException> reporter) {
        replicaLog.reportStorageFailuresTo(reporter);
    }

    /**
     * Reports this replica's log dir as failed when {@code failure} was caused by an I/O error
     * (the dir then goes offline, as Kafka's LogDirFailureChannel does); anything else is ignored,
     * as is a closed log or channel (a log closed by a shutdown, StopReplica or a log dir move is not
     * a failing disk).
     */
    public void reportIfStorageFailure(Throwable failure) {
        replicaLog.reportIfStorageFailure(failure);
    }

    /** How often this replica's log was truncated (as a follower); a log dir move that saw it change starts over. */
    long truncations() {
        return replicaLog.truncations();
    }

    /**
     * The last step of a log dir move (AlterReplicaLogDirs), under the partition's lock: appends
     * wait while {@code swap} copies the last batches into the future log and replaces the current
     * log with it. The producer state is snapshotted first and reloaded from the new log.
     */
    synchronized void swapLog(ReplicaLog.LogSwap swap) throws IOException {
        replicaLog.swap(swap);
    }

    /** True while this broker follows another broker's leadership of epoch {@code epoch}. */
    public boolean isFollowing(int epoch) {
        return !isLeader() && leaderId >= 0 && leaderEpoch == epoch;
    }

    /** The latest leader epoch in this replica's log, if any batch carries one. */
    public Optional<Integer> latestLogEpoch() {
        return log().leaderEpochCache().latestEpoch();
    }

    // ---- reads ----

    /** Errors.NONE if this broker may serve {@code currentLeaderEpoch} (-1: any) as leader. */
    Errors checkLeaderEpoch(int currentLeaderEpoch, boolean requireLeader) {
        if (requireLeader && !isLeader()) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        if (currentLeaderEpoch >= 0) {
            if (currentLeaderEpoch < leaderEpoch) {
                return Errors.FENCED_LEADER_EPOCH;
            }
            if (currentLeaderEpoch > leaderEpoch) {
                return Errors.UNKNOWN_LEADER_EPOCH;
            }
        }
        return Errors.NONE;
    }

    // ---- state ----

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Log log() {
        return replicaLog.log();
    }

    public int leaderId() {
        return leaderId;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public int partitionEpoch() {
        return isrState.partitionEpoch();
    }

    public List<Integer> isr() {
        return isrState.isr();
    }

    public List<Integer> replicas() {
        return replicas;
    }

    /** The ISR change waiting for the controller's answer, if any. */
    public Optional<List<Integer>> pendingIsr() {
        return Optional.ofNullable(isrState.pendingIsr());
    }

    /** The log end offset follower {@code replicaId} last fetched from (-1 if unknown or not leader). */
    public synchronized long followerLogEndOffset(int replicaId) {
        return followers.logEndOffset(replicaId);
    }

    public long highWatermark() {
        return log().highWatermark();
    }

    /**
     * The last stable offset: read_committed consumers read below it. The high watermark, lowered to
     * the first offset of the oldest transaction that is open or whose marker is not yet replicated.
     * Lock-free.
     */
    public long lastStableOffset() {
        return replicaLog.lastStableOffset();
    }

    /** See {@link io.gregor.replication.producer.ProducerStateManager#removeExpiredProducers}. */
    synchronized int removeExpiredProducers(long nowMs, long expirationMs) {
        return replicaLog.removeExpiredProducers(nowMs, expirationMs);
    }

    /** Whether {@code producerId} has a transaction open in this partition (KIP-890: then no verification is needed). */
    public synchronized boolean hasOngoingTxn(long producerId) {
        return replicaLog.hasOngoingTxn(producerId);
    }

    /** The producers this replica knows, for DescribeProducers. */
    public synchronized List<ProducerView> producers() {
        return replicaLog.producers();
    }

    public long logEndOffset() {
        return log().logEndOffset();
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", leader " + leaderId + ", epoch " + leaderEpoch + ", isr " + isrState.isr() + ")";
    }
}
