package io.gregor.core.log;

/** A batch larger than the topic's {@code max.message.bytes}; maps to Kafka's MESSAGE_TOO_LARGE (10). */
public class RecordBatchTooLargeException extends RuntimeException {
    public RecordBatchTooLargeException(String message) {
        super(message);
    }
}
