package io.gregor.faults.harness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultKindTest {

    @Test
    void killingTheTransactionCoordinatorIsPartOfEveryFaultOnlyUnderTheTransactionalWorkload() {
        assertTrue(FaultKind.parseList("all", Workload.TRANSACTIONAL).contains(FaultKind.KILL_TXN_COORDINATOR));
        assertFalse(FaultKind.parseList("all", Workload.IDEMPOTENT).contains(FaultKind.KILL_TXN_COORDINATOR));
    }

    @Test
    void killingTheTransactionCoordinatorWithoutTransactionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultKind.parseList("kill-leader,kill-txn-coordinator", Workload.IDEMPOTENT));
        assertTrue(e.getMessage().contains("--workload transactional"), e.getMessage());
    }
}
