package io.gregor.clients.record;

import java.util.Iterator;

/** An iterator holding resources (such as a decompression stream) that {@link #close()} frees. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
