package io.gregor.clients.record;

/**
 * A record batch failed validation: bad CRC, impossible lengths, wrong magic, inconsistent
 * offsets or record counts. Maps to Kafka's CORRUPT_MESSAGE (2) on the wire.
 */
public class CorruptRecordException extends RuntimeException {
    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
