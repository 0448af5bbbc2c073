package io.gregor.broker.txn;

import io.gregor.broker.group.OffsetsLog;
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

/** An in-memory {@code __transaction_state} whose leadership and append outcome a test controls. */
final class InMemoryStateLog implements OffsetsLog {
    private final Map<Integer, List<Record>> logs = new HashMap<>();      // guarded by this
    private final Map<Integer, Integer> leaderEpochs = new HashMap<>();   // guarded by this
    private Errors appendError = Errors.NONE;                              // guarded by this

    synchronized void lead(int partition, int epoch) {
        leaderEpochs.put(partition, epoch);
    }

    synchronized void resign(int partition) {
        leaderEpochs.remove(partition);
    }

    synchronized void failAppendsWith(Errors error) {
        appendError = error;
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
        return List.copyOf(logs.getOrDefault(partition, List.of()));
    }

    /** The stored states of {@code partition} in order, tombstones as null. */
    synchronized List<TxnTransit> states(int partition) {
        List<TxnTransit> out = new ArrayList<>();
        for (Record r : readAll(partition)) {
            out.add(r.hasValue() ? TransactionLogRecords.readValue(r.value()) : null);
        }
        return out;
    }
}
