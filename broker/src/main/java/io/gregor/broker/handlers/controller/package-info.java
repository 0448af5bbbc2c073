/**
 * The controller-facing APIs a broker serves when it may be the controller: AlterPartition and
 * ControlledShutdown, forwarded into the {@link io.gregor.coordination.controller.KafkaController}'s
 * event queue; {@link io.gregor.broker.handlers.controller.ControllerHandlers} registers them. And
 * the {@link io.gregor.broker.handlers.controller.ClusterActionGate} that every cluster-action
 * request (these two and the controller's LeaderAndIsr, UpdateMetadata and StopReplica) passes
 * first: where a request is checked to come from the controller, and where the ClusterAction
 * permission will be checked once there are principals.
 */
package io.gregor.broker.handlers.controller;
