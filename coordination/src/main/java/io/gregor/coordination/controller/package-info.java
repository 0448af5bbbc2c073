/**
 * Controller election and fencing: a Curator LeaderLatch on {@code /gregor/controller_latch} (under
 * the chroot) picks the controller; the winner bumps {@code /controller_epoch} and writes the
 * ephemeral {@code /controller}; all its writes go through a
 * {@link io.gregor.coordination.controller.ControllerEpochFence}. Brokers follow the active controller
 * and its epoch with {@link io.gregor.coordination.controller.ControllerTracker}, and obey controller
 * requests only from it ({@link io.gregor.coordination.controller.ControllerRequestVerifier}).
 */
package io.gregor.coordination.controller;
