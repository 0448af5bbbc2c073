package io.gregor.clients.admin;

/**
 * A resource with configs, as Kafka's admin APIs name it: a topic, a broker (its id), or the
 * brokers' cluster default (a broker resource with the empty name).
 */
public record ConfigResource(Type type, String name) {
    /** Kafka's resource type codes. */
    public enum Type {
        TOPIC(2), BROKER(4);

        public final byte code;

        Type(int code) {
            this.code = (byte) code;
        }
    }

    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    public static ConfigResource broker(int id) {
        return new ConfigResource(Type.BROKER, Integer.toString(id));
    }

    public static ConfigResource brokerDefault() {
        return new ConfigResource(Type.BROKER, "");
    }

    /** True for a broker id (its requests go to that broker). */
    public boolean isBrokerId() {
        return type == Type.BROKER && !name.isEmpty();
    }
}
