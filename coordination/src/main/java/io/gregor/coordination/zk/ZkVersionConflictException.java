package io.gregor.coordination.zk;

/**
 * A conditional update named a zkVersion that is no longer current: someone else wrote the znode
 * first. The caller re-reads and decides; it is never retried blindly.
 */
public final class ZkVersionConflictException extends ZkOperationException {

    private final String path;
    private final int expectedZkVersion;

    public ZkVersionConflictException(String path, int expectedZkVersion, Throwable cause) {
        super("Conditional update of " + path + " expected zkVersion " + expectedZkVersion
                + " but the znode has changed (or is gone)", cause);
        this.path = path;
        this.expectedZkVersion = expectedZkVersion;
    }

    public String path() {
        return path;
    }

    public int expectedZkVersion() {
        return expectedZkVersion;
    }
}
