package io.gregor.core.index;

/** An index file failed its sanity check; the caller rebuilds it from the segment's log file. */
public class CorruptIndexException extends RuntimeException {
    public CorruptIndexException(String message) {
        super(message);
    }
}
