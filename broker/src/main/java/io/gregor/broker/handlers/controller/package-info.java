/**
 * The controller-facing APIs a broker serves when it may be the controller: AlterPartition and
 * ControlledShutdown, forwarded into the {@link io.gregor.coordination.controller.KafkaController}'s
 * event queue; {@link io.gregor.broker.handlers.controller.ControllerHandlers} registers them.
 */
package io.gregor.broker.handlers.controller;
