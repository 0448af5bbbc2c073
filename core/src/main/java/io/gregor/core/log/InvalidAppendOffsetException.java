package io.gregor.core.log;

/**
 * A follower append whose offsets do not continue the log: its first offset is below the log end
 * offset, or its batches' offsets do not increase. The follower must truncate or refetch.
 */
public class InvalidAppendOffsetException extends RuntimeException {
    public InvalidAppendOffsetException(String message) {
        super(message);
    }
}
