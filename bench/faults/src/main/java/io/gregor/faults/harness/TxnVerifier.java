package io.gregor.faults.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the transactional workload: compares what a read_committed read of the topic returned
 * with every transaction the producers ran ({@link TxnLog}).
 * <ul>
 *   <li>every record of every acknowledged commit is read exactly once, at the offset its send was
 *       acknowledged at, and in the order its producer wrote it into the partition;</li>
 *   <li>no record of a transaction that was never committed (a deliberate abort, or one abandoned
 *       after an error) is read;</li>
 *   <li>a transaction whose commit threw is read whole (exactly once) or not at all;</li>
 *   <li>nothing else is read.</li>
 * </ul>
 * A pure function of its inputs, so that its logic is tested without a cluster.
 */
final class TxnVerifier {
    private static final int EXAMPLES = 100;

    private TxnVerifier() {
    }

    /** Judges a read_committed read (no group member's observations). */
    static TxnVerdict judge(List<Transaction> transactions, int partitions, Verifier.Read read) {
        return judge(transactions, partitions, read, 0, List.of());
    }

    /**
     * Judges a read_committed read, together with what the read_committed group member reported
     * during the run: {@code seenByGroupMember} records of deliberately aborted transactions.
     */
    static TxnVerdict judge(List<Transaction> transactions, int partitions, Verifier.Read read, long seenByGroupMember,
                            List<String> groupMemberExamples) {
        // which transaction sent each (partition, seq); seqs are unique per partition across producers
        List<Map<Long, Transaction>> senderBySeq = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            senderBySeq.add(new HashMap<>());
        }
        for (Transaction txn : transactions) {
            for (Transaction.Sent sent : txn.records()) {
                if (sent.partition() >= 0 && sent.partition() < partitions) {
                    senderBySeq.get(sent.partition()).put(sent.seq(), txn);
                }
            }
        }
        List<String> examples = new ArrayList<>();
        for (String seen : groupMemberExamples) {
            example(examples, "the read_committed group member was given a record of a transaction aborted on purpose: " + seen);
        }
        long malformed = read.malformed();
        long readCount = 0;
        long duplicated = 0;
        long reordered = 0;
        List<Map<Long, Integer>> copies = new ArrayList<>();        // partition -> seq -> times read
        List<Map<Long, Long>> offsetOfSeq = new ArrayList<>();      // partition -> seq -> offset first read at
        List<int[]> epochs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<long[]> records = read.records().getOrDefault(p, List.of());
            epochs.add(Verifier.leaderEpochBySeq(records));
            Map<Long, Integer> partitionCopies = new HashMap<>();
            Map<Long, Long> partitionOffsets = new HashMap<>();
            Map<Integer, Long> highestSeqOfProducer = new HashMap<>();
            for (long[] record : records) {
                long offset = record[0];
                long seq = record[1];
                readCount++;
                Transaction sender = senderBySeq.get(p).get(seq);
                if (sender == null) {
                    malformed++;
                    example(examples, "read " + HarnessOptions.TOPIC + "-" + p + " seq " + seq + " at offset " + offset
                            + ", which no transaction sent");
                    continue;
                }
                if (partitionCopies.merge(seq, 1, Integer::sum) > 1) {
                    duplicated++;
                    example(examples, "read " + HarnessOptions.TOPIC + "-" + p + " seq " + seq + " (transaction "
                            + sender.id() + ") again at offset " + offset);
                    continue;
                }
                partitionOffsets.put(seq, offset);
                Long highest = highestSeqOfProducer.get(sender.producer());
                if (highest != null && seq < highest) {
                    reordered++;
                    example(examples, "read " + HarnessOptions.TOPIC + "-" + p + " seq " + seq + " (transaction "
                            + sender.id() + ") at offset " + offset + " after seq " + highest + " of the same producer");
                }
                highestSeqOfProducer.merge(sender.producer(), seq, Math::max);
            }
            copies.add(partitionCopies);
            offsetOfSeq.add(partitionOffsets);
        }

        long committed = 0;
        long deliberatelyAborted = 0;
        long abortedAfterError = 0;
        long unknown = 0;
        long unknownFoundCommitted = 0;
        long acknowledged = 0;
        long lost = 0;
        long offsetMismatches = 0;
        long unacknowledgedRead = 0;
        long abortedVisible = 0;
        long partiallyVisible = 0;
        List<Verdict.LostRecord> lostExamples = new ArrayList<>();
        for (Transaction txn : transactions) {
            int visible = 0;
            for (Transaction.Sent sent : txn.records()) {
                if (sent.partition() >= 0 && sent.partition() < partitions
                        && copies.get(sent.partition()).containsKey(sent.seq())) {
                    visible++;
                }
            }
            int size = txn.records().size();
            switch (txn.outcome()) {
                case COMMITTED -> {
                    committed++;
                    acknowledged += size;
                    for (Transaction.Sent sent : txn.records()) {
                        Long at = offsetOfSeq.get(sent.partition()).get(sent.seq());
                        if (at == null) {
                            lost++;
                            if (lostExamples.size() < 1000) {
                                lostExamples.add(new Verdict.LostRecord(sent.partition(), sent.seq(), sent.offset(), 0));
                            }
                        } else if (sent.offset() >= 0 && at != sent.offset()) {
                            offsetMismatches++;
                            example(examples, "transaction " + txn.id() + ": " + HarnessOptions.TOPIC + "-" + sent.partition()
                                    + " seq " + sent.seq() + " acknowledged at offset " + sent.offset() + ", read at " + at);
                        }
                    }
                    if (visible > 0 && visible < size) {
                        partiallyVisible++;
                        example(examples, "committed transaction " + txn.id() + " partly visible: " + visible + " of "
                                + size + " records read");
                    }
                }
                case ABORTED, OPEN -> {
                    if (txn.deliberateAbort()) {
                        deliberatelyAborted++;
                    } else {
                        abortedAfterError++;
                    }
                    if (visible > 0) {
                        abortedVisible += visible;
                        example(examples, (txn.deliberateAbort() ? "aborted" : "abandoned (" + txn.note() + ")")
                                + " transaction " + txn.id() + " visible to read_committed: " + visible + " of " + size
                                + " records read");
                    }
                }
                case UNKNOWN -> {
                    unknown++;
                    if (visible == size && size > 0) {
                        unknownFoundCommitted++;
                        unacknowledgedRead += size;
                    } else if (visible > 0) {
                        partiallyVisible++;
                        unacknowledgedRead += visible;
                        example(examples, "transaction " + txn.id() + " of unknown outcome (" + txn.note()
                                + ") partly visible: " + visible + " of " + size + " records read");
                    }
                }
            }
        }
        for (Verdict.LostRecord record : lostExamples) {
            example(examples, "lost " + HarnessOptions.TOPIC + "-" + record.partition() + " seq " + record.seq()
                    + " of an acknowledged commit (its send acknowledged at offset " + record.offset() + ")");
        }
        Verdict records = new Verdict(acknowledged, readCount, lost, duplicated, reordered, offsetMismatches,
                unacknowledgedRead, malformed, read.incomplete().isEmpty(), read.incomplete(), List.of(), epochs);
        return new TxnVerdict(records, committed, deliberatelyAborted, abortedAfterError, unknown, unknownFoundCommitted,
                abortedVisible, partiallyVisible, seenByGroupMember, -1, List.copyOf(examples));
    }

    /** How many records of transactions that were never committed (outcome aborted) a read found. */
    static long neverCommittedRecords(List<Transaction> transactions, int partitions, Verifier.Read read) {
        List<java.util.Set<Long>> neverCommitted = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            neverCommitted.add(new java.util.HashSet<>());
        }
        for (Transaction txn : transactions) {
            if (txn.outcome() == Transaction.Outcome.ABORTED) {
                for (Transaction.Sent sent : txn.records()) {
                    if (sent.partition() >= 0 && sent.partition() < partitions) {
                        neverCommitted.get(sent.partition()).add(sent.seq());
                    }
                }
            }
        }
        long found = 0;
        for (int p = 0; p < partitions; p++) {
            for (long[] record : read.records().getOrDefault(p, List.of())) {
                if (neverCommitted.get(p).contains(record[1])) {
                    found++;
                }
            }
        }
        return found;
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < EXAMPLES) {
            examples.add(line);
        }
    }
}
