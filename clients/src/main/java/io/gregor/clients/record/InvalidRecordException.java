package io.gregor.clients.record;

/**
 * A batch whose checksum is intact holds records that are malformed or inconsistent with its
 * header: truncated or mis-sized records, offset deltas out of order, a record count that does not
 * match. Maps to Kafka's INVALID_RECORD (87) on the wire, where a plain
 * {@link CorruptRecordException} maps to CORRUPT_MESSAGE (2).
 */
public class InvalidRecordException extends CorruptRecordException {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
