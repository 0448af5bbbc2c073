package io.gregor.coordination.controller;

import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.zk.ActiveController;
import io.gregor.coordination.zk.ControlState;
import io.gregor.coordination.zk.GregorZkClient;

import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A broker's check of the controller requests it gets (LeaderAndIsr, UpdateMetadata,
 * StopReplica): a request is obeyed only when it names the controller id and controller epoch
 * ZooKeeper holds ({@code /controller}, {@code /controller_epoch}) and this broker's current
 * broker epoch (the czxid of its own {@code /brokers/ids/<id>}). Kafka's brokers check only that
 * the epochs are not older than the ones they know and let a broker epoch of -1 through; this is
 * stricter.
 *
 * <ul>
 *   <li>Broker epoch: -1 (or any negative value, also what a request version without the field
 *       carries) and anything older than the registration are STALE_BROKER_EPOCH. A newer one
 *       (the controller may see a re-registration before this broker's create returns) is checked
 *       against ZooKeeper.</li>
 *   <li>Controller: the pair the {@link ControllerTracker} knows is the fast path. An older epoch,
 *       or the known epoch with another controller id, is STALE_CONTROLLER_EPOCH. A newer epoch (a
 *       freshly elected controller's first requests may arrive before the watch fires), or any
 *       epoch while no pair is known, is checked against ZooKeeper and obeyed only if ZooKeeper
 *       holds exactly that pair; the pair is then handed to the tracker.</li>
 * </ul>
 *
 * <p>ZooKeeper checks block the calling thread (call on a request-handler thread, never on an event
 * loop). They are coalesced: a caller that waited while another read ran uses that read's answer
 * if the read started after the caller asked, so a burst of requests costs one read, not one each.
 * A read that fails throws {@link io.gregor.coordination.zk.ZkOperationException}: the request is
 * then not obeyed either. Thread-safe.
 */
public final class ControllerRequestVerifier {

    /** What to do with one request: obey it ({@link Errors#NONE}), or answer the error, for the reason given. */
    public record Verdict(Errors error, String reason) {
        static final Verdict OBEY = new Verdict(Errors.NONE, "obeyed");

        public boolean obeyed() {
            return error == Errors.NONE;
        }

        static Verdict staleBrokerEpoch(String reason) {
            return new Verdict(Errors.STALE_BROKER_EPOCH, reason);
        }

        static Verdict staleControllerEpoch(String reason) {
            return new Verdict(Errors.STALE_CONTROLLER_EPOCH, reason);
        }
    }

    private final ControllerTracker tracker;
    private final LongSupplier registeredBrokerEpoch;
    private final Supplier<ControlState> zooKeeper;
    private final Object readLock = new Object();
    /** When (System.nanoTime) the last ZooKeeper read started; guarded by {@code readLock}. */
    private long lastReadStartNanos;
    /** What the last ZooKeeper read found, null before the first; guarded by {@code readLock}. */
    private ControlState lastRead;

    /**
     * @param registeredBrokerEpoch this broker's broker epoch as its registration last created or
     *        confirmed it, -1 while not registered
     */
    public ControllerRequestVerifier(GregorZkClient zk, int brokerId, ControllerTracker tracker,
                                     LongSupplier registeredBrokerEpoch) {
        this(tracker, registeredBrokerEpoch, () -> ControlState.read(zk, brokerId));
    }

    ControllerRequestVerifier(ControllerTracker tracker, LongSupplier registeredBrokerEpoch, Supplier<ControlState> zooKeeper) {
        this.tracker = tracker;
        this.registeredBrokerEpoch = registeredBrokerEpoch;
        this.zooKeeper = zooKeeper;
    }

    /** Checks a controller request's controller id, controller epoch and broker epoch (-1 when it has none). */
    public Verdict verify(int controllerId, int controllerEpoch, long brokerEpoch) {
        long askedAt = System.nanoTime();
        if (brokerEpoch < 0) {
            return Verdict.staleBrokerEpoch("the request carries no broker epoch");
        }
        Optional<Verdict> byBrokerEpoch = brokerEpochVerdict(brokerEpoch, registeredBrokerEpoch.getAsLong());
        if (byBrokerEpoch.isPresent() && !byBrokerEpoch.get().obeyed()) {
            return byBrokerEpoch.get();
        }
        Optional<ActiveController> known = tracker.activeController();
        Optional<Verdict> byController = controllerVerdict(controllerId, controllerEpoch, known);
        if (byController.isPresent() && !byController.get().obeyed()) {
            return byController.get();
        }
        if (byBrokerEpoch.isPresent() && byController.isPresent()) {
            return Verdict.OBEY;
        }
        ControlState truth = readSince(askedAt);
        if (byBrokerEpoch.isEmpty()) {
            Verdict verdict = brokerEpoch == truth.registeredBrokerEpoch() ? Verdict.OBEY
                    : Verdict.staleBrokerEpoch("ZooKeeper holds broker epoch " + truth.registeredBrokerEpoch()
                    + " for this broker's registration");
            if (!verdict.obeyed()) {
                return verdict;
            }
        }
        if (byController.isEmpty()) {
            Optional<ActiveController> held = truth.controller();
            if (held.isEmpty()) {
                return Verdict.staleControllerEpoch("ZooKeeper holds no controller");
            }
            if (held.get().brokerId() != controllerId || held.get().epoch() != controllerEpoch) {
                return Verdict.staleControllerEpoch("ZooKeeper holds controller " + held.get().brokerId()
                        + " with epoch " + held.get().epoch());
            }
            tracker.learn(held.get());
        }
        return Verdict.OBEY;
    }

    /** Obey, refuse, or empty for "ask ZooKeeper". */
    private static Optional<Verdict> brokerEpochVerdict(long claimed, long registered) {
        if (registered < 0 || claimed > registered) {
            return Optional.empty();
        }
        return Optional.of(claimed == registered ? Verdict.OBEY
                : Verdict.staleBrokerEpoch("this broker's broker epoch is " + registered));
    }

    /** Obey, refuse, or empty for "ask ZooKeeper". */
    private static Optional<Verdict> controllerVerdict(int controllerId, int controllerEpoch, Optional<ActiveController> known) {
        if (known.isEmpty() || controllerEpoch > known.get().epoch()) {
            return Optional.empty();
        }
        ActiveController controller = known.get();
        if (controllerEpoch < controller.epoch()) {
            return Optional.of(Verdict.staleControllerEpoch("controller " + controller.brokerId() + " has the newer epoch "
                    + controller.epoch()));
        }
        return Optional.of(controllerId == controller.brokerId() ? Verdict.OBEY
                : Verdict.staleControllerEpoch("epoch " + controllerEpoch + " belongs to controller " + controller.brokerId()));
    }

    /** A ZooKeeper read that started no earlier than {@code askedAtNanos}: a waiter reuses one that did. */
    private ControlState readSince(long askedAtNanos) {
        synchronized (readLock) {
            if (lastRead != null && lastReadStartNanos - askedAtNanos >= 0) {
                return lastRead;
            }
            long start = System.nanoTime();
            ControlState state = zooKeeper.get();
            lastReadStartNanos = start;
            lastRead = state;
            return state;
        }
    }
}
