package io.gregor.clients.record;

/** Whether a batch's timestamps were set by the producer or by the broker on append (attribute bit 3). */
public enum TimestampType {
    CREATE_TIME,
    LOG_APPEND_TIME
}
