package io.gregor.coordination.zk;

/**
 * A ZooKeeper operation failed for a reason the caller did not ask to handle (connection loss
 * beyond Curator's retries, interruption, an unexpected KeeperException). Names the operation and
 * path; the cause is the original exception.
 */
public class ZkOperationException extends RuntimeException {

    public ZkOperationException(String message, Throwable cause) {
        super(message, cause);
    }

    public ZkOperationException(String message) {
        super(message);
    }

    public static ZkOperationException wrap(String operation, String path, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (cause instanceof ZkOperationException z) {
            return z;
        }
        return new ZkOperationException(operation + " failed at " + path + ": " + cause, cause);
    }
}
