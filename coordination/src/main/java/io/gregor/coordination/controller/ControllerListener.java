package io.gregor.coordination.controller;

import io.gregor.coordination.zk.ControllerEpoch;

/**
 * Told when this broker becomes the controller and when it stops being it. Calls come one at a
 * time, in order, on the election's own thread (never on Curator's event thread), and every
 * {@code onControllerElected} is followed by exactly one {@code onControllerResigned} before the next.
 */
public interface ControllerListener {

    /** This broker is the controller for {@code epoch}; every write must go through {@code fence}. */
    void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence);

    /** The tenure has ended (latch lost, session suspended or lost, or close); stop acting at once. */
    void onControllerResigned();
}
