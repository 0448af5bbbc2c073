package io.gregor.faults.harness;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every acknowledgement the producer got: per partition, the record's sequence number, the offset
 * the broker gave it and when the acknowledgement arrived; also written as CSV
 * ({@code partition,seq,offset,epoch_ms}) as it happens, so that a crashed run still leaves its
 * evidence. Failed sends are counted (they are indeterminate, not lost).
 *
 * <p>Thread safety: written by the producer's callback thread, read by the fault loop and the
 * report; every list and the CSV writer are guarded by {@code this}, the last-ack times are atomic.
 */
final class AckLog implements AutoCloseable {

    /** One acknowledged record. */
    record Ack(long seq, long offset, long nanos) {
    }

    private final List<List<Ack>> acks = new ArrayList<>();          // guarded by this
    private final AtomicLongArray lastAckNanos;                       // atomic
    private final BufferedWriter csv;                                 // guarded by this
    private long failed;                                              // guarded by this
    private final List<String> firstFailures = new ArrayList<>();     // guarded by this; at most 20

    AckLog(int partitions, Path csvFile) throws IOException {
        for (int p = 0; p < partitions; p++) {
            acks.add(new ArrayList<>());
        }
        this.lastAckNanos = new AtomicLongArray(partitions);
        this.csv = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8);
        csv.write("partition,seq,offset,epoch_ms\n");
    }

    synchronized void acked(int partition, long seq, long offset) {
        long now = RunClock.now();
        acks.get(partition).add(new Ack(seq, offset, now));
        lastAckNanos.set(partition, now);
        try {
            csv.write(partition + "," + seq + "," + offset + "," + RunClock.wall(now).toEpochMilli() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void failed(int partition, long seq, Exception error) {
        failed++;
        if (firstFailures.size() < 20) {
            firstFailures.add(partition + ":" + seq + " " + error);
        }
    }

    /** When the partition's latest acknowledgement arrived (0 if none yet). */
    long lastAckNanos(int partition) {
        return lastAckNanos.get(partition);
    }

    int partitions() {
        return lastAckNanos.length();
    }

    /** A copy of the partition's acknowledgements, in arrival order. */
    synchronized List<Ack> acks(int partition) {
        return List.copyOf(acks.get(partition));
    }

    synchronized long count() {
        long n = 0;
        for (List<Ack> list : acks) {
            n += list.size();
        }
        return n;
    }

    synchronized long failedCount() {
        return failed;
    }

    synchronized List<String> firstFailures() {
        return List.copyOf(firstFailures);
    }

    /** The latest acknowledgement of the partition that arrived in [from, to], or -1. */
    synchronized long lastAckBetween(int partition, long fromNanos, long toNanos) {
        List<Ack> list = acks.get(partition);
        for (int i = list.size() - 1; i >= 0; i--) {
            long t = list.get(i).nanos();
            if (t <= toNanos) {
                return t >= fromNanos ? t : -1;
            }
        }
        return -1;
    }

    @Override
    public synchronized void close() throws IOException {
        csv.close();
    }
}
