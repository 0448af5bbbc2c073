package io.gregor.clients.producer;

/** Turns a key or value into bytes; null stays null (Kafka's convention for absent keys and tombstones). */
@FunctionalInterface
public interface Serializer<T> {
    byte[] serialize(String topic, T data);
}
