package io.gregor.clients.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Whatever length, count or size a valid encoding is corrupted with (-1, 2^31-1, 32767, the
 * varint of 2^31, random), reading it allocates memory in proportion to the frame's real size,
 * never to the declared value, and fails only with {@link ProtocolException}.
 */
class DeclaredLengthProperties {
    private static final List<MalformedInputTest.SpecVersion> SPEC_VERSIONS = MalformedInputTest.allSpecVersions();
    private static final byte[][] LENGTHS = {
            {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},                           // int32 2^31-1
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},                     // int32 -1
            {0x7F, (byte) 0xFF},                                                      // int16 32767
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08},               // uvarint 2^31
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},               // uvarint 2^31-1
            {(byte) 0xFF, (byte) 0xFF, 0x03},                                         // uvarint 65535
    };

    @BeforeProperty
    void warmUp() {
        for (MalformedInputTest.SpecVersion sv : SPEC_VERSIONS) {
            try {
                MessageCodec.read(ByteBuffer.allocate(64), sv.spec(), sv.version());
            } catch (ProtocolException ignored) {
                // loads classes and plans
            }
        }
    }

    @Property(tries = 2000)
    void aCorruptedLengthCostsMemoryInProportionToTheFrameNotToTheLength(@ForAll long seed) {
        Random random = new Random(seed);
        MalformedInputTest.SpecVersion sv = SPEC_VERSIONS.get(random.nextInt(SPEC_VERSIONS.size()));
        Struct value = new RandomStructs(random, sv.version()).message(sv.spec());
        ByteBuffer bytes = MessageCodec.writeToBuffer(sv.spec(), value, sv.version());
        byte[] frame = new byte[bytes.remaining() + random.nextInt(8)];
        bytes.get(frame, 0, bytes.remaining());
        byte[] length = random.nextInt(4) == 0 ? randomBytes(random) : LENGTHS[random.nextInt(LENGTHS.length)];
        int at = random.nextInt(Math.max(1, frame.length - length.length + 1));
        System.arraycopy(length, 0, frame, at, Math.min(length.length, frame.length - at));

        long allocated = ThreadAllocation.whileReading(() -> {
            try {
                MessageCodec.read(ByteBuffer.wrap(frame), sv.spec(), sv.version());
            } catch (ProtocolException expected) {
                throw expected;
            } catch (RuntimeException e) {
                throw new AssertionError(sv.spec().name() + " v" + sv.version() + ": unexpected " + e, e);
            }
        });
        long bound = 64L * frame.length + 64 * 1024;
        assertTrue(allocated <= bound, sv.spec().name() + " v" + sv.version() + " with " + frame.length
                + " bytes allocated " + allocated);
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(5)];
        random.nextBytes(b);
        return b;
    }
}
