package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.zk.EndPoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle of the controller's channel to one broker, against a real socket and ZooKeeper. */
class BrokerRequestSenderTest extends ZooKeeperTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ControllerRequest apiVersions(List<Struct> answers) {
        return new ControllerRequest(ApiKey.API_VERSIONS, (short) 0,
                ApiMessages.request(ApiKey.API_VERSIONS).newStruct(), answers::add);
    }

    @Test
    void aSecondStartIsRefusedAndTheSenderKeepsDeliveringInOrder() throws Exception {
        try (FakeBroker broker = new FakeBroker(1, fixture.client(chroot), null)) {
            EndPoint endPoint = zk.getAllBrokers().get(0).endpoints().get(0);
            BrokerRequestSender sender = new BrokerRequestSender(0, 1, endPoint, 5_000, 50);
            sender.start();
            IllegalStateException refused = assertThrows(IllegalStateException.class, sender::start);
            assertEquals("Controller 0's sender to broker 1 cannot be started more than once", refused.getMessage());

            List<Struct> answers = new CopyOnWriteArrayList<>();
            ControllerRequest first = apiVersions(answers);
            ControllerRequest second = apiVersions(answers);
            sender.enqueue(first);
            sender.enqueue(second);
            await().atMost(WAIT).until(() -> second.finished().isDone());
            assertEquals(2, answers.size(), "both requests answered by the one sender thread");
            assertEquals(2, broker.received(ApiKey.API_VERSIONS).size());
            sender.shutdown();
        }
    }

    @Test
    void startAfterShutdownIsRefusedAndARequestQueuedThenIsDroppedAtOnce() throws Exception {
        try (FakeBroker broker = new FakeBroker(2, fixture.client(chroot), null)) {
            EndPoint endPoint = zk.getAllBrokers().get(0).endpoints().get(0);
            BrokerRequestSender sender = new BrokerRequestSender(0, 2, endPoint, 5_000, 50);
            sender.start();
            sender.shutdown();
            sender.shutdown(); // a second shutdown does nothing
            assertEquals("Controller 0's sender to broker 2 cannot be started after it was closed",
                    assertThrows(IllegalStateException.class, sender::start).getMessage());

            List<Struct> answers = new CopyOnWriteArrayList<>();
            ControllerRequest late = apiVersions(answers);
            sender.enqueue(late);
            assertTrue(late.finished().isDone(), "a request queued after shutdown is dropped, not stranded");
            assertEquals(List.of(), answers);
            assertEquals(0, sender.queueSize());
            assertEquals(List.of(), broker.received());
        }
    }

    @Test
    void aSenderShutDownBeforeItStartedDropsItsQueueAndCannotStart() {
        BrokerRequestSender sender = new BrokerRequestSender(0, 3, new EndPoint("PLAINTEXT", "127.0.0.1", 1, "PLAINTEXT"), 1_000, 50);
        List<Struct> answers = new CopyOnWriteArrayList<>();
        ControllerRequest queued = apiVersions(answers);
        sender.enqueue(queued);
        sender.shutdown();
        assertTrue(queued.finished().isDone());
        assertThrows(IllegalStateException.class, sender::start);
    }
}
