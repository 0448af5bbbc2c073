package io.gregor.coordination.controller;

import io.gregor.coordination.zk.RegisteredBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The controller's early failure detector (a Gregor addition; Kafka waits for the ZooKeeper session
 * of a dead broker to expire). Each {@link #probeOnce() round} opens and closes a TCP connection to
 * the inter-broker endpoint of every live broker; a broker whose endpoint actively refuses
 * connections ({@link ConnectException}: nothing listens there, the process is gone) in
 * {@code refusalsToFail} consecutive rounds is reported once per broker epoch. Timeouts and other
 * errors count as nothing either way, so an unreachable or merely slow host is still left to its
 * ZooKeeper session. Rounds run on one thread (the caller's); not thread-safe.
 */
final class BrokerLivenessProbe {

    /** Rounds needed: a broker is reported after refusing in this many rounds in a row. */
    static final int REFUSALS_TO_FAIL = 2;

    /** A broker to probe: its id, broker epoch (czxid of its registration) and endpoint. */
    record Target(int brokerId, long brokerEpoch, String host, int port) {

        /** The broker's first (inter-broker) endpoint as a target; empty if it registered none. */
        static Optional<Target> of(RegisteredBroker broker) {
            return broker.info().endpoints().stream().findFirst()
                    .map(ep -> new Target(broker.id(), broker.brokerEpoch(), ep.host(), ep.port()));
        }
    }

    /**
     * A probe whose rounds run every {@code intervalMs}: each connect waits at most that long (and
     * at most a second); a broker is reported after {@link #REFUSALS_TO_FAIL} refusing rounds.
     */
    static BrokerLivenessProbe everyInterval(long intervalMs, Supplier<List<Target>> targets,
                                             BiConsumer<Integer, Long> onRefusing) {
        return new BrokerLivenessProbe(targets, (int) Math.min(1000, Math.max(1, intervalMs)), REFUSALS_TO_FAIL, onRefusing);
    }

    private final Supplier<List<Target>> targets;
    private final int connectTimeoutMs;
    private final int refusalsToFail;
    private final BiConsumer<Integer, Long> onRefusing;
    private final Map<Long, Integer> refusals = new HashMap<>();
    private final Set<Long> reported = new HashSet<>();

    /**
     * @param targets        the live brokers now (read at each round)
     * @param onRefusing     called with (broker id, broker epoch) when a broker refused {@code refusalsToFail} rounds in a row
     */
    BrokerLivenessProbe(Supplier<List<Target>> targets, int connectTimeoutMs, int refusalsToFail,
                        BiConsumer<Integer, Long> onRefusing) {
        if (refusalsToFail < 1 || connectTimeoutMs < 1) {
            throw new IllegalArgumentException("refusalsToFail and connectTimeoutMs must be positive");
        }
        this.targets = targets;
        this.connectTimeoutMs = connectTimeoutMs;
        this.refusalsToFail = refusalsToFail;
        this.onRefusing = onRefusing;
    }

    /** Probes every target once. */
    void probeOnce() {
        List<Target> now = targets.get();
        Set<Long> epochs = new HashSet<>();
        for (Target target : now) {
            epochs.add(target.brokerEpoch());
            if (reported.contains(target.brokerEpoch())) {
                continue;
            }
            if (refuses(target)) {
                int count = refusals.merge(target.brokerEpoch(), 1, Integer::sum);
                if (count >= refusalsToFail) {
                    reported.add(target.brokerEpoch());
                    onRefusing.accept(target.brokerId(), target.brokerEpoch());
                }
            } else {
                refusals.remove(target.brokerEpoch());
            }
        }
        refusals.keySet().retainAll(epochs);
        reported.retainAll(epochs);
    }

    private boolean refuses(Target target) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.port()), connectTimeoutMs);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException | RuntimeException other) {
            return false;
        }
    }
}
