package io.gregor.coordination.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.registry.ReplicaEpochVerifier.Verdict;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.RegisteredBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A leader's check of the broker epoch follower fetches claim, against a real ZooKeeper: brokers
 * registered on sessions of their own, the epochs followed by {@link LiveBrokerEpochs}, and its
 * background reads of ZooKeeper counted.
 */
class ReplicaEpochVerifierTest extends ZooKeeperTestBase {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Registers broker {@code id} on a session of its own under {@code chroot}; returns its broker epoch. */
    private long register(String chroot, int id) {
        GregorZkClient client = fixture.client(chroot);
        BrokerRegistration registration = new BrokerRegistration(client, BrokerInfo.of(id,
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 9000 + id, "PLAINTEXT")), null, -1, Map.of(),
                System.currentTimeMillis()), e -> { });
        registration.start();
        toClose.add(registration);
        return registration.brokerEpoch();
    }

    /** Epochs followed under this test's chroot whose background reads go through {@code read}, counted. */
    private LiveBrokerEpochs epochs(Supplier<List<RegisteredBroker>> read) {
        LiveBrokerEpochs epochs = new LiveBrokerEpochs(zk, () -> {
            reads.incrementAndGet();
            return read.get();
        });
        toClose.add(epochs);
        epochs.start();
        return epochs;
    }

    private LiveBrokerEpochs epochs() {
        return epochs(() -> {
            zk.sync(zk.paths().brokerIds());
            return zk.getAllRegisteredBrokers();
        });
    }

    private static void awaitEpoch(LiveBrokerEpochs epochs, int id, long epoch) {
        await().atMost(WAIT).until(() -> epochs.epoch(id).equals(OptionalLong.of(epoch)));
    }

    @Test
    void theLiveEpochOfARegisteredBrokerIsAcceptedWithoutReadingZooKeeper() {
        long epoch = register(chroot, 1);
        LiveBrokerEpochs epochs = epochs();
        awaitEpoch(epochs, 1, epoch);
        ReplicaEpochVerifier verifier = new ReplicaEpochVerifier(epochs);

        for (int i = 0; i < 1_000; i++) {
            assertTrue(verifier.verify(1, epoch).accepted());
        }
        assertEquals(0, reads.get(), "answered from the watch");
    }

    @Test
    void noEpochAnOlderEpochAndAnotherBrokersEpochAreRefused() {
        long epoch1 = register(chroot, 1);
        long epoch2 = register(chroot, 2);
        LiveBrokerEpochs epochs = epochs();
        awaitEpoch(epochs, 1, epoch1);
        awaitEpoch(epochs, 2, epoch2);
        ReplicaEpochVerifier verifier = new ReplicaEpochVerifier(epochs);

        assertFalse(verifier.verify(1, -1).accepted(), "-1 is no bypass");
        assertFalse(verifier.verify(1, epoch1 - 1).accepted());
        assertFalse(verifier.verify(1, 0).accepted());
        assertFalse(verifier.verify(2, epoch1).accepted(), "broker 1's epoch is not broker 2's");
        assertEquals(0, reads.get(), "an epoch older than the registration is stale for good: nothing to re-read");
    }

    @Test
    void aNewerEpochOrAnUnregisteredBrokerIsRefusedAtOnceAndReReadOncePerBurst() {
        long epoch = register(chroot, 1);
        LiveBrokerEpochs epochs = epochs();
        awaitEpoch(epochs, 1, epoch);
        ReplicaEpochVerifier verifier = new ReplicaEpochVerifier(epochs);

        long start = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            Verdict newer = verifier.verify(1, epoch + 1 + i);
            assertFalse(newer.accepted(), newer.reason());
            assertFalse(verifier.verify(7, epoch).accepted(), "broker 7 is not registered");
        }
        long burstMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        await().atMost(WAIT).until(() -> epochs.refreshCount() >= 1);
        long allowed = 2 + burstMs / LiveBrokerEpochs.MIN_REFRESH_INTERVAL_MS;
        assertTrue(reads.get() <= allowed, "a burst of 1000 claims in " + burstMs + " ms shares its reads: "
                + reads.get() + " reads, at most " + allowed + " expected");
        assertTrue(verifier.verify(1, epoch).accepted(), "the live epoch is still the one");
    }

    @Test
    void aReRegisteredBrokerIsTakenWithItsNewEpochOnlyAndItsOldOneIsRefused() throws Exception {
        GregorZkClient first = fixture.client(chroot);
        BrokerInfo info = BrokerInfo.of(3, List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 9003, "PLAINTEXT")), null, -1,
                Map.of(), System.currentTimeMillis());
        BrokerRegistration registration = new BrokerRegistration(first, info, e -> { });
        registration.start();
        long oldEpoch = registration.brokerEpoch();
        LiveBrokerEpochs epochs = epochs();
        awaitEpoch(epochs, 3, oldEpoch);
        ReplicaEpochVerifier verifier = new ReplicaEpochVerifier(epochs);
        assertTrue(verifier.verify(3, oldEpoch).accepted());

        registration.close();
        first.close(); // the session ends: its ephemeral registration is deleted
        await().atMost(WAIT).until(() -> epochs.epoch(3).isEmpty());
        assertFalse(verifier.verify(3, oldEpoch).accepted(), "a broker gone from ZooKeeper is nobody's follower");

        long newEpoch = register(chroot, 3);
        assertTrue(newEpoch > oldEpoch);
        await().atMost(WAIT).until(() -> verifier.verify(3, newEpoch).accepted());
        assertFalse(verifier.verify(3, oldEpoch).accepted(), "the previous incarnation's epoch");
    }

    @Test
    void aRegistrationTheWatchHasNotShownIsLearnedFromTheBackgroundRead() {
        // The registration lives under another chroot: the watch never sees it, only the reads do.
        String elsewhere = fixture.newChroot();
        GregorZkClient other = fixture.client(elsewhere);
        other.createPersistentPaths();
        long epoch = register(elsewhere, 4);
        LiveBrokerEpochs epochs = epochs(() -> {
            other.sync(other.paths().brokerIds());
            return other.getAllRegisteredBrokers();
        });
        ReplicaEpochVerifier verifier = new ReplicaEpochVerifier(epochs);

        Verdict first = verifier.verify(4, epoch);
        assertFalse(first.accepted(), "not known yet: refused, not waited for");
        await().atMost(WAIT).until(() -> verifier.verify(4, epoch).accepted());
        assertTrue(reads.get() >= 1);
    }

    @Test
    void aReadThatRacedADeletionCannotBringTheDeletedRegistrationBack() throws Exception {
        GregorZkClient session = fixture.client(chroot);
        BrokerRegistration registration = new BrokerRegistration(session, BrokerInfo.of(5,
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 9005, "PLAINTEXT")), null, -1, Map.of(),
                System.currentTimeMillis()), e -> { });
        registration.start();
        long deleted = registration.brokerEpoch();
        RegisteredBroker stale = new RegisteredBroker(registration.info(), deleted);
        LiveBrokerEpochs epochs = epochs(() -> List.of(stale)); // a read that began before the deletion
        awaitEpoch(epochs, 5, deleted);

        registration.close();
        session.close();
        await().atMost(WAIT).until(() -> epochs.epoch(5).isEmpty());
        ReplicaEpochVerifier verifier = new ReplicaEpochVerifier(epochs);
        assertFalse(verifier.verify(5, deleted + 1).accepted()); // asks for a read, which answers the stale registration
        await().atMost(WAIT).until(() -> epochs.refreshCount() >= 1);
        assertEquals(1, reads.get());
        assertEquals(OptionalLong.empty(), epochs.epoch(5));
        assertFalse(verifier.verify(5, deleted).accepted());
    }

    @Test
    void aSecondStartOfTheEpochsIsRefusedAndTheyKeepFollowingRegistrations() {
        LiveBrokerEpochs epochs = epochs();
        assertEquals("Broker epochs cannot be started more than once",
                assertThrows(IllegalStateException.class, epochs::start).getMessage());
        long epoch = register(chroot, 3);
        awaitEpoch(epochs, 3, epoch);
    }

    @Test
    void startAfterCloseOfTheEpochsIsRefused() {
        LiveBrokerEpochs epochs = epochs();
        epochs.close();
        epochs.close(); // a second close does nothing
        assertEquals("Broker epochs cannot be started after it was closed",
                assertThrows(IllegalStateException.class, epochs::start).getMessage());
    }
}
