package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Field;

/**
 * The fields every controller-to-broker request starts with (Kafka's AbstractControlRequest): the
 * sending controller's id and epoch, and the epoch of the receiving broker's registration as the
 * controller knew it. LeaderAndIsr, UpdateMetadata and StopReplica each declare their own; this
 * names them together for code that handles the three alike.
 */
public record ControlRequestFields(Field<Integer> controllerId, Field<Integer> controllerEpoch,
                                   Field<Long> brokerEpoch) {
    public static final ControlRequestFields LEADER_AND_ISR = new ControlRequestFields(
            LeaderAndIsrRequest.CONTROLLER_ID, LeaderAndIsrRequest.CONTROLLER_EPOCH, LeaderAndIsrRequest.BROKER_EPOCH);
    public static final ControlRequestFields UPDATE_METADATA = new ControlRequestFields(
            UpdateMetadataRequest.CONTROLLER_ID, UpdateMetadataRequest.CONTROLLER_EPOCH,
            UpdateMetadataRequest.BROKER_EPOCH);
    public static final ControlRequestFields STOP_REPLICA = new ControlRequestFields(
            StopReplicaRequest.CONTROLLER_ID, StopReplicaRequest.CONTROLLER_EPOCH, StopReplicaRequest.BROKER_EPOCH);

    /**
     * The fields of {@code key}'s request.
     *
     * @throws IllegalArgumentException if {@code key} is not a controller-to-broker API
     */
    public static ControlRequestFields of(ApiKey key) {
        return switch (key) {
            case LEADER_AND_ISR -> LEADER_AND_ISR;
            case UPDATE_METADATA -> UPDATE_METADATA;
            case STOP_REPLICA -> STOP_REPLICA;
            default -> throw new IllegalArgumentException(key.title + " is not a controller-to-broker request");
        };
    }
}
