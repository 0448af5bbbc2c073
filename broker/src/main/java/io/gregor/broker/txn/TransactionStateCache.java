package io.gregor.broker.txn;

import io.gregor.broker.group.OffsetsLog;
import io.gregor.broker.group.OffsetsTopic;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.Record;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional ids whose {@code __transaction_state} partition this broker leads, with their
 * coordinator epoch (the partition's leader epoch). When this broker is found to lead a partition
 * in a new leader epoch (a leadership-change notification or the first request for it), the
 * partition is read back from its log on the {@code loader} executor (later records win,
 * tombstones remove); meanwhile its ids answer COORDINATOR_LOAD_IN_PROGRESS, and once loaded the
 * {@link Listener} gets the transactions caught between Prepare and Complete so that their
 * markers are sent again. When it is found not to lead it, its ids are dropped and answer
 * NOT_COORDINATOR. State changes are written with acks=all ({@link #append}) and applied only once
 * stored. Thread-safe: the partition map is guarded by this object; each
 * {@link TransactionMetadata} by its own monitor, never taken while holding this one.
 */
final class TransactionStateCache {
    private static final Logger log = LoggerFactory.getLogger(TransactionStateCache.class);

    /** What loading and unloading tell the coordinator. */
    interface Listener {
        /** {@code partition} was loaded in {@code coordinatorEpoch}; {@code prepared} are in PrepareCommit/PrepareAbort. */
        void onLoaded(int partition, int coordinatorEpoch, List<TransactionMetadata> prepared);

        /** {@code partition} is no longer coordinated here. */
        void onUnloaded(int partition);
    }

    /** A transactional id's metadata and the coordinator epoch it is served in. */
    record Entry(int coordinatorEpoch, TransactionMetadata metadata) {
    }

    /** An error for the id's partition, or its entry (null when the id is unknown). */
    record Lookup(Errors error, Entry entry) {
    }

    /** One partition in one leader epoch; {@code txns} and {@code loaded} are guarded by the cache. */
    private static final class PartitionState {
        final int leaderEpoch;
        final Map<String, TransactionMetadata> txns = new HashMap<>();
        boolean loaded;

        PartitionState(int leaderEpoch) {
            this.leaderEpoch = leaderEpoch;
        }
    }

    private final OffsetsLog stateLog;
    private final int numPartitions;
    private final LongSupplier clock;
    private final Executor loader;
    private volatile Listener listener = new Listener() {
        @Override
        public void onLoaded(int partition, int coordinatorEpoch, List<TransactionMetadata> prepared) {
        }

        @Override
        public void onUnloaded(int partition) {
        }
    };
    private final Map<Integer, PartitionState> partitions = new HashMap<>(); // guarded by this

    TransactionStateCache(OffsetsLog stateLog, int numPartitions, LongSupplier clock, Executor loader) {
        this.stateLog = stateLog;
        this.numPartitions = numPartitions;
        this.clock = clock;
        this.loader = loader;
    }

    /** Binds the coordinator; call once before serving requests. */
    void setListener(Listener listener) {
        this.listener = listener;
    }

    int numPartitions() {
        return numPartitions;
    }

    int partitionFor(String transactionalId) {
        return OffsetsTopic.partitionFor(transactionalId, numPartitions);
    }

    /** The id's entry, NONE with a null entry if unknown, or the partition's error. */
    synchronized Lookup get(String transactionalId) {
        int partition = partitionFor(transactionalId);
        PartitionLookup p = lookup(partition);
        if (p.error() != Errors.NONE) {
            return new Lookup(p.error(), null);
        }
        TransactionMetadata md = p.state().txns.get(transactionalId);
        return new Lookup(Errors.NONE, md == null ? null : new Entry(p.state().leaderEpoch, md));
    }

    /** Adds {@code fresh} unless the id already has metadata; the entry that is now there. */
    synchronized Lookup putIfAbsent(TransactionMetadata fresh) {
        PartitionLookup p = lookup(partitionFor(fresh.transactionalId));
        if (p.error() != Errors.NONE) {
            return new Lookup(p.error(), null);
        }
        TransactionMetadata md = p.state().txns.computeIfAbsent(fresh.transactionalId, id -> fresh);
        return new Lookup(Errors.NONE, new Entry(p.state().leaderEpoch, md));
    }

    /** Whether {@code partition} is still loaded here in {@code coordinatorEpoch}. */
    synchronized boolean isCurrent(int partition, int coordinatorEpoch) {
        PartitionState s = partitions.get(partition);
        return s != null && s.loaded && s.leaderEpoch == coordinatorEpoch;
    }

    /** Every loaded id with its coordinator epoch (a snapshot, for the periodic checks and listings). */
    synchronized List<Entry> loadedEntries() {
        List<Entry> out = new ArrayList<>();
        partitions.values().forEach(s -> {
            if (s.loaded) {
                s.txns.values().forEach(md -> out.add(new Entry(s.leaderEpoch, md)));
            }
        });
        return out;
    }

    /** COORDINATOR_LOAD_IN_PROGRESS while any partition led here is still loading, else NONE. */
    synchronized Errors loadingError() {
        for (int p = 0; p < numPartitions; p++) {
            OptionalInt epoch = stateLog.leaderEpochIfLeader(p);
            PartitionState s = partitions.get(p);
            if (epoch.isPresent() && (s == null || !s.loaded || s.leaderEpoch != epoch.getAsInt())) {
                return Errors.COORDINATOR_LOAD_IN_PROGRESS;
            }
        }
        return Errors.NONE;
    }

    /**
     * Writes the prepared {@code transit} of {@code md} (a tombstone for Dead) with acks=all; once
     * stored, and if the coordinator epoch is still {@code coordinatorEpoch}, it becomes the current
     * state. Completes with NONE, or with the error to answer (the pending transition then abandoned).
     */
    CompletableFuture<Errors> append(TransactionMetadata md, int coordinatorEpoch, TxnTransit transit) {
        int partition = partitionFor(md.transactionalId);
        if (!isCurrent(partition, coordinatorEpoch)) {
            synchronized (md) {
                md.abandonPending();
            }
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        }
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0L);
        builder.append(clock.getAsLong(), TransactionLogRecords.key(md.transactionalId),
                transit.state() == TransactionState.DEAD ? null : TransactionLogRecords.value(transit));
        return stateLog.append(partition, builder.build()).thenApply(appendError -> {
            Errors error = appendError(appendError);
            if (error == Errors.NONE && !isCurrent(partition, coordinatorEpoch)) {
                error = Errors.NOT_COORDINATOR;
            }
            synchronized (md) {
                if (error == Errors.NONE && md.pendingState == transit.state()) {
                    md.completeTransition(transit);
                } else if (md.pendingState == transit.state()) {
                    md.abandonPending();
                }
            }
            if (error == Errors.NONE && transit.state() == TransactionState.DEAD) {
                synchronized (this) {
                    PartitionState s = partitions.get(partition);
                    if (s != null && s.txns.get(md.transactionalId) == md) {
                        s.txns.remove(md.transactionalId);
                    }
                }
            }
            if (error != Errors.NONE) {
                log.info("Writing {} of transactional id {} to __transaction_state-{} failed: {} (answering {})",
                        transit.state().kafkaName, md.transactionalId, partition, appendError, error);
            }
            return error;
        });
    }

    /** Re-checks this broker's leadership of {@code partition}: loads it in a new epoch, unloads it when lost. */
    void onLeadershipChange(int partition) {
        if (partition >= 0 && partition < numPartitions) {
            synchronized (this) {
                lookup(partition);
            }
        }
    }

    /** Kafka's mapping of a failed transaction-log append to the error the producer sees. */
    private static Errors appendError(Errors error) {
        return switch (error) {
            case NONE -> Errors.NONE;
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR, FENCED_LEADER_EPOCH -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> Errors.UNKNOWN_SERVER_ERROR;
            default -> error;
        };
    }

    private record PartitionLookup(Errors error, PartitionState state) {
    }

    /** Caller holds this. Schedules a load in a new leader epoch and an unload on lost leadership. */
    private PartitionLookup lookup(int partition) {
        OptionalInt epoch = stateLog.leaderEpochIfLeader(partition);
        PartitionState current = partitions.get(partition);
        if (current != null && (epoch.isEmpty() || current.leaderEpoch != epoch.getAsInt())) {
            partitions.remove(partition);
            log.info("Unloading __transaction_state-{} (coordinator epoch {}): this broker {}", partition,
                    current.leaderEpoch, epoch.isEmpty() ? "no longer leads it" : "leads it in epoch " + epoch.getAsInt());
            submit(() -> listener.onUnloaded(partition));
            current = null;
        }
        if (epoch.isEmpty()) {
            return new PartitionLookup(Errors.NOT_COORDINATOR, null);
        }
        if (current == null) {
            PartitionState fresh = new PartitionState(epoch.getAsInt());
            partitions.put(partition, fresh);
            log.info("Loading __transaction_state-{} in coordinator epoch {}", partition, fresh.leaderEpoch);
            submit(() -> load(partition, fresh));
            current = fresh;
        }
        return current.loaded ? new PartitionLookup(Errors.NONE, current)
                : new PartitionLookup(Errors.COORDINATOR_LOAD_IN_PROGRESS, null);
    }

    private void submit(Runnable task) {
        try {
            loader.execute(task);
        } catch (RejectedExecutionException e) {
            log.info("Not loading or unloading __transaction_state partitions: the coordinator is shutting down");
        }
    }

    /** Runs on the loader: reads the partition, installs its ids, marks it loaded, reports the prepared ones. */
    private void load(int partition, PartitionState state) {
        long start = clock.getAsLong();
        Map<String, TxnTransit> stored = new HashMap<>();
        int records = 0;
        try {
            for (Record r : stateLog.readAll(partition)) {
                if (!r.hasKey()) {
                    continue;
                }
                String id;
                try {
                    id = TransactionLogRecords.readKey(r.key());
                } catch (RuntimeException e) {
                    log.warn("Skipping an unreadable key at offset {} of __transaction_state-{}: {}", r.offset(),
                            partition, e.toString());
                    continue;
                }
                records++;
                if (r.hasValue()) {
                    stored.put(id, TransactionLogRecords.readValue(r.value()));
                } else {
                    stored.remove(id);
                }
            }
        } catch (RuntimeException e) {
            log.error("Loading __transaction_state-{} in coordinator epoch {} failed; it stays unloaded", partition,
                    state.leaderEpoch, e);
            synchronized (this) {
                if (partitions.get(partition) == state) {
                    partitions.remove(partition);
                }
            }
            return;
        }
        List<TransactionMetadata> prepared = new ArrayList<>();
        synchronized (this) {
            if (partitions.get(partition) != state) {
                return;
            }
            stored.forEach((id, t) -> {
                TransactionMetadata md = new TransactionMetadata(id, t);
                state.txns.put(id, md);
                if (t.state() == TransactionState.PREPARE_COMMIT || t.state() == TransactionState.PREPARE_ABORT) {
                    prepared.add(md);
                }
            });
            state.loaded = true;
        }
        log.info("Loaded __transaction_state-{} in coordinator epoch {}: {} records, {} transactional ids, {} to "
                + "complete, in {} ms", partition, state.leaderEpoch, records, stored.size(), prepared.size(),
                clock.getAsLong() - start);
        listener.onLoaded(partition, state.leaderEpoch, prepared);
    }
}
