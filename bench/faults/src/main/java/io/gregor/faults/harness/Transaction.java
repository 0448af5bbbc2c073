package io.gregor.faults.harness;

import java.util.List;

/**
 * One transaction of the transactional workload as its producer saw it: which producer wrote it
 * (its {@code transactional.id} is {@code faults-txn-<producer>}), its number within that
 * producer's run, every record it sent (partition, sequence number, and the offset the send's
 * acknowledgement gave, -1 if none came) and how it ended for the application.
 *
 * @param deliberateAbort whether the workload chose to abort it (every fifth transaction)
 * @param note            why it ended as it did when an error decided it (empty otherwise)
 */
record Transaction(int producer, long number, boolean deliberateAbort, Outcome outcome, List<Sent> records,
                   String note) {

    /** How the transaction ended, as far as the application can know. */
    enum Outcome {
        /** {@code commitTransaction()} returned: acknowledged, every record must be readable exactly once. */
        COMMITTED,
        /** {@code commitTransaction()} was never called (a deliberate abort, or abandoned after an error): none of it may be read. */
        ABORTED,
        /** {@code commitTransaction()} was called but threw: either all of it is read, exactly once, or none of it. */
        UNKNOWN,
        /** Still running when the snapshot was taken (never at the end of a run: the workload finishes each transaction). */
        OPEN
    }

    /** One record the transaction sent; {@code offset} is -1 when no acknowledgement of the send came. */
    record Sent(int partition, long seq, long offset) {
    }

    String id() {
        return producer + "/" + number;
    }
}
