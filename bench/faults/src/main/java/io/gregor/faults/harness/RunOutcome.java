package io.gregor.faults.harness;

import java.util.List;

/** Everything a finished run found, as the report prints it. */
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
        int groupAssignments) {
}
