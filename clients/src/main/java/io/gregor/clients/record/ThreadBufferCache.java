package io.gregor.clients.record;

import java.util.ArrayDeque;

/**
 * A few byte arrays kept per thread so that decompressing batch after batch does not allocate
 * and zero a fresh block buffer each time (as Kafka's BufferSupplier does). An array is owned by
 * whoever took it until it is given back; arrays above {@link #MAX_RETAINED} bytes are not kept.
 */
final class ThreadBufferCache {
    static final int MAX_RETAINED = 1 << 20;
    private static final int MAX_ARRAYS = 4;
    private static final ThreadLocal<ArrayDeque<byte[]>> CACHE = ThreadLocal.withInitial(ArrayDeque::new);

    private ThreadBufferCache() {
    }

    /** An array of at least {@code size} bytes, with arbitrary content. */
    static byte[] take(int size) {
        ArrayDeque<byte[]> cache = CACHE.get();
        for (var it = cache.iterator(); it.hasNext(); ) {
            byte[] b = it.next();
            if (b.length >= size) {
                it.remove();
                return b;
            }
        }
        return new byte[size];
    }

    /** Returns an array taken earlier (or any array) for reuse on this thread. */
    static void give(byte[] b) {
        if (b == null || b.length > MAX_RETAINED) {
            return;
        }
        ArrayDeque<byte[]> cache = CACHE.get();
        if (cache.size() == MAX_ARRAYS) {
            cache.pollFirst();
        }
        cache.addLast(b);
    }
}
