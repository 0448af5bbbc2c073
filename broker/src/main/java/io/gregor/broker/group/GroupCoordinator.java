package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.broker.group.OffsetRecords.Key;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.log.TopicPartition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups whose {@code __consumer_offsets} partition this broker leads: their committed offsets
 * here, their membership in {@link ClassicGroups}. When this broker is found to lead a partition in
 * a new leader epoch (a leadership-change notification or the first request), the partition is
 * loaded from its log on the {@code loader} executor (later records win, tombstones delete; stored
 * groups come back Stable with their members, or Empty); meanwhile its groups answer
 * COORDINATOR_LOAD_IN_PROGRESS. When it is found not to lead it, its offsets and groups are dropped
 * and its groups answer NOT_COORDINATOR. Loads and unloads run in order on the one loader thread.
 * Commits and group metadata are appended with acks=all and become visible only once stored.
 * Thread-safe (one lock; it is never held while calling into a locked {@link ClassicGroups} except
 * on the loader).
 */
public final class GroupCoordinator implements GroupStore {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /**
     * The outcome of a lookup: an error for the whole group, or the group's committed offsets and the
     * partitions with a transactional commit still waiting for its transaction's marker.
     */
    public record GroupOffsets(Errors error, Map<TopicPartition, CommittedOffset> offsets, Set<TopicPartition> unstable) {
        public GroupOffsets(Errors error, Map<TopicPartition, CommittedOffset> offsets) {
            this(error, offsets, Set.of());
        }
    }

    /** One partition in one leader epoch; its fields are guarded by the coordinator. */
    private static final class PartitionState {
        final int leaderEpoch;
        final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
        /** Transactional commits waiting for their marker: producer id, group, partition. */
        final Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pendingTxnOffsets = new HashMap<>();
        boolean loaded;

        PartitionState(int leaderEpoch) {
            this.leaderEpoch = leaderEpoch;
        }
    }

    private record Lookup(Errors error, PartitionState state) {
    }

    private final OffsetsLog offsetsLog;
    private final int numPartitions;
    private final LongSupplier clock;
    private final Executor loader;
    private final Map<Integer, PartitionState> partitions = new HashMap<>(); // guarded by this
    private volatile ClassicGroups groups;

    /**
     * @param loader runs partition loads and unloads in submission order (a single thread); a
     *               direct executor loads inline, as a broker without a loader thread would
     */
    public GroupCoordinator(OffsetsLog offsetsLog, int numPartitions, LongSupplier clock, Executor loader) {
        this.offsetsLog = offsetsLog;
        this.numPartitions = numPartitions;
        this.clock = clock;
        this.loader = loader;
    }

    /** A coordinator that loads inline on the calling thread (offsets only until {@link #attach}). */
    public GroupCoordinator(OffsetsLog offsetsLog, int numPartitions, LongSupplier clock) {
        this(offsetsLog, numPartitions, clock, Runnable::run);
    }

    /** Binds the membership state that loads fill and unloads empty; call once, before serving requests. */
    void attach(ClassicGroups classicGroups) {
        this.groups = classicGroups;
    }

    public int partitionFor(String groupId) {
        return OffsetsTopic.partitionFor(groupId, numPartitions);
    }

    /**
     * NONE if this broker coordinates {@code groupId}, COORDINATOR_LOAD_IN_PROGRESS while its
     * partition loads, else NOT_COORDINATOR.
     */
    public Errors checkCoordinator(String groupId) {
        return lookup(partitionFor(groupId)).error();
    }

    /**
     * Re-checks this broker's leadership of offsets partition {@code partition}: starts loading it
     * in a new leader epoch, unloads it if no longer leader. Cheap; callable from any thread.
     */
    public void onLeadershipChange(int partition) {
        if (partition >= 0 && partition < numPartitions) {
            lookup(partition);
        }
    }

    /** The committed offsets of {@code groupId} (all of them; callers filter). */
    public GroupOffsets fetchOffsets(String groupId) {
        Lookup l = lookup(partitionFor(groupId));
        if (l.error() != Errors.NONE) {
            return new GroupOffsets(l.error(), Map.of());
        }
        synchronized (this) {
            Set<TopicPartition> unstable = new java.util.HashSet<>();
            l.state().pendingTxnOffsets.values().forEach(byGroup -> unstable.addAll(
                    byGroup.getOrDefault(groupId, Map.of()).keySet()));
            return new GroupOffsets(Errors.NONE, Map.copyOf(l.state().offsets.getOrDefault(groupId, Map.of())),
                    Set.copyOf(unstable));
        }
    }

    /**
     * TxnOffsetCommit: writes {@code offsets} of {@code groupId} as a transactional batch of the
     * producer (acks=all); once stored they wait for the transaction's marker
     * ({@link #onTransactionCompleted}) before a fetch sees them.
     */
    public CompletableFuture<Errors> commitTransactionalOffsets(String groupId, long producerId, short producerEpoch,
                                                               Map<TopicPartition, CommittedOffset> offsets) {
        int partition = partitionFor(groupId);
        Lookup l = lookup(partition);
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(l.error());
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        long now = clock.getAsLong();
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, producerId, producerEpoch, RecordBatch.NO_SEQUENCE, true, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        offsets.forEach((tp, o) -> builder.append(now, OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()),
                OffsetRecords.offsetValue(o)));
        return offsetsLog.append(partition, builder.build()).thenApply(error -> {
            if (error != Errors.NONE) {
                return commitError(error);
            }
            synchronized (this) {
                if (partitions.get(partition) == l.state()) {
                    l.state().pendingTxnOffsets.computeIfAbsent(producerId, p -> new HashMap<>())
                            .computeIfAbsent(groupId, g -> new LinkedHashMap<>()).putAll(offsets);
                }
            }
            return Errors.NONE;
        });
    }

    /**
     * A transaction marker of {@code producerId} was written to these {@code __consumer_offsets}
     * partitions (Kafka's onTransactionCompleted): the producer's pending transactional offsets there
     * become committed, or are dropped on abort.
     */
    public synchronized void onTransactionCompleted(long producerId, boolean committed, Iterable<Integer> offsetsPartitions) {
        for (int partition : offsetsPartitions) {
            PartitionState state = partitions.get(partition);
            if (state == null) {
                continue;
            }
            Map<String, Map<TopicPartition, CommittedOffset>> pending = state.pendingTxnOffsets.remove(producerId);
            if (pending != null && committed) {
                pending.forEach((group, o) -> state.offsets.computeIfAbsent(group, g -> new LinkedHashMap<>()).putAll(o));
            }
        }
    }

    /**
     * Writes {@code offsets} of {@code groupId} to its offsets partition with acks=all; completes with
     * NONE once stored (and visible to fetches), or with the error every partition answers.
     */
    public CompletableFuture<Errors> commitOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        int partition = partitionFor(groupId);
        Lookup l = lookup(partition);
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(l.error());
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        long now = clock.getAsLong();
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0L);
        offsets.forEach((tp, o) -> builder.append(now, OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()),
                OffsetRecords.offsetValue(o)));
        return offsetsLog.append(partition, builder.build()).thenApply(error -> {
            if (error != Errors.NONE) {
                return commitError(error);
            }
            synchronized (this) {
                if (partitions.get(partition) == l.state()) {
                    l.state().offsets.computeIfAbsent(groupId, g -> new LinkedHashMap<>()).putAll(offsets);
                }
            }
            return Errors.NONE;
        });
    }

    /** Appends {@code group}'s GroupMetadata record with acks=all (see {@link GroupStore}). */
    @Override
    public CompletableFuture<Errors> storeGroup(String groupId, StoredGroup group) {
        int partition = partitionFor(groupId);
        Lookup l = lookup(partition);
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        }
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0L);
        builder.append(clock.getAsLong(), OffsetRecords.groupMetadataKey(groupId), OffsetRecords.groupMetadataValue(group));
        return offsetsLog.append(partition, builder.build()).thenApply(error -> {
            if (error != Errors.NONE) {
                log.warn("Storing the metadata of group {} (generation {}) in __consumer_offsets-{} failed: {}",
                        groupId, group.generation(), partition, error);
            }
            return storeError(error);
        });
    }

    /**
     * Deletes the committed offsets of {@code groupId} by appending tombstones for them and for its
     * group metadata. GROUP_ID_NOT_FOUND if it has no offsets and {@code existsAsClassicGroup} is false.
     */
    public CompletableFuture<Errors> deleteGroup(String groupId, boolean existsAsClassicGroup) {
        Lookup l = lookup(partitionFor(groupId));
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(l.error());
        }
        Map<TopicPartition, CommittedOffset> offsets;
        synchronized (this) {
            offsets = Map.copyOf(l.state().offsets.getOrDefault(groupId, Map.of()));
        }
        if (offsets.isEmpty() && !existsAsClassicGroup) {
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        return removeOffsets(groupId, offsets.keySet(), true);
    }

    /**
     * Appends tombstones for {@code expired} offsets of {@code groupId} (and its group metadata if
     * {@code groupTombstone}); on success forgets those offsets.
     */
    CompletableFuture<Errors> removeOffsets(String groupId, Iterable<TopicPartition> expired, boolean groupTombstone) {
        int partition = partitionFor(groupId);
        Lookup l = lookup(partition);
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(l.error());
        }
        long now = clock.getAsLong();
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0L);
        expired.forEach(tp -> builder.append(now, OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()), null));
        if (groupTombstone) {
            builder.append(now, OffsetRecords.groupMetadataKey(groupId), null);
        }
        return offsetsLog.append(partition, builder.build()).thenApply(error -> {
            if (error != Errors.NONE) {
                return commitError(error);
            }
            synchronized (this) {
                if (partitions.get(partition) == l.state()) {
                    Map<TopicPartition, CommittedOffset> g = l.state().offsets.get(groupId);
                    if (g != null) {
                        expired.forEach(g::remove);
                        if (g.isEmpty()) {
                            l.state().offsets.remove(groupId);
                        }
                    }
                }
            }
            return Errors.NONE;
        });
    }

    /**
     * Ids of the groups with committed offsets in the partitions loaded here: a group that only
     * commits (assign() plus commits, or tools) exists for ListGroups as Kafka's simple groups do.
     */
    public synchronized Set<String> groupsWithOffsets() {
        Set<String> ids = new TreeSet<>();
        partitions.values().forEach(s -> {
            if (s.loaded) {
                s.offsets.forEach((g, o) -> {
                    if (!o.isEmpty()) {
                        ids.add(g);
                    }
                });
            }
        });
        return ids;
    }

    /**
     * The offset {@code groupId} committed for {@code tp}, if its partition is loaded here and it has
     * one; a map lookup that never starts a load (for the lag gauges).
     */
    public synchronized java.util.OptionalLong committedOffset(String groupId, TopicPartition tp) {
        PartitionState s = partitions.get(partitionFor(groupId));
        CommittedOffset o = s == null || !s.loaded ? null : s.offsets.getOrDefault(groupId, Map.of()).get(tp);
        return o == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(o.offset());
    }

    /** How many committed offsets the loaded partitions hold, all groups together (Kafka's NumOffsets). */
    public synchronized int numOffsets() {
        int n = 0;
        for (PartitionState s : partitions.values()) {
            if (s.loaded) {
                for (Map<TopicPartition, CommittedOffset> o : s.offsets.values()) {
                    n += o.size();
                }
            }
        }
        return n;
    }

    /** Every loaded partition's groups with offsets and those offsets (a copy), for the retention check. */
    synchronized Map<Integer, Map<String, Map<TopicPartition, CommittedOffset>>> loadedOffsets() {
        Map<Integer, Map<String, Map<TopicPartition, CommittedOffset>>> out = new HashMap<>();
        partitions.forEach((p, s) -> {
            if (s.loaded) {
                Map<String, Map<TopicPartition, CommittedOffset>> copy = new HashMap<>();
                s.offsets.forEach((g, o) -> copy.put(g, Map.copyOf(o)));
                out.put(p, copy);
            }
        });
        return out;
    }

    private static Errors commitError(Errors appendError) {
        return switch (appendError) {
            case NONE -> Errors.NONE;
            case NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, FENCED_LEADER_EPOCH -> Errors.NOT_COORDINATOR;
            case NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT -> Errors.COORDINATOR_NOT_AVAILABLE;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }

    /** Kafka's mapping of a failed group metadata append to the error the members see. */
    private static Errors storeError(Errors appendError) {
        return switch (appendError) {
            case NONE -> Errors.NONE;
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR, FENCED_LEADER_EPOCH -> Errors.NOT_COORDINATOR;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }

    /** The state of {@code partition}: schedules a load in a new leader epoch and an unload on lost leadership. */
    private synchronized Lookup lookup(int partition) {
        OptionalInt epoch = offsetsLog.leaderEpochIfLeader(partition);
        PartitionState current = partitions.get(partition);
        if (current != null && (epoch.isEmpty() || current.leaderEpoch != epoch.getAsInt())) {
            partitions.remove(partition);
            log.info("Unloading __consumer_offsets-{} (leader epoch {}): this broker {}", partition,
                    current.leaderEpoch, epoch.isEmpty() ? "no longer leads it" : "leads it in epoch " + epoch.getAsInt());
            submit(() -> unloadGroups(partition));
            current = null;
        }
        if (epoch.isEmpty()) {
            return new Lookup(Errors.NOT_COORDINATOR, null);
        }
        if (current == null) {
            PartitionState fresh = new PartitionState(epoch.getAsInt());
            partitions.put(partition, fresh);
            log.info("Loading __consumer_offsets-{} in leader epoch {}", partition, fresh.leaderEpoch);
            submit(() -> load(partition, fresh));
            current = fresh;
        }
        return current.loaded ? new Lookup(Errors.NONE, current) : new Lookup(Errors.COORDINATOR_LOAD_IN_PROGRESS, null);
    }

    private void submit(Runnable task) {
        try {
            loader.execute(task);
        } catch (RejectedExecutionException e) {
            log.info("Not loading or unloading __consumer_offsets partitions: the coordinator is shutting down");
        }
    }

    private void unloadGroups(int partition) {
        ClassicGroups g = groups;
        if (g != null) {
            int removed = g.unload(groupId -> partitionFor(groupId) == partition);
            log.info("Unloaded __consumer_offsets-{}: {} groups now answer NOT_COORDINATOR", partition, removed);
        }
    }

    /** Runs on the loader: reads the partition, installs its offsets and groups, then marks it loaded. */
    private void load(int partition, PartitionState state) {
        long start = clock.getAsLong();
        Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
        Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pending = new HashMap<>();
        Map<String, StoredGroup> stored = new HashMap<>();
        int records;
        try {
            records = replay(partition, offsets, pending, stored);
        } catch (RuntimeException e) {
            log.error("Loading __consumer_offsets-{} in leader epoch {} failed; it stays unloaded", partition,
                    state.leaderEpoch, e);
            synchronized (this) {
                if (partitions.get(partition) == state) {
                    partitions.remove(partition);
                }
            }
            return;
        }
        synchronized (this) {
            if (partitions.get(partition) != state) {
                return;
            }
            state.offsets.putAll(offsets);
            state.pendingTxnOffsets.putAll(pending);
        }
        ClassicGroups g = groups;
        if (g != null) {
            g.load(stored, clock.getAsLong());
        }
        synchronized (this) {
            state.loaded = partitions.get(partition) == state;
        }
        log.info("Loaded __consumer_offsets-{} in leader epoch {}: {} records, {} groups with offsets, {} groups "
                + "with metadata, in {} ms", partition, state.leaderEpoch, records, offsets.size(), stored.size(),
                clock.getAsLong() - start);
    }

    /**
     * Replays the partition's log: offsets and group metadata outside transactions apply at once;
     * a producer's transactional offsets wait in {@code pending} for its marker, which commits them
     * into {@code offsets} or drops them.
     */
    private int replay(int partition, Map<String, Map<TopicPartition, CommittedOffset>> offsets,
                       Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pending,
                       Map<String, StoredGroup> stored) {
        int[] records = {0};
        offsetsLog.forEachBatch(partition, batch -> { // batch by batch: only the latest offsets stay
            if (batch.control()) {
                Map<String, Map<TopicPartition, CommittedOffset>> done = pending.remove(batch.producerId());
                if (done != null && batch.commit()) {
                    done.forEach((g, o) -> offsets.computeIfAbsent(g, x -> new LinkedHashMap<>()).putAll(o));
                }
                return;
            }
            Map<String, Map<TopicPartition, CommittedOffset>> target = batch.transactional()
                    ? pending.computeIfAbsent(batch.producerId(), p -> new HashMap<>()) : offsets;
            records[0] += replayBatch(partition, batch.records(), target, batch.transactional() ? null : stored);
        });
        return records[0];
    }

    /** Applies one batch's records to {@code offsets} (and, unless null, group metadata to {@code stored}). */
    private int replayBatch(int partition, Iterable<Record> batch, Map<String, Map<TopicPartition, CommittedOffset>> offsets,
                            Map<String, StoredGroup> stored) {
        int records = 0;
        for (Record r : batch) {
            if (!r.hasKey()) {
                continue;
            }
            Key key;
            try {
                key = OffsetRecords.readKey(r.key());
            } catch (RuntimeException e) {
                log.warn("Skipping an unreadable key at offset {} of __consumer_offsets-{}: {}", r.offset(), partition,
                        e.toString());
                continue;
            }
            records++;
            if (!key.isOffset()) {
                if (stored == null) {
                    continue;
                } else if (r.hasValue()) {
                    StoredGroup group = OffsetRecords.readGroupMetadataValue(r.value());
                    log.debug("__consumer_offsets-{} offset {}: group {} generation {} with {} members", partition,
                            r.offset(), key.group(), group.generation(), group.members().size());
                    stored.put(key.group(), group);
                } else {
                    stored.remove(key.group());
                }
                continue;
            }
            TopicPartition tp = new TopicPartition(key.topic(), key.partition());
            if (!r.hasValue()) {
                Map<TopicPartition, CommittedOffset> g = offsets.get(key.group());
                if (g != null) {
                    g.remove(tp);
                    if (g.isEmpty()) {
                        offsets.remove(key.group());
                    }
                }
            } else {
                offsets.computeIfAbsent(key.group(), g -> new LinkedHashMap<>()).put(tp, OffsetRecords.readOffsetValue(r.value()));
            }
        }
        return records;
    }
}
