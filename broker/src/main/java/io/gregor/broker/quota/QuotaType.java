package io.gregor.broker.quota;

/** The client quotas Gregor enforces, by Kafka's config key. */
public enum QuotaType {
    /** Bytes per second of produce requests. */
    PRODUCE("producer_byte_rate"),
    /** Bytes per second of fetch responses to consumers. */
    FETCH("consumer_byte_rate"),
    /** Percent of one request-handler thread's time (100 = one thread). */
    REQUEST("request_percentage");

    public final String key;

    QuotaType(String key) {
        this.key = key;
    }
}
