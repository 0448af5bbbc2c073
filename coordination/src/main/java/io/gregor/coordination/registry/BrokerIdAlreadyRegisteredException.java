package io.gregor.coordination.registry;

import io.gregor.coordination.zk.ZkOperationException;

/**
 * {@code /brokers/ids/<id>} is held by another live ZooKeeper session (another broker process with
 * the same {@code broker.id}), and it did not go away within the session timeout.
 */
public final class BrokerIdAlreadyRegisteredException extends ZkOperationException {

    private final int brokerId;
    private final long ownerSessionId;

    public BrokerIdAlreadyRegisteredException(int brokerId, String path, long ownerSessionId, long waitedMs) {
        super("Broker id " + brokerId + " is already registered at " + path + " by another live ZooKeeper session 0x"
                + Long.toHexString(ownerSessionId) + " (waited " + waitedMs
                + " ms for it to expire); is another broker running with broker.id=" + brokerId + "? (NodeExists)");
        this.brokerId = brokerId;
        this.ownerSessionId = ownerSessionId;
    }

    public int brokerId() {
        return brokerId;
    }

    /** The ZooKeeper session that owns the existing registration. */
    public long ownerSessionId() {
        return ownerSessionId;
    }
}
