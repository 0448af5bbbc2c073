package io.gregor.broker.group;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory internal topic ({@code __consumer_offsets}, {@code __transaction_state}) whose
 * leadership and append outcome a test controls. Thread-safe: appends may come from a
 * coordinator's threads.
 */
public class InMemoryOffsetsLog implements OffsetsLog {
    private final Map<Integer, List<Record>> logs = new HashMap<>();      // guarded by this
    private final Map<Integer, Integer> leaderEpochs = new HashMap<>();   // guarded by this
    private Errors appendError = Errors.NONE;                              // guarded by this
    private int reads;                                                     // guarded by this

    /** This broker leads {@code partition} in {@code epoch}. */
    public synchronized void lead(int partition, int epoch) {
        leaderEpochs.put(partition, epoch);
    }

    /** This broker no longer leads {@code partition}. */
    public synchronized void resign(int partition) {
        leaderEpochs.remove(partition);
    }

    /** Every later append answers {@code error} and writes nothing (NONE: appends succeed again). */
    public synchronized void failAppendsWith(Errors error) {
        appendError = error;
    }

    /** Adds a record to {@code partition} as another writer would, bypassing {@link #append}. */
    public synchronized void addRecord(int partition, Record record) {
        logs.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
    }

    /** How many times a partition was read whole (each load reads once). */
    public synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized OptionalInt leaderEpochIfLeader(int partition) {
        Integer e = leaderEpochs.get(partition);
        return e == null ? OptionalInt.empty() : OptionalInt.of(e);
    }

    @Override
    public synchronized CompletableFuture<Errors> append(int partition, MemoryRecords records) {
        if (appendError == Errors.NONE) {
            List<Record> log = logs.computeIfAbsent(partition, p -> new ArrayList<>());
            for (RecordBatch b : records.batches()) {
                for (Record r : b.recordList()) {
                    log.add(new Record(log.size(), r.timestamp(), r.key(), r.value(), r.headers()));
                }
            }
        }
        return CompletableFuture.completedFuture(appendError);
    }

    @Override
    public synchronized List<Record> readAll(int partition) {
        reads++;
        return records(partition);
    }

    /** A copy of the partition's records, without counting as a read. */
    public synchronized List<Record> records(int partition) {
        return List.copyOf(logs.getOrDefault(partition, List.of()));
    }
}
