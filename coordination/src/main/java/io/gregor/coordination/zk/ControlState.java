package io.gregor.coordination.zk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ZooKeeper holds, at one moment, about who may send controller requests to one broker: the
 * active controller (see {@link ActiveController}) and the broker epoch of the broker's own
 * registration. Read with {@link #read}, which first syncs the session's server with the
 * ZooKeeper leader, so a controller elected before the read began is seen even when the broker's
 * server lags.
 *
 * @param controller            the active controller, empty when none is registered (or an
 *                              election raced the read)
 * @param registeredBrokerEpoch the czxid of {@code /brokers/ids/<id>} when the reading client's
 *                              session owns that znode, else -1
 */
public record ControlState(Optional<ActiveController> controller, long registeredBrokerEpoch) {

    /** Reads before giving up on a pair that keeps changing under the reads. */
    private static final int ATTEMPTS = 3;

    /**
     * Syncs, then reads {@code /controller}, {@code /controller_epoch} and
     * {@code /brokers/ids/<brokerId>} in one pipelined round trip; retries the reads when an
     * election raced them. Blocks; never call on an event loop.
     *
     * @throws ZkOperationException when ZooKeeper cannot be read
     */
    public static ControlState read(GregorZkClient zk, int brokerId) {
        ZkPaths paths = zk.paths();
        List<String> znodes = List.of(paths.controller(), paths.controllerEpoch(), paths.brokerId(brokerId));
        zk.sync(paths.controller());
        long session = zk.sessionId();
        ControlState state = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, ZkBatch.Read> reads = zk.readAll(znodes);
            ZkBatch.Read controller = reads.get(paths.controller());
            ZkBatch.Read epoch = reads.get(paths.controllerEpoch());
            ZkBatch.Read registration = reads.get(paths.brokerId(brokerId));
            Optional<ActiveController> active = ActiveController.fromZnodes(paths, controller.data(), controller.stat(),
                    epoch.data(), epoch.stat());
            long brokerEpoch = registration.exists() && registration.stat().getEphemeralOwner() == session
                    ? registration.stat().getCzxid() : -1;
            state = new ControlState(active, brokerEpoch);
            if (active.isPresent() || !controller.exists()) {
                break; // a consistent pair, or no controller at all
            }
        }
        return state;
    }
}
