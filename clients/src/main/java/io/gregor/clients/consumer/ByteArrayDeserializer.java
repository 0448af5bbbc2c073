package io.gregor.clients.consumer;

/** Passes bytes through unchanged. */
public final class ByteArrayDeserializer implements Deserializer<byte[]> {
    @Override
    public byte[] deserialize(String topic, byte[] data) {
        return data;
    }
}
