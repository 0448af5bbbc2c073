package io.gregor.clients.consumer;

import java.nio.charset.StandardCharsets;

/** Decodes UTF-8 bytes. */
public final class StringDeserializer implements Deserializer<String> {
    @Override
    public String deserialize(String topic, byte[] data) {
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }
}
