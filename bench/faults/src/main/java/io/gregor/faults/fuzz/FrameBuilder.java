package io.gregor.faults.fuzz;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Random;

/**
 * Builds one request frame (4-byte size prefix included) of a given API and version, valid, then
 * applies a {@link Mutation}. Deterministic for a given {@link Random} state. Not thread-safe.
 */
final class FrameBuilder {
    /** An API and one version of it the broker advertises. */
    record Target(ApiKey api, short version) {
    }

    /** A frame to send and what was done to it. */
    record Frame(byte[] bytes, Target target, Mutation mutation) {
    }

    private static final int HEADER_V1_CLIENT_ID_LENGTH_AT = 8; // api key, version, correlation id

    private final Random random;
    private final StructGenerator generator;
    private final List<Target> targets;
    private final int maxRequestBytes;
    /** Api keys {@link Mutation#RANDOM_API} must not pick: the known APIs that are not being fuzzed. */
    private final Set<Short> excludedKeys = new HashSet<>();
    private int correlationId;

    FrameBuilder(Random random, NamePool names, List<Target> targets, int maxRequestBytes) {
        this.random = random;
        this.generator = new StructGenerator(random, names);
        this.targets = List.copyOf(targets);
        this.maxRequestBytes = maxRequestBytes;
        for (ApiKey key : ApiKey.values()) {
            excludedKeys.add(key.id);
        }
        targets.forEach(t -> excludedKeys.remove(t.api().id));
    }

    Frame next(Mutation mutation) {
        Target target = targets.get(random.nextInt(targets.size()));
        MessageSpec spec = ApiMessages.request(target.api());
        Struct body = generator.generate(spec.schema(), target.version());
        if (mutation == Mutation.EXTREME_NUMBER) {
            generator.setExtremeNumber(body, target.version());
        } else if (mutation == Mutation.HUGE_ARRAY) {
            generator.growAnArray(body, target.version(), 100 + random.nextInt(5_000));
        }
        LengthLocator.Prefix prefix = mutation == Mutation.LENGTH_FIELD && random.nextInt(5) > 0
                ? LengthLocator.locate(spec, body, target.version(), random) : null;
        RequestHeader header = new RequestHeader(target.api().id, target.version(), correlationId++, "fuzz-" + random.nextInt(100));
        byte[] headerBytes = toArray(header.write().toByteBuffer());
        byte[] bodyBytes = toArray(MessageCodec.writeToBuffer(spec, body, target.version()));
        byte[] request = switch (mutation) {
            case NONE, EXTREME_NUMBER, HUGE_ARRAY -> concat(headerBytes, bodyBytes);
            case BIT_FLIPS -> flipBits(concat(headerBytes, bodyBytes), headerBytes.length);
            case TRUNCATED, TRUNCATED_UNFRAMED -> Arrays.copyOf(concat(headerBytes, bodyBytes),
                    headerBytes.length + random.nextInt(Math.max(1, bodyBytes.length)));
            case JUNK_APPENDED -> concat(concat(headerBytes, bodyBytes), junk(1 + random.nextInt(64)));
            case SIZE_PREFIX -> concat(headerBytes, bodyBytes);
            case LENGTH_FIELD -> prefix != null ? concat(headerBytes, setLength(bodyBytes, prefix))
                    : setClientIdLength(concat(headerBytes, bodyBytes));
            case RANDOM_API -> randomApi(concat(headerBytes, bodyBytes));
            case RANDOM_BODY -> concat(headerBytes, junk(random.nextInt(256)));
        };
        int declared = request.length;
        if (mutation == Mutation.SIZE_PREFIX) {
            int[] sizes = {-1, Integer.MAX_VALUE, random.nextInt(maxRequestBytes + 1), maxRequestBytes, maxRequestBytes + 1};
            declared = sizes[random.nextInt(sizes.length)];
        } else if (mutation == Mutation.TRUNCATED_UNFRAMED) {
            declared = headerBytes.length + bodyBytes.length;
        }
        byte[] frame = ByteBuffer.allocate(4 + request.length).putInt(declared).put(request).array();
        return new Frame(frame, target, mutation);
    }

    private byte[] flipBits(byte[] request, int headerLength) {
        byte[] out = request.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            // mostly in the body, sometimes in the header (version, correlation id, client id)
            int from = random.nextInt(8) == 0 ? 0 : Math.min(headerLength, out.length - 1);
            int at = from + random.nextInt(out.length - from);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] setLength(byte[] body, LengthLocator.Prefix prefix) {
        long[] values = {-1, Integer.MAX_VALUE, Short.MAX_VALUE, random.nextInt(maxRequestBytes + 1),
                prefix.value() * 1000 + 1000, 0};
        long v = values[random.nextInt(values.length)];
        byte[] encoded;
        if (prefix.width() > 0) {
            encoded = new byte[prefix.width()];
            for (int i = prefix.width() - 1; i >= 0; i--) {
                encoded[i] = (byte) v;
                v >>= 8;
            }
        } else {
            encoded = unsignedVarint(v < 0 ? 0 : Math.min(v + 1, 0xFFFFFFFFL)); // compact: length + 1, 0 = null
        }
        int width = Math.abs(prefix.width());
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(body, 0, prefix.offset());
        out.writeBytes(encoded);
        out.write(body, prefix.offset() + width, body.length - prefix.offset() - width);
        return out.toByteArray();
    }

    private byte[] setClientIdLength(byte[] request) {
        if (request.length < HEADER_V1_CLIENT_ID_LENGTH_AT + 2) {
            return request;
        }
        short[] values = {-1, Short.MAX_VALUE, (short) random.nextInt(Short.MAX_VALUE), -2};
        ByteBuffer.wrap(request).putShort(HEADER_V1_CLIENT_ID_LENGTH_AT, values[random.nextInt(values.length)]);
        return request;
    }

    private byte[] randomApi(byte[] request) {
        ByteBuffer b = ByteBuffer.wrap(request);
        if (random.nextBoolean()) {
            short key;
            do {
                key = (short) (random.nextInt(120) - 10);
            } while (excludedKeys.contains(key));
            b.putShort(0, key);
        }
        b.putShort(2, (short) (random.nextInt(40) - 5));
        return request;
    }

    private byte[] junk(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        if (random.nextBoolean()) { // many 0xFF: huge varints, negative lengths
            for (int i = 0; i < b.length; i += 2) {
                b[i] = (byte) 0xFF;
            }
        }
        return b;
    }

    private static byte[] unsignedVarint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(5);
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
