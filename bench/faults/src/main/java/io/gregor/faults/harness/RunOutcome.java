package io.gregor.faults.harness;

import java.util.List;
import java.util.Optional;

/**
 * Everything a finished run found, as the report prints it; {@code transactions} is present for the
 * transactional workload (its {@code records} are then the {@code verdict}).
 */
record RunOutcome(
        List<FaultRecord> faults,
        String stopReason,
        long runMillis,
        long sent,
        long failedSends,
        List<String> failureExamples,
        Verdict verdict,
        List<CutLeaderCheck.Result> cutLeaderChecks,
        Availability availability,
        ReplicaComparison.Result replicas,
        List<String> unexpectedExits,
        List<String> faultsNotCarriedOut,
        String loadAverages,
        long groupConsumed,
        int groupAssignments,
        Optional<TxnVerdict> transactions,
        long producerReinitialisations) {
}
