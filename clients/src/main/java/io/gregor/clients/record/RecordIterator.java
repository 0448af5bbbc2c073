package io.gregor.clients.record;

import java.util.NoSuchElementException;

/**
 * The records of one batch in order, decoded one at a time (a compressed batch is decompressed as
 * a stream, so memory stays bounded by one record plus the codec's buffers). After the last
 * record it checks that no bytes trail the declared count, then closes itself.
 */
final class RecordIterator implements CloseableIterator<Record> {
    private final RecordScanner scanner;
    private final int count;
    private int returned;
    private boolean closed;

    RecordIterator(RecordBatch batch) {
        this.count = batch.recordCount();
        if (count < 0) {
            throw new InvalidRecordException("record batch at offset " + batch.baseOffset() + " has negative record count " + count);
        }
        this.scanner = new RecordScanner(batch);
    }

    @Override
    public boolean hasNext() {
        if (returned < count) {
            return true;
        }
        if (!closed) {
            try {
                scanner.ensureNoTrailingBytes();
            } finally {
                close();
            }
        }
        return false;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            scanner.walkNext();
            returned++;
            return scanner.decode();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            scanner.close();
        }
    }
}
