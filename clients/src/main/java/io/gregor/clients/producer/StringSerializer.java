package io.gregor.clients.producer;

import java.nio.charset.StandardCharsets;

/** UTF-8 bytes of a string. */
public final class StringSerializer implements Serializer<String> {
    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }
}
