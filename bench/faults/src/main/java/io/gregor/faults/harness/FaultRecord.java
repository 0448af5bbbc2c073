package io.gregor.faults.harness;

import java.util.List;
import java.util.Optional;

/**
 * One injected fault: what was done to whom (and what that broker was at the time), when the fault
 * began and ended (nanos on {@link RunClock}), when the cluster was healthy again ({@code -1}: not
 * within the bound), and what was seen: notes, and violations of what the fault must not break.
 */
record FaultRecord(int index, FaultKind kind, String target, String roles, long startNanos, long endNanos,
                   long healedNanos, List<String> notes, List<String> violations,
                   Optional<FaultInjector.CutWindow> cutWindow) {

    boolean healed() {
        return healedNanos >= 0;
    }

    /** The end of the window the fault is charged for: until healed, or until the heal bound ran out. */
    long windowEndNanos(long healBoundNanos) {
        return healed() ? healedNanos : endNanos + healBoundNanos;
    }
}
