package io.gregor.coordination.zk;

/**
 * A write that would exceed what the ZooKeeper servers accept in one request (their
 * {@code jute.maxbuffer}, see {@link ZkRequestLimit}); nothing was sent, since a server drops the
 * connection of a client that sends it.
 */
public final class ZkWriteTooLargeException extends ZkOperationException {

    private final int bytes;
    private final ZkRequestLimit limit;

    public ZkWriteTooLargeException(String what, int bytes, ZkRequestLimit limit) {
        super(what + " needs " + bytes + " bytes, more than the " + limit.multiBudgetBytes()
                + " one ZooKeeper request may carry under jute.maxbuffer=" + limit.juteMaxBuffer());
        this.bytes = bytes;
        this.limit = limit;
    }

    public int bytes() {
        return bytes;
    }

    public ZkRequestLimit limit() {
        return limit;
    }
}
