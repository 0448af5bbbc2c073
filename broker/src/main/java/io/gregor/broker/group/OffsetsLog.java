package io.gregor.broker.group;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the coordinator needs from the data plane for one {@code __consumer_offsets} partition:
 * whether (and in which leader epoch) this broker leads it, an acks=all append, and a read of the
 * whole local log. Implementations must be thread-safe.
 */
public interface OffsetsLog {
    /** The leader epoch if this broker currently leads {@code partition}, else empty. */
    OptionalInt leaderEpochIfLeader(int partition);

    /** Appends {@code records} with acks=all; completes with NONE or the partition's error. */
    CompletableFuture<Errors> append(int partition, MemoryRecords records);

    /** Every record of the partition's local log from its start up to its end, in offset order. */
    List<Record> readAll(int partition);

    /**
     * One batch as read back: its producer, whether it belongs to a transaction, and its records;
     * for a control batch {@code commit} tells COMMIT from ABORT and {@code records} is empty.
     */
    record LoggedBatch(long producerId, boolean transactional, boolean control, boolean commit, List<Record> records) {
    }

    /**
     * As {@link #readAll}, by batch, with transaction markers: what a load needs to tell committed
     * transactional offsets from pending or aborted ones. By default every record is a batch of its own
     * outside any transaction.
     */
    default List<LoggedBatch> readAllBatches(int partition) {
        return readAll(partition).stream().map(r -> new LoggedBatch(-1L, false, false, false, List.of(r))).toList();
    }

    /**
     * As {@link #readAllBatches}, one batch at a time: {@code action} sees each batch in offset order,
     * and an implementation over a real log reads on only after it returned, so a load holds no more
     * than a chunk of the partition.
     */
    default void forEachBatch(int partition, Consumer<LoggedBatch> action) {
        readAllBatches(partition).forEach(action);
    }
}
