package io.gregor.clients.record;

import java.io.OutputStream;
import java.util.Arrays;

/** A byte array that grows as bytes are written to it; single-threaded, no copy on access. */
final class GrowableBuffer extends OutputStream {
    byte[] array; // exposed to the package to avoid copies
    int size;

    GrowableBuffer(int initialCapacity) {
        array = new byte[Math.max(16, initialCapacity)];
    }

    void ensureCapacity(int extra) {
        long needed = (long) size + extra;
        if (needed > array.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("buffer would exceed 2 GiB");
            }
            array = Arrays.copyOf(array, (int) Math.max(needed, Math.min((long) array.length * 2, Integer.MAX_VALUE - 8)));
        }
    }

    @Override
    public void write(int b) {
        ensureCapacity(1);
        array[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureCapacity(len);
        System.arraycopy(b, off, array, size, len);
        size += len;
    }
}
