package io.gregor.coordination.zk;

import org.apache.zookeeper.data.Stat;

import java.util.Optional;

/**
 * The active controller as ZooKeeper holds it: the broker id of {@code /controller} and the epoch
 * of {@code /controller_epoch}, which an election writes in one multi-op, and the zxid of that
 * multi-op. The two znodes are read separately, so a pair belongs together only when the czxid of
 * {@code /controller} equals the mzxid of {@code /controller_epoch} (one transaction created the
 * one and set the other); otherwise an election happened between the reads and the pair means
 * nothing. Zxids grow with every write, so of two pairs the one with the higher zxid is newer.
 *
 * @param brokerId the controller's broker id
 * @param epoch    its controller epoch
 * @param zxid     the zxid of the election's multi-op
 */
public record ActiveController(int brokerId, int epoch, long zxid) {

    /**
     * The pair held by {@code /controller} and {@code /controller_epoch}, given their data and
     * stats (null when a znode is missing): empty when either is missing or they were not written
     * together.
     *
     * @throws ZnodeParseException if a znode written together with the other is unreadable
     */
    public static Optional<ActiveController> fromZnodes(ZkPaths paths, byte[] controllerData, Stat controllerStat,
                                                        byte[] epochData, Stat epochStat) {
        if (controllerStat == null || epochStat == null || controllerStat.getCzxid() != epochStat.getMzxid()) {
            return Optional.empty();
        }
        int brokerId = ControllerRegistration.fromJson(paths.controller(), controllerData).brokerId();
        int epoch = ControllerEpochZNode.decode(paths.controllerEpoch(), epochData);
        return Optional.of(new ActiveController(brokerId, epoch, controllerStat.getCzxid()));
    }
}
