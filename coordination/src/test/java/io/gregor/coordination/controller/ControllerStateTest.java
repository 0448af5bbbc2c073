package io.gregor.coordination.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ControllerStateTest {
    @Test
    void theStateNamesTheEventBeingHandledAndIsIdleBetweenEvents() throws Exception {
        ControllerEventQueue events = new ControllerEventQueue(7);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertEquals(ControllerState.IDLE, events.state());
            events.startTenure(() -> null, tenure -> {
                running.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(running.await(10, TimeUnit.SECONDS));
            assertEquals(1, events.state().value, "a new tenure is Kafka's ControllerChange");
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.state() == ControllerState.IDLE);
        } finally {
            release.countDown();
            events.close();
        }
    }

    @Test
    void requestsAreServedInKafkasStates() {
        assertEquals(9, ControllerState.serving(ApiKey.ALTER_PARTITION).value);
        assertEquals(8, ControllerState.serving(ApiKey.CONTROLLED_SHUTDOWN).value);
        assertEquals(5, ControllerState.serving(ApiKey.ALTER_PARTITION_REASSIGNMENTS).value);
        assertEquals(15, ControllerState.serving(ApiKey.LIST_PARTITION_REASSIGNMENTS).value);
        assertEquals(7, ControllerState.serving(ApiKey.ELECT_LEADERS).value);
        assertEquals(2, ControllerState.BROKER_CHANGE.value);
        assertEquals(12, ControllerState.CONTROLLER_SHUTDOWN.value);
    }
}
