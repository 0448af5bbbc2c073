package io.gregor.coordination.controller;

import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.controller.ControllerRequestVerifier.Verdict;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.zk.ActiveController;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.ControlState;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker's check of controller requests against a real ZooKeeper: broker 7 registered, a real
 * election on another session, and the verifier's ZooKeeper reads counted.
 */
class ControllerRequestVerifierTest extends ZooKeeperTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int BROKER = 7;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private GregorZkClient brokerZk;
    private BrokerRegistration registration;
    private ControllerTracker tracker;

    @BeforeEach
    void registerBroker() {
        brokerZk = fixture.client(chroot);
        registration = new BrokerRegistration(brokerZk, BrokerInfo.of(BROKER,
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 1, "PLAINTEXT")), null, -1, Map.of(),
                System.currentTimeMillis()), e -> { });
        registration.start();
        toClose.add(registration);
        tracker = new ControllerTracker(brokerZk);
        toClose.add(tracker);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A verifier of broker 7 whose ZooKeeper reads go through {@code read}. */
    private ControllerRequestVerifier verifier(Supplier<ControlState> read) {
        return new ControllerRequestVerifier(tracker, registration::brokerEpoch, () -> {
            reads.incrementAndGet();
            return read.get();
        });
    }

    private ControllerRequestVerifier verifier() {
        return verifier(() -> ControlState.read(brokerZk, BROKER));
    }

    /** Elects broker {@code id} as controller on a session of its own and returns its epoch. */
    private ControllerElection elect(int id, CountDownLatch[] elected) {
        GregorZkClient client = fixture.client(chroot);
        CountDownLatch latch = new CountDownLatch(1);
        elected[0] = latch;
        ControllerElection election = new ControllerElection(client, id, new ControllerListener() {
            @Override
            public void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence) {
                latch.countDown();
            }

            @Override
            public void onControllerResigned() {
            }
        });
        toClose.add(election);
        election.start();
        return election;
    }

    private int electAndAwait(int id) throws InterruptedException {
        CountDownLatch[] elected = new CountDownLatch[1];
        ControllerElection election = elect(id, elected);
        assertTrue(elected[0].await(WAIT.toSeconds(), TimeUnit.SECONDS), "broker " + id + " elected");
        return election.currentEpoch().orElseThrow().epoch();
    }

    private long brokerEpoch() {
        return registration.brokerEpoch();
    }

    private static void assertRefused(Errors expected, Verdict verdict) {
        assertEquals(expected, verdict.error(), verdict.reason());
    }

    @Test
    void theRegistrationKnowsItsBrokerEpochAsZooKeeperHoldsIt() {
        assertEquals(zk.getBrokerEpoch(BROKER).orElseThrow(), registration.brokerEpoch());
    }

    @Test
    void theControllerAndEpochTheWatchShowsAreObeyedWithoutReadingZooKeeper() throws Exception {
        int epoch = electAndAwait(1);
        tracker.start();
        await().atMost(WAIT).until(() -> tracker.activeController().map(ActiveController::epoch).orElse(-1) == epoch);
        ControllerRequestVerifier verifier = verifier();

        assertTrue(verifier.verify(1, epoch, brokerEpoch()).obeyed());
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, verifier.verify(2, epoch, brokerEpoch()));
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, verifier.verify(1, epoch - 1, brokerEpoch()));
        assertRefused(Errors.STALE_BROKER_EPOCH, verifier.verify(1, epoch, -1));
        assertRefused(Errors.STALE_BROKER_EPOCH, verifier.verify(1, epoch, brokerEpoch() - 1));
        assertEquals(0, reads.get(), "all answered from the watch and the registration");
    }

    @Test
    void aNewerEpochThatZooKeeperDoesNotHoldIsRefusedAfterOneRead() throws Exception {
        int epoch = electAndAwait(1);
        tracker.start();
        await().atMost(WAIT).until(() -> tracker.activeController().isPresent());
        ControllerRequestVerifier verifier = verifier();

        Verdict forged = verifier.verify(1, 1000, brokerEpoch());

        assertRefused(Errors.STALE_CONTROLLER_EPOCH, forged);
        assertTrue(forged.reason().contains("controller 1 with epoch " + epoch), forged.reason());
        assertEquals(1, reads.get());
        assertEquals(epoch, tracker.activeController().orElseThrow().epoch(), "the forged epoch is not learned");
    }

    @Test
    void aFreshControllerAheadOfTheWatchIsObeyedAfterOneReadAndThenKnown() throws Exception {
        int epoch = electAndAwait(3); // the tracker is not started: its watch "lags" behind the election
        ControllerRequestVerifier verifier = verifier();

        assertTrue(verifier.verify(3, epoch, brokerEpoch()).obeyed());
        assertEquals(1, reads.get());
        assertEquals(Optional.of(3), tracker.activeController().map(ActiveController::brokerId), "learned from the read");
        assertTrue(verifier.verify(3, epoch, brokerEpoch()).obeyed());
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, verifier.verify(2, epoch, brokerEpoch()));
        assertEquals(1, reads.get(), "later requests of that controller need no read");
    }

    @Test
    void aWrongControllerIdWithTheEpochZooKeeperHoldsIsRefused() throws Exception {
        int epoch = electAndAwait(1);
        ControllerRequestVerifier verifier = verifier();

        Verdict verdict = verifier.verify(2, epoch, brokerEpoch());

        assertRefused(Errors.STALE_CONTROLLER_EPOCH, verdict);
        assertTrue(tracker.activeController().isEmpty(), "nothing learned from a refused request");
    }

    @Test
    void withoutAnyControllerEveryControllerRequestIsRefused() {
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, verifier().verify(1, 1, brokerEpoch()));
    }

    @Test
    void aBrokerEpochNewerThanTheRegistrationKnowsIsCheckedInZooKeeper() throws Exception {
        int epoch = electAndAwait(1);
        long actual = brokerEpoch();
        ControllerRequestVerifier notYetRegistered = new ControllerRequestVerifier(tracker, () -> -1L, () -> {
            reads.incrementAndGet();
            return ControlState.read(brokerZk, BROKER);
        });

        assertTrue(notYetRegistered.verify(1, epoch, actual).obeyed(), "the registration ZooKeeper holds is ours");
        assertRefused(Errors.STALE_BROKER_EPOCH, notYetRegistered.verify(1, epoch, actual + 1));
        assertRefused(Errors.STALE_BROKER_EPOCH, verifier().verify(1, epoch, actual + 1));
    }

    @Test
    void aRegistrationOfAnotherSessionIsNotThisBrokersEpoch() throws Exception {
        int epoch = electAndAwait(1);
        ControlState seenByAnotherSession = ControlState.read(zk, BROKER);

        assertEquals(-1, seenByAnotherSession.registeredBrokerEpoch());
        assertEquals(Optional.of(epoch), seenByAnotherSession.controller().map(ActiveController::epoch));
    }

    @Test
    void afterAReElectionTheOldControllerIsStaleAndTheNewOneIsObeyed() throws Exception {
        CountDownLatch[] elected = new CountDownLatch[1];
        ControllerElection first = elect(1, elected);
        assertTrue(elected[0].await(WAIT.toSeconds(), TimeUnit.SECONDS));
        int oldEpoch = first.currentEpoch().orElseThrow().epoch();
        tracker.start();
        await().atMost(WAIT).until(() -> tracker.activeController().map(ActiveController::epoch).orElse(-1) == oldEpoch);
        ControllerRequestVerifier verifier = verifier();
        assertTrue(verifier.verify(1, oldEpoch, brokerEpoch()).obeyed());

        CountDownLatch[] secondElected = new CountDownLatch[1];
        ControllerElection second = elect(2, secondElected); // waits in the latch behind broker 1
        first.close();
        assertTrue(secondElected[0].await(WAIT.toSeconds(), TimeUnit.SECONDS));
        int newEpoch = second.currentEpoch().orElseThrow().epoch();
        assertTrue(newEpoch > oldEpoch);

        assertTrue(verifier.verify(2, newEpoch, brokerEpoch()).obeyed());
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, verifier.verify(1, oldEpoch, brokerEpoch()));
    }

    @Test
    void aControllerThatIsGoneIsForgottenAndRefused() throws Exception {
        CountDownLatch[] elected = new CountDownLatch[1];
        ControllerElection only = elect(1, elected);
        assertTrue(elected[0].await(WAIT.toSeconds(), TimeUnit.SECONDS));
        int epoch = only.currentEpoch().orElseThrow().epoch();
        tracker.start();
        await().atMost(WAIT).until(() -> tracker.activeController().isPresent());

        only.close(); // deletes /controller; nobody else is in line
        await().atMost(WAIT).until(() -> tracker.activeController().isEmpty());

        Verdict verdict = verifier().verify(1, epoch, brokerEpoch());
        assertRefused(Errors.STALE_CONTROLLER_EPOCH, verdict);
        assertTrue(verdict.reason().contains("no controller"), verdict.reason());
        assertTrue(tracker.activeController().isEmpty());
    }

    @Test
    void concurrentChecksWaitingOnOneReadShareTheNextOne() throws Exception {
        int epoch = electAndAwait(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        ControllerRequestVerifier verifier = verifier(() -> {
            if (started.incrementAndGet() == 1) {
                try {
                    release.await(); // the first read hangs until all others are waiting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ControlState.read(brokerZk, BROKER);
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Verdict>> verdicts = new ArrayList<>();
            verdicts.add(pool.submit(() -> verifier.verify(1, epoch, brokerEpoch())));
            await().atMost(WAIT).until(() -> started.get() == 1);
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                verdicts.add(pool.submit(() -> {
                    synchronized (waiting) {
                        waiting.add(Thread.currentThread());
                    }
                    return verifier.verify(1, epoch, brokerEpoch());
                }));
            }
            await().atMost(WAIT).until(() -> {
                synchronized (waiting) {
                    return waiting.size() == 7 && waiting.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED);
                }
            });
            release.countDown();
            for (Future<Verdict> verdict : verdicts) {
                assertTrue(verdict.get(20, TimeUnit.SECONDS).obeyed());
            }
            assertEquals(2, reads.get(), "one read for the first request, one shared by the seven that waited");
        } finally {
            pool.shutdownNow();
        }
    }
}
