package io.gregor.faults.harness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultKindTest {

    @Test
    void transactionFaultsArePartOfEveryFaultOnlyUnderTheTransactionalWorkload() {
        assertTrue(FaultKind.parseList("all", Workload.TRANSACTIONAL).containsAll(
                java.util.List.of(FaultKind.KILL_TXN_COORDINATOR, FaultKind.FENCE_PRODUCER)));
        assertFalse(FaultKind.parseList("all", Workload.IDEMPOTENT).contains(FaultKind.KILL_TXN_COORDINATOR));
        assertFalse(FaultKind.parseList("all", Workload.IDEMPOTENT).contains(FaultKind.FENCE_PRODUCER));
    }

    @Test
    void killingTheTransactionCoordinatorWithoutTransactionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultKind.parseList("kill-leader,kill-txn-coordinator", Workload.IDEMPOTENT));
        assertTrue(e.getMessage().contains("--workload transactional"), e.getMessage());
    }
}
