package io.gregor.broker.handlers.controller;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.coordination.controller.KafkaController;

/**
 * The wiring entry point of the controller APIs: registers AlterPartition (v0-3),
 * ControlledShutdown (v0-3), and the admin APIs Kafka's clients send to the controller: ElectLeaders
 * (v0-2), AlterPartitionReassignments (v0) and ListPartitionReassignments (v0). Each request is handed to this broker's {@link KafkaController}, whose
 * event thread processes it and completes the response; a broker that is not the active controller
 * answers NOT_CONTROLLER, so the sender looks the controller up again. No request-handler thread
 * waits for the controller.
 */
public final class ControllerHandlers {

    private ControllerHandlers() {
    }

    public static void register(ApiHandlerRegistry registry, KafkaController controller) {
        registry.register(ApiKey.ALTER_PARTITION, alterPartition(controller));
        registry.register(ApiKey.CONTROLLED_SHUTDOWN, controlledShutdown(controller));
        registry.register(ApiKey.ELECT_LEADERS, (context, request) -> controller.electLeaders(context.apiVersion(), request));
        registry.register(ApiKey.ALTER_PARTITION_REASSIGNMENTS,
                (context, request) -> controller.alterPartitionReassignments(request));
        registry.register(ApiKey.LIST_PARTITION_REASSIGNMENTS,
                (context, request) -> controller.listPartitionReassignments(request));
    }

    static ApiHandler alterPartition(KafkaController controller) {
        return (RequestContext context, Struct request) -> controller.alterPartition(context.apiVersion(), request);
    }

    static ApiHandler controlledShutdown(KafkaController controller) {
        return (RequestContext context, Struct request) -> controller.controlledShutdown(context.apiVersion(), request);
    }
}
