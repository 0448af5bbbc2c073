package io.gregor.faults.harness;

import java.util.List;

/**
 * What the verifying read found against the acknowledgement log. {@code lost}: acknowledged but not
 * read; {@code duplicated}: extra copies of a sequence number read more than once;
 * {@code reordered}: acknowledged records read after an acknowledged record of a higher sequence in
 * the same partition; {@code offsetMismatches}: acknowledged at an offset that holds another record
 * (or none); {@code unacknowledgedRead}: records read whose send never got an acknowledgement
 * (indeterminate writes that landed, which is allowed); {@code malformed}: values not written by
 * the harness. {@code lostExamples} holds up to 1000 lost records, for charging them to faults;
 * {@code leaderEpochBySeq}, per partition, the leader epoch of the batch each sequence number was
 * read from (-1: not read), which tells which leader acknowledged it.
 */
record Verdict(long acknowledged, long read, long lost, long duplicated, long reordered, long offsetMismatches,
               long unacknowledgedRead, long malformed, boolean complete, String incompleteReason,
               List<LostRecord> lostExamples, List<int[]> leaderEpochBySeq) {

    /** The leader epoch the record of {@code seq} in {@code partition} was read from; -1 if not read. */
    int leaderEpoch(int partition, long seq) {
        int[] epochs = partition < leaderEpochBySeq.size() ? leaderEpochBySeq.get(partition) : new int[0];
        return seq >= 0 && seq < epochs.length ? epochs[(int) seq] : -1;
    }

    /** An acknowledged record the verifying read did not find. */
    record LostRecord(int partition, long seq, long offset, long ackNanos) {
    }

    boolean clean() {
        return complete && lost == 0 && duplicated == 0 && reordered == 0 && offsetMismatches == 0 && malformed == 0;
    }
}
