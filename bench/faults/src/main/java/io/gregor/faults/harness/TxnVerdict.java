package io.gregor.faults.harness;

import java.util.List;

/**
 * What the read_committed verifying read found against the {@link TxnLog}. {@code records} counts
 * per record as for the idempotent workload, over the records of acknowledged commits (acknowledged,
 * lost, duplicated, reordered per producer and partition, at an offset holding another record) and of
 * unknown-outcome transactions that turned out committed (its {@code unacknowledgedRead}); records
 * read that no transaction of the log sent count as malformed there.
 *
 * @param committed            transactions whose {@code commitTransaction()} returned
 * @param deliberatelyAborted  transactions the workload chose to abort
 * @param abortedAfterError    transactions abandoned (aborted, or left to the coordinator) after an error, commit never called
 * @param unknown              transactions whose {@code commitTransaction()} threw
 * @param unknownFoundCommitted unknown transactions read whole: the commit had happened
 * @param abortedVisible       records of transactions never committed that a read_committed read returned
 * @param partiallyVisible     unknown-outcome (or committed) transactions of which some records were read and some not
 * @param seenByGroupMember    records of deliberately aborted transactions the read_committed group member was given during the run
 * @param neverCommittedInLog  records of never-committed transactions a read_uncommitted read finds in the log (-1: not counted):
 *                             what the read_committed read had to leave out, so that a clean verdict is not vacuous
 * @param examples             the first violations, one line each (at most 100)
 */
record TxnVerdict(Verdict records, long committed, long deliberatelyAborted, long abortedAfterError, long unknown,
                  long unknownFoundCommitted, long abortedVisible, long partiallyVisible, long seenByGroupMember,
                  long neverCommittedInLog, List<String> examples) {

    boolean clean() {
        return records.clean() && abortedVisible == 0 && partiallyVisible == 0 && seenByGroupMember == 0;
    }

    TxnVerdict withNeverCommittedInLog(long count) {
        return new TxnVerdict(records, committed, deliberatelyAborted, abortedAfterError, unknown, unknownFoundCommitted,
                abortedVisible, partiallyVisible, seenByGroupMember, count, examples);
    }
}
