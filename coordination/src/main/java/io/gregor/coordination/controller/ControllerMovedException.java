package io.gregor.coordination.controller;

/**
 * A controller write was fenced: this broker is no longer the controller, or {@code /controller_epoch}
 * moved past the zkVersion its tenure was fenced on (a newer controller was elected). Never retried;
 * the caller stops acting as controller (Kafka's ControllerMovedException).
 */
public final class ControllerMovedException extends RuntimeException {

    private final int fencedEpoch;

    public ControllerMovedException(int fencedEpoch, String reason, Throwable cause) {
        super("Controller write fenced for controller epoch " + fencedEpoch + ": " + reason, cause);
        this.fencedEpoch = fencedEpoch;
    }

    /** The epoch of the tenure whose write was refused. */
    public int fencedEpoch() {
        return fencedEpoch;
    }
}
