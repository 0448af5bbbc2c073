package io.gregor.clients.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one codec for every registered message and version: reads a {@link Struct} from a buffer,
 * computes the exact encoded size, and writes an {@link EncodedMessage} whose records payloads are
 * referenced, not copied. Stateless and thread-safe.
 *
 * <p>Reading advances the buffer past the message; bytes and records values of the result are
 * views of that buffer, valid as long as it is. Any malformed input raises {@link ProtocolException}.
 * Writing skips fields the version does not have, whatever their value (as Kafka does for
 * ignorable fields), so one Struct can be written at any version.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    /** Reads a request or response body of {@code apiKey} at {@code version}. */
    public static Struct read(ByteBuffer buf, ApiKey apiKey, short version, MessageType type) {
        return read(buf, specOf(apiKey, type), version);
    }

    /**
     * Reads a request or response body of {@code apiKey} at {@code version}, charging the estimated
     * heap of the result to {@code budget} as it is built (a refusal is a {@link ProtocolException}).
     */
    public static Struct read(ByteBuffer buf, ApiKey apiKey, short version, MessageType type, DecodeBudget budget) {
        return read(buf, specOf(apiKey, type), version, budget);
    }

    /** Reads a body by numeric api key (an unknown key is a {@link ProtocolException}). */
    public static Struct read(ByteBuffer buf, int apiKey, short version, MessageType type) {
        ApiKey key = ApiKey.forId(apiKey);
        if (key == null) {
            throw new ProtocolException("Cannot read " + type.name().toLowerCase() + ": unknown api key " + apiKey);
        }
        return read(buf, key, version, type);
    }

    public static Struct read(ByteBuffer buf, MessageSpec spec, short version) {
        return read(buf, spec, version, DecodeBudget.UNLIMITED);
    }

    public static Struct read(ByteBuffer buf, MessageSpec spec, short version, DecodeBudget budget) {
        if (buf.order() == ByteOrder.BIG_ENDIAN) {
            return new StructDecoder(spec, version, buf, budget).readMessage();
        }
        ByteBuffer bigEndian = buf.duplicate().order(ByteOrder.BIG_ENDIAN); // the wire is big-endian
        Struct message = new StructDecoder(spec, version, bigEndian, budget).readMessage();
        buf.position(bigEndian.position());
        return message;
    }

    /** Encodes {@code message} (a value of {@code spec}) at {@code version}. */
    public static EncodedMessage write(MessageSpec spec, Struct message, short version) {
        return new StructEncoder(spec, version).encode(message);
    }

    /** Encodes a request or response body created from a registered schema (or a header). */
    public static EncodedMessage write(Struct message, short version) {
        return write(ApiMessages.specOf(message.schema()), message, version);
    }

    /** Encodes into one buffer, copying records payloads (for tests and small messages). */
    public static ByteBuffer writeToBuffer(MessageSpec spec, Struct message, short version) {
        return write(spec, message, version).toByteBuffer();
    }

    /** The exact number of bytes {@link #write} produces, records payloads included. */
    public static int sizeOf(MessageSpec spec, Struct message, short version) {
        return new StructEncoder(spec, version).size(message);
    }

    private static MessageSpec specOf(ApiKey apiKey, MessageType type) {
        MessageSpec spec = ApiMessages.spec(apiKey, type);
        if (spec == null) {
            throw new ProtocolException("No schema for " + apiKey.title + " " + type.name().toLowerCase());
        }
        return spec;
    }
}
