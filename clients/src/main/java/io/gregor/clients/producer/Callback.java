package io.gregor.clients.producer;

/** Called once per record when its send completes: metadata on success, else the exception (metadata null). */
@FunctionalInterface
public interface Callback {
    void onCompletion(RecordMetadata metadata, Exception exception);
}
