package io.gregor.clients.consumer;

/** Turns key or value bytes back into an object; null stays null. */
@FunctionalInterface
public interface Deserializer<T> {
    T deserialize(String topic, byte[] data);
}
