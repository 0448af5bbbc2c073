package io.gregor.broker.handlers.controller;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.ControlRequestFields;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.coordination.controller.ControllerRequestVerifier;
import io.gregor.coordination.controller.ControllerRequestVerifier.Verdict;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every cluster-action request passes before its handler: the controller-to-broker
 * APIs (LeaderAndIsr, UpdateMetadata, StopReplica) and the broker-to-controller APIs
 * (AlterPartition, ControlledShutdown). In Kafka these need the ClusterAction permission on the
 * cluster resource; when Gregor has principals and an authorizer, that check goes here, first, for
 * all five APIs.
 *
 * <ul>
 *   <li>Controller-to-broker: obeyed only when the {@link ControllerRequestVerifier} finds the
 *       request's controller id, controller epoch and broker epoch to be those ZooKeeper holds;
 *       otherwise answered with the verifier's error (STALE_CONTROLLER_EPOCH or STALE_BROKER_EPOCH)
 *       in the API's top-level error code, without reaching the handler.</li>
 *   <li>Broker-to-controller: the controller itself checks the sender's broker epoch against the
 *       live brokers it knows (on its event thread, where they live); the gate passes the request on
 *       and logs the refusals in the answer (STALE_BROKER_EPOCH, BROKER_NOT_AVAILABLE).</li>
 * </ul>
 *
 * <p>Every refusal is logged once, at WARN, with the connection it came from. A ZooKeeper read that
 * fails while verifying fails the request (the network layer answers UNKNOWN_SERVER_ERROR and logs
 * it); nothing is obeyed unverified. Runs on request-handler threads. Thread-safe.
 */
public final class ClusterActionGate {
    private static final Logger log = LoggerFactory.getLogger(ClusterActionGate.class);

    /** The controller-to-broker APIs. */
    static final Set<ApiKey> FROM_CONTROLLER = EnumSet.of(ApiKey.LEADER_AND_ISR, ApiKey.UPDATE_METADATA,
            ApiKey.STOP_REPLICA);
    /** The broker-to-controller APIs. */
    static final Set<ApiKey> TO_CONTROLLER = EnumSet.of(ApiKey.ALTER_PARTITION, ApiKey.CONTROLLED_SHUTDOWN);

    private final ControllerRequestVerifier verifier;

    public ClusterActionGate(ControllerRequestVerifier verifier) {
        this.verifier = verifier;
    }

    /** Puts the gate in front of each cluster-action handler in {@code registry}; call once, after registering them. */
    public void install(ApiHandlerRegistry registry) {
        FROM_CONTROLLER.forEach(key -> registry.wrap(key, this::fromController));
        TO_CONTROLLER.forEach(key -> registry.wrap(key, this::toController));
    }

    ApiHandler fromController(ApiHandler handler) {
        return (context, request) -> {
            // Versions without a BrokerEpoch field decode it as its default, -1, and are refused with it.
            ControlRequestFields fields = ControlRequestFields.of(context.apiKey());
            int controllerId = request.getInt(fields.controllerId());
            int controllerEpoch = request.getInt(fields.controllerEpoch());
            long brokerEpoch = request.getLong(fields.brokerEpoch());
            Verdict verdict = verifier.verify(controllerId, controllerEpoch, brokerEpoch);
            if (verdict.obeyed()) {
                return handler.handle(context, request);
            }
            log.warn("Refused {} v{} from connection {} ({}, client {}, correlation id {}) claiming controller {} "
                            + "epoch {} and broker epoch {}: {}, {}", context.apiKey().title, context.apiVersion(),
                    context.connectionId(), context.clientAddress(), context.clientId(), context.correlationId(),
                    controllerId, controllerEpoch, brokerEpoch, verdict.error(), verdict.reason());
            return CompletableFuture.completedFuture(refusal(context.apiKey(), verdict.error()));
        };
    }

    ApiHandler toController(ApiHandler handler) {
        return (context, request) -> handler.handle(context, request).thenApply(response -> {
            Sender sender = Sender.of(context.apiKey());
            Errors error = response == null ? Errors.NONE
                    : Errors.forCode(response.getShort(ApiMessages.response(context.apiKey()).errorCodeField()));
            if (error == Errors.STALE_BROKER_EPOCH || error == Errors.BROKER_NOT_AVAILABLE) {
                log.warn("Refused {} v{} from connection {} ({}, client {}, correlation id {}) claiming broker {} "
                                + "with broker epoch {}: {}", context.apiKey().title, context.apiVersion(),
                        context.connectionId(), context.clientAddress(), context.clientId(), context.correlationId(),
                        request.getInt(sender.brokerId()), request.getLong(sender.brokerEpoch()), error);
            }
            return response;
        });
    }

    private static Struct refusal(ApiKey key, Errors error) {
        MessageSpec spec = ApiMessages.response(key);
        return spec.newStruct().set(spec.errorCodeField(), error.code());
    }

    /** Who a broker-to-controller request says it comes from. */
    private record Sender(Field<Integer> brokerId, Field<Long> brokerEpoch) {
        static Sender of(ApiKey key) {
            return key == ApiKey.ALTER_PARTITION
                    ? new Sender(AlterPartitionRequest.BROKER_ID, AlterPartitionRequest.BROKER_EPOCH)
                    : new Sender(ControlledShutdownRequest.BROKER_ID, ControlledShutdownRequest.BROKER_EPOCH);
        }
    }
}
