package io.gregor.coordination.controller;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.GregorZkClient;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's early detector of a dead controller (a Gregor addition, the counterpart of
 * {@link BrokerLivenessProbe} on the controller side): it probes the active controller's endpoint
 * every interval; once the controller refuses connections in two rounds in a row (its process is
 * gone), it deletes the controller's broker registration (if still of the same broker epoch) and
 * its participant node in the election latch, so the next broker in
 * line wins the election now instead of when the dead controller's ZooKeeper session expires. Only
 * the latch's leading node is removed, and only if it still names that controller (with its version
 * as read). A wrong guess is safe: a live controller that loses its latch node resigns, and every
 * controller write is fenced by the controller epoch. Thread-safe; runs on its own thread.
 *
 * <p>Lifecycle ({@link Lifecycle}): {@link #start(long)} once, so there is one probe loop; a second
 * start or a start after {@link #close()} is refused with {@link IllegalStateException}.
 */
public final class ControllerFailureDetector implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ControllerFailureDetector.class);

    private final GregorZkClient zk;
    private final int brokerId;
    private final Supplier<Optional<Integer>> activeController;
    private final ScheduledExecutorService thread;
    private final Lifecycle lifecycle;
    private volatile List<BrokerLivenessProbe.Target> target = List.of();

    public ControllerFailureDetector(GregorZkClient zk, int brokerId, Supplier<Optional<Integer>> activeController) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.activeController = activeController;
        this.lifecycle = new Lifecycle("Controller failure detector of broker " + brokerId);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-failure-detector-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts probing every {@code intervalMs} (positive).
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start(long intervalMs) {
        lifecycle.start();
        BrokerLivenessProbe probe = BrokerLivenessProbe.everyInterval(intervalMs, () -> target, this::onControllerRefusing);
        thread.scheduleWithFixedDelay(() -> {
            try {
                refreshTarget();
                probe.probeOnce();
            } catch (RuntimeException e) {
                log.debug("Broker {}: controller probe round failed", brokerId, e);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Points the probe at the active controller's registered endpoint (none if this broker is it). */
    private void refreshTarget() {
        Optional<Integer> controller = activeController.get();
        if (controller.isEmpty() || controller.get() == brokerId) {
            target = List.of();
            return;
        }
        int id = controller.get();
        List<BrokerLivenessProbe.Target> current = target;
        if (!current.isEmpty() && current.get(0).brokerId() == id) {
            return;
        }
        target = zk.getAllRegisteredBrokers().stream().filter(b -> b.id() == id).findFirst()
                .flatMap(BrokerLivenessProbe.Target::of).map(List::of).orElse(List.of());
    }

    private void onControllerRefusing(int controllerId, long brokerEpoch) {
        String latch = zk.paths().controllerLatch();
        try {
            removeRegistration(controllerId, brokerEpoch);
            List<String> children = zk.curator().getChildren().forPath(latch);
            Optional<String> leading = children.stream().min(Comparator.comparing(ControllerFailureDetector::sequence));
            if (leading.isEmpty()) {
                return;
            }
            String path = latch + "/" + leading.get();
            Stat stat = new Stat();
            byte[] data = zk.curator().getData().storingStatIn(stat).forPath(path);
            if (!Integer.toString(controllerId).equals(new String(data, StandardCharsets.UTF_8))) {
                return;
            }
            log.warn("Broker {}: controller {} refuses connections; removing its election latch node {} so that "
                    + "another broker takes over without waiting for its ZooKeeper session to expire", brokerId,
                    controllerId, path);
            zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
            target = List.of();
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
            log.debug("Broker {}: latch node of controller {} already gone or changed", brokerId, controllerId);
        } catch (Exception e) {
            log.warn("Broker {}: could not remove the latch node of dead controller {}", brokerId, controllerId, e);
        }
    }

    /**
     * Deletes the dead controller's {@code /brokers/ids/<id>} if it is still the registration of
     * {@code brokerEpoch} (its czxid), as its session's expiry would: the next controller then does
     * not load it as a live broker, and new topics get no replicas on it.
     */
    private void removeRegistration(int id, long brokerEpoch) throws Exception {
        String path = zk.paths().brokerId(id);
        Stat stat = zk.curator().checkExists().forPath(path);
        if (stat == null || stat.getCzxid() != brokerEpoch) {
            return;
        }
        try {
            zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
            log.warn("Broker {}: removed the registration of dead controller {} (broker epoch {})", brokerId, id, brokerEpoch);
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
            log.debug("Broker {}: registration of controller {} already gone or changed", brokerId, id);
        }
    }

    /** The sequence number Curator appends to a latch node's name (its last 10 digits). */
    private static String sequence(String child) {
        return child.length() >= 10 ? child.substring(child.length() - 10) : child;
    }

    @Override
    public void close() {
        lifecycle.close();
        thread.shutdownNow();
    }
}
