package io.gregor.coordination.zk;

/**
 * The controller epoch and the zkVersion of {@code /controller_epoch} holding it. A controller
 * fences its writes on {@code zkVersion}; brokers compare {@code epoch} with request epochs.
 */
public record ControllerEpoch(int epoch, int zkVersion) {
}
