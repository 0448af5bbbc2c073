package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.broker.group.OffsetRecords.Key;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.Record;
import io.gregor.core.log.TopicPartition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets of the groups whose {@code __consumer_offsets} partition this broker leads.
 * A partition's state is loaded from its log (later records win, tombstones delete) the first time
 * it is used in a leader epoch, and dropped as soon as this broker is found not to lead it; so a
 * coordinator that moves away and back, or restarts, serves what the log holds. Commits are
 * appended with acks=all and become visible only once the append succeeded. Thread-safe (one lock).
 */
public final class GroupCoordinator {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /** The outcome of a lookup: an error for the whole group, or the group's committed offsets. */
    public record GroupOffsets(Errors error, Map<TopicPartition, CommittedOffset> offsets) {
    }

    private record PartitionState(int leaderEpoch, Map<String, Map<TopicPartition, CommittedOffset>> groups) {
    }

    private final OffsetsLog offsetsLog;
    private final int numPartitions;
    private final LongSupplier clock;
    private final Map<Integer, PartitionState> loaded = new HashMap<>();

    public GroupCoordinator(OffsetsLog offsetsLog, int numPartitions, LongSupplier clock) {
        this.offsetsLog = offsetsLog;
        this.numPartitions = numPartitions;
        this.clock = clock;
    }

    public int partitionFor(String groupId) {
        return OffsetsTopic.partitionFor(groupId, numPartitions);
    }

    /** NONE if this broker coordinates {@code groupId} (loading its partition if needed), else NOT_COORDINATOR. */
    public Errors checkCoordinator(String groupId) {
        return state(partitionFor(groupId)).isPresent() ? Errors.NONE : Errors.NOT_COORDINATOR;
    }

    /** The committed offsets of {@code groupId} (all of them; callers filter). */
    public GroupOffsets fetchOffsets(String groupId) {
        Optional<PartitionState> state = state(partitionFor(groupId));
        if (state.isEmpty()) {
            return new GroupOffsets(Errors.NOT_COORDINATOR, Map.of());
        }
        synchronized (this) {
            return new GroupOffsets(Errors.NONE, Map.copyOf(state.get().groups().getOrDefault(groupId, Map.of())));
        }
    }

    /**
     * Writes {@code offsets} of {@code groupId} to its offsets partition with acks=all; completes with
     * NONE once stored (and visible to fetches), or with the error every partition answers.
     */
    public CompletableFuture<Errors> commitOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        int partition = partitionFor(groupId);
        Optional<PartitionState> state = state(partition);
        if (state.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        long now = clock.getAsLong();
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0L);
        offsets.forEach((tp, o) -> builder.append(now, OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()),
                OffsetRecords.offsetValue(o)));
        int epoch = state.get().leaderEpoch();
        return offsetsLog.append(partition, builder.build()).thenApply(error -> {
            if (error != Errors.NONE) {
                return commitError(error);
            }
            synchronized (this) {
                PartitionState current = loaded.get(partition);
                if (current != null && current.leaderEpoch() == epoch) {
                    current.groups().computeIfAbsent(groupId, g -> new LinkedHashMap<>()).putAll(offsets);
                }
            }
            return Errors.NONE;
        });
    }

    /**
     * Deletes the committed offsets of {@code groupId} by appending tombstones for them and for its
     * group metadata. GROUP_ID_NOT_FOUND if it has no offsets and {@code existsAsClassicGroup} is false.
     */
    public CompletableFuture<Errors> deleteGroup(String groupId, boolean existsAsClassicGroup) {
        int partition = partitionFor(groupId);
        Optional<PartitionState> state = state(partition);
        if (state.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        }
        Map<TopicPartition, CommittedOffset> offsets;
        synchronized (this) {
            offsets = Map.copyOf(state.get().groups().getOrDefault(groupId, Map.of()));
        }
        if (offsets.isEmpty() && !existsAsClassicGroup) {
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        long now = clock.getAsLong();
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0L);
        offsets.keySet().forEach(tp -> builder.append(now, OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()), null));
        builder.append(now, OffsetRecords.groupMetadataKey(groupId), null);
        int epoch = state.get().leaderEpoch();
        return offsetsLog.append(partition, builder.build()).thenApply(error -> {
            if (error != Errors.NONE) {
                return commitError(error);
            }
            synchronized (this) {
                PartitionState current = loaded.get(partition);
                if (current != null && current.leaderEpoch() == epoch) {
                    current.groups().remove(groupId);
                }
            }
            return Errors.NONE;
        });
    }

    private static Errors commitError(Errors appendError) {
        return switch (appendError) {
            case NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, FENCED_LEADER_EPOCH -> Errors.NOT_COORDINATOR;
            case NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT -> Errors.COORDINATOR_NOT_AVAILABLE;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }

    /** The loaded state of {@code partition} if this broker leads it; loads it on first use in an epoch. */
    private synchronized Optional<PartitionState> state(int partition) {
        OptionalInt epoch = offsetsLog.leaderEpochIfLeader(partition);
        if (epoch.isEmpty()) {
            if (loaded.remove(partition) != null) {
                log.info("Unloaded __consumer_offsets-{}: this broker no longer leads it", partition);
            }
            return Optional.empty();
        }
        PartitionState current = loaded.get(partition);
        if (current != null && current.leaderEpoch() == epoch.getAsInt()) {
            return Optional.of(current);
        }
        PartitionState fresh = new PartitionState(epoch.getAsInt(), load(partition));
        loaded.put(partition, fresh);
        return Optional.of(fresh);
    }

    private Map<String, Map<TopicPartition, CommittedOffset>> load(int partition) {
        Map<String, Map<TopicPartition, CommittedOffset>> groups = new HashMap<>();
        int records = 0;
        for (Record r : offsetsLog.readAll(partition)) {
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
                if (!r.hasValue()) {
                    groups.remove(key.group());
                }
                continue;
            }
            TopicPartition tp = new TopicPartition(key.topic(), key.partition());
            if (!r.hasValue()) {
                Map<TopicPartition, CommittedOffset> g = groups.get(key.group());
                if (g != null) {
                    g.remove(tp);
                }
            } else {
                groups.computeIfAbsent(key.group(), g -> new LinkedHashMap<>()).put(tp, OffsetRecords.readOffsetValue(r.value()));
            }
        }
        log.info("Loaded __consumer_offsets-{}: {} records, {} groups", partition, records, groups.size());
        return groups;
    }
}
