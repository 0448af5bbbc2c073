package io.gregor.faults.harness;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every transaction of the transactional workload, as it happens: the records each one sent, the
 * offsets their sends were acknowledged at, and how it ended ({@link Transaction.Outcome}). A
 * committed transaction's records also go to the {@link AckLog} when {@code commitTransaction()}
 * returns, so that the heal check and the availability figures count committed records as the
 * idempotent workload counts acknowledged ones. Every ended transaction is written as a CSV line
 * ({@code producer,number,outcome,deliberate_abort,records,epoch_ms,note}) to {@code txns.csv}.
 *
 * <p>Thread safety: written by the producers' threads and their send callbacks, read by the
 * verifier; every field is guarded by {@code this}.
 */
final class TxnLog implements AutoCloseable {

    private static final class Open {
        final int producer;
        final long number;
        final boolean deliberateAbort;
        final Map<Long, Transaction.Sent> records = new LinkedHashMap<>();   // key: partition << 40 | seq
        Transaction.Outcome outcome = Transaction.Outcome.OPEN;
        String note = "";

        Open(int producer, long number, boolean deliberateAbort) {
            this.producer = producer;
            this.number = number;
            this.deliberateAbort = deliberateAbort;
        }

        Transaction freeze() {
            return new Transaction(producer, number, deliberateAbort, outcome, List.copyOf(records.values()), note);
        }
    }

    private final Map<String, Open> transactions = new LinkedHashMap<>();   // guarded by this; in begin order
    private final java.util.Set<Long> deliberatelyAborted = new java.util.HashSet<>();   // guarded by this; partition << 40 | seq
    private final AckLog acks;                                              // its own guard
    private final BufferedWriter csv;                                       // guarded by this

    TxnLog(AckLog acks, Path csvFile) throws IOException {
        this.acks = acks;
        this.csv = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8);
        csv.write("producer,number,outcome,deliberate_abort,records,epoch_ms,note\n");
    }

    /** Starts recording a transaction; returns its id. */
    synchronized String begin(int producer, long number, boolean deliberateAbort) {
        Open txn = new Open(producer, number, deliberateAbort);
        String id = producer + "/" + number;
        if (transactions.putIfAbsent(id, txn) != null) {
            throw new IllegalStateException("transaction " + id + " begun twice");
        }
        return id;
    }

    /** A record is about to be sent in the transaction (recorded first, so that a record read is never unknown). */
    synchronized void sending(String id, int partition, long seq) {
        Open txn = open(id);
        txn.records.put(key(partition, seq), new Transaction.Sent(partition, seq, -1));
        if (txn.deliberateAbort) {
            deliberatelyAborted.add(key(partition, seq));
        }
    }

    /**
     * Whether the record was sent by a transaction the workload chose to abort (known from its start,
     * so a read_committed consumer may check each record it reads while the run goes on).
     */
    synchronized boolean deliberatelyAborted(int partition, long seq) {
        return deliberatelyAborted.contains(key(partition, seq));
    }

    /** The send of a record of the transaction was acknowledged at {@code offset}. */
    synchronized void produced(String id, int partition, long seq, long offset) {
        open(id).records.put(key(partition, seq), new Transaction.Sent(partition, seq, offset));
    }

    /** How the transaction ended; a committed one's records go to the ack log now. */
    void ended(String id, Transaction.Outcome outcome, String note) {
        if (outcome == Transaction.Outcome.OPEN) {
            throw new IllegalArgumentException("a transaction cannot end open");
        }
        List<Transaction.Sent> committed;
        synchronized (this) {
            Open txn = open(id);
            if (txn.outcome != Transaction.Outcome.OPEN) {
                throw new IllegalStateException("transaction " + id + " ended twice");
            }
            txn.outcome = outcome;
            txn.note = note;
            committed = outcome == Transaction.Outcome.COMMITTED ? List.copyOf(txn.records.values()) : List.of();
            try {
                csv.write(txn.producer + "," + txn.number + "," + outcome + "," + txn.deliberateAbort + ","
                        + txn.records.size() + "," + System.currentTimeMillis() + ",\"" + note.replace("\"", "\"\"") + "\"\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Transaction.Sent record : committed) {
            acks.acked(record.partition(), record.seq(), record.offset());
        }
    }

    /** Ends the transaction unless it has ended already (after an unexpected error, when it is not known whether it did). */
    void endedIfOpen(String id, Transaction.Outcome outcome, String note) {
        synchronized (this) {
            if (open(id).outcome != Transaction.Outcome.OPEN) {
                return;
            }
            // only the producer's own thread ends its transactions (this caller): it cannot end between here and below
        }
        ended(id, outcome, note);
    }

    /** Every transaction so far, in the order they began. */
    synchronized List<Transaction> snapshot() {
        List<Transaction> all = new ArrayList<>(transactions.size());
        for (Open txn : transactions.values()) {
            all.add(txn.freeze());
        }
        return all;
    }

    synchronized long count(Transaction.Outcome outcome) {
        return transactions.values().stream().filter(t -> t.outcome == outcome).count();
    }

    private Open open(String id) {
        Open txn = transactions.get(id);
        if (txn == null) {
            throw new IllegalStateException("unknown transaction " + id);
        }
        return txn;
    }

    private static long key(int partition, long seq) {
        return ((long) partition << 40) | seq;
    }

    @Override
    public synchronized void close() throws IOException {
        csv.close();
    }
}
