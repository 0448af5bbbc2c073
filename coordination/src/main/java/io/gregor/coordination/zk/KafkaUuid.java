package io.gregor.coordination.zk;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A 128-bit id in Kafka's text form: the 16 big-endian bytes (most significant long first) as
 * URL-safe Base64 without padding, 22 characters. Topic ids and cluster ids use it.
 */
public record KafkaUuid(long mostSignificantBits, long leastSignificantBits) {

    /** Kafka's reserved "no id" value. */
    public static final KafkaUuid ZERO = new KafkaUuid(0L, 0L);
    /** Kafka reserves this id for the KRaft metadata topic; never hand it out. */
    private static final KafkaUuid METADATA_TOPIC_ID = new KafkaUuid(0L, 1L);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A random id that is neither reserved nor starts with '-' in text form (Kafka avoids that
     * because command-line tools would read it as an option).
     */
    public static KafkaUuid random() {
        while (true) {
            java.util.UUID uuid = java.util.UUID.randomUUID();
            KafkaUuid candidate = new KafkaUuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            if (!candidate.equals(ZERO) && !candidate.equals(METADATA_TOPIC_ID) && !candidate.toString().startsWith("-")) {
                return candidate;
            }
        }
    }

    /** Parses the 22-character Base64 form; throws IllegalArgumentException on anything else. */
    public static KafkaUuid fromString(String text) {
        if (text == null || text.length() != 22) {
            throw new IllegalArgumentException("A Kafka uuid is 22 URL-safe Base64 characters, got '" + text + "'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not URL-safe Base64: '" + text + "'", e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("A Kafka uuid decodes to 16 bytes, '" + text + "' gives " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new KafkaUuid(buffer.getLong(), buffer.getLong());
    }

    @Override
    public String toString() {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.putLong(mostSignificantBits).putLong(leastSignificantBits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }
}
