package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;

/**
 * What the controller's event thread is doing, with Kafka's numbers for its
 * {@code kafka.controller:type=KafkaController,name=ControllerState} gauge ({@link #IDLE} between
 * events). Each event the controller queues names its state.
 */
enum ControllerState {
    IDLE(0),
    CONTROLLER_CHANGE(1),
    BROKER_CHANGE(2),
    TOPIC_CHANGE(3),
    TOPIC_DELETION(4),
    PARTITION_REASSIGNMENT(5),
    AUTO_LEADER_BALANCE(6),
    MANUAL_LEADER_BALANCE(7),
    CONTROLLED_SHUTDOWN(8),
    ISR_CHANGE(9),
    LEADER_AND_ISR_RESPONSE_RECEIVED(10),
    LOG_DIR_CHANGE(11),
    CONTROLLER_SHUTDOWN(12),
    LIST_PARTITION_REASSIGNMENT(15);

    final int value;

    ControllerState(int value) {
        this.value = value;
    }

    /** The state of serving a request of {@code key}, as Kafka's controller names it. */
    static ControllerState serving(ApiKey key) {
        return switch (key) {
            case ALTER_PARTITION -> ISR_CHANGE;
            case CONTROLLED_SHUTDOWN -> CONTROLLED_SHUTDOWN;
            case ALTER_PARTITION_REASSIGNMENTS -> PARTITION_REASSIGNMENT;
            case LIST_PARTITION_REASSIGNMENTS -> LIST_PARTITION_REASSIGNMENT;
            case ELECT_LEADERS -> MANUAL_LEADER_BALANCE;
            default -> throw new IllegalArgumentException("the controller serves no " + key);
        };
    }
}
