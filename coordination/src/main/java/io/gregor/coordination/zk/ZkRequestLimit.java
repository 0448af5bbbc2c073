package io.gregor.coordination.zk;

import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.Op;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The largest request the ZooKeeper servers accept: their {@code jute.maxbuffer} (ZooKeeper's
 * default is 0xfffff bytes, 1 MiB - 1). A server that reads a longer request drops the connection
 * ("Len error"); a client that sends it again (Curator retries connection loss) loses the
 * connection again and again, and with it the controller latch and finally the session. So Gregor
 * measures what it writes and keeps every multi-op under {@link #multiBudgetBytes()}: three
 * quarters of the limit, the rest left for the request and op headers.
 *
 * <p>The servers' value cannot be asked for; the broker assumes its own {@code jute.maxbuffer}
 * system property (which its ZooKeeper client also reads) unless {@code zookeeper.jute.maxbuffer}
 * says otherwise. Immutable.
 */
public record ZkRequestLimit(int juteMaxBuffer) {

    /** ZooKeeper's default {@code jute.maxbuffer}, for its servers and clients alike. */
    public static final int ZOOKEEPER_DEFAULT = 0xfffff;
    /** The smallest limit accepted: below it even one partition state with its path may not fit. */
    public static final int MINIMUM = 4096;
    /** A multi-op's bytes besides its ops: length prefix, request header, closing op header. */
    static final int MULTI_OVERHEAD_BYTES = 4 + 8 + 9;
    /** Each op of a multi-op is preceded by a header (type, done flag, error). */
    static final int OP_HEADER_BYTES = 9;

    public ZkRequestLimit {
        if (juteMaxBuffer < MINIMUM) {
            throw new IllegalArgumentException("jute.maxbuffer must be at least " + MINIMUM + " bytes, got " + juteMaxBuffer);
        }
    }

    /** The {@code jute.maxbuffer} system property, else ZooKeeper's default. */
    public static ZkRequestLimit fromSystemProperty() {
        return new ZkRequestLimit(systemPropertyValue());
    }

    /** The value of the {@code jute.maxbuffer} system property, else ZooKeeper's default (unchecked). */
    public static int systemPropertyValue() {
        return Integer.getInteger("jute.maxbuffer", ZOOKEEPER_DEFAULT);
    }

    /** The most bytes of ops (as {@link #sizeOf} counts them) one multi-op may carry. */
    public int multiBudgetBytes() {
        return juteMaxBuffer - juteMaxBuffer / 4 - MULTI_OVERHEAD_BYTES;
    }

    /** The most bytes of data one znode write may carry, its path and headers aside. */
    public int maxZnodeDataBytes(String path) {
        return multiBudgetBytes() - OP_HEADER_BYTES - 64 - path.length() * 3;
    }

    /** The bytes {@code op} adds to a multi-op request: its header and its serialized record. */
    public static int sizeOf(CuratorOp op) {
        return sizeOf(op.get());
    }

    public static int sizeOf(Op op) {
        CountingStream counter = new CountingStream();
        try {
            op.toRequestRecord().serialize(BinaryOutputArchive.getArchive(counter), "request");
        } catch (IOException e) {
            throw new ZkOperationException("Cannot measure " + op.getPath(), e);
        }
        return OP_HEADER_BYTES + counter.count;
    }

    /** Sum of {@link #sizeOf} over {@code ops}. */
    public static int sizeOf(Iterable<CuratorOp> ops) {
        int total = 0;
        for (CuratorOp op : ops) {
            total += sizeOf(op);
        }
        return total;
    }

    private static final class CountingStream extends OutputStream {
        int count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
