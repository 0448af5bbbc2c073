package io.gregor.clients.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reading malformed frames: truncations, bit flips, random bytes and hand-made frames with huge
 * lengths and counts only ever raise {@link ProtocolException}, quickly and without allocating
 * from the declared lengths.
 */
class MalformedInputTest {

    /** One version of one message. */
    record SpecVersion(MessageSpec spec, short version) {
    }

    /** Every registered message at every supported version, plus the headers. */
    static List<SpecVersion> allSpecVersions() {
        List<SpecVersion> out = new ArrayList<>();
        for (ApiKey key : ApiMessages.registered()) {
            for (MessageType type : MessageType.values()) {
                MessageSpec spec = ApiMessages.spec(key, type);
                for (short v = key.minVersion; v <= key.maxVersion; v++) {
                    out.add(new SpecVersion(spec, v));
                }
            }
        }
        for (short v = 0; v <= 2; v++) {
            out.add(new SpecVersion(HeaderSchemas.REQUEST_HEADER, v));
        }
        for (short v = 0; v <= 1; v++) {
            out.add(new SpecVersion(HeaderSchemas.RESPONSE_HEADER, v));
        }
        return out;
    }

    /** Reads and returns normally or with ProtocolException; anything else fails the test. */
    private static void readTolerantly(MessageSpec spec, short version, ByteBuffer frame, String what) {
        try {
            MessageCodec.read(frame, spec, version);
        } catch (ProtocolException expected) {
            assertContains(expected.getMessage(), spec.name(), "v" + version);
        } catch (Throwable t) {
            throw new AssertionError(spec.name() + " v" + version + " " + what + ": unexpected " + t, t);
        }
    }

    @Test
    void everyTruncationOfAValidEncodingIsAProtocolException() {
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (SpecVersion sv : allSpecVersions()) {
                MessageSpec spec = sv.spec();
                short version = sv.version();
                for (int sample = 0; sample < 3; sample++) {
                    Struct value = new RandomStructs(random, version).message(spec);
                    ByteBuffer full = MessageCodec.writeToBuffer(spec, value, version);
                    for (int len = 0; len < full.remaining(); len++) {
                        ByteBuffer prefix = full.duplicate().limit(len);
                        try {
                            MessageCodec.read(prefix, spec, version);
                            fail(spec.name() + " v" + version + " read " + len + " of " + full.remaining() + " bytes");
                        } catch (ProtocolException expected) {
                            assertContains(expected.getMessage(), spec.name() + " v" + version);
                        }
                    }
                }
            }
        });
    }

    @Test
    void bitFlipsInValidEncodingsOnlyRaiseProtocolException() {
        Random random = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (SpecVersion sv : allSpecVersions()) {
                MessageSpec spec = sv.spec();
                short version = sv.version();
                for (int sample = 0; sample < 20; sample++) {
                    Struct value = new RandomStructs(random, version).message(spec);
                    ByteBuffer bytes = MessageCodec.writeToBuffer(spec, value, version);
                    if (!bytes.hasRemaining()) {
                        continue;
                    }
                    int flips = 1 + random.nextInt(3);
                    for (int i = 0; i < flips; i++) {
                        int pos = random.nextInt(bytes.remaining());
                        bytes.put(pos, (byte) (bytes.get(pos) ^ (1 << random.nextInt(8))));
                    }
                    readTolerantly(spec, version, bytes, "bit flip sample " + sample);
                }
            }
        });
    }

    @Test
    void randomFramesOnlyRaiseProtocolException() {
        Random random = new Random(99);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (SpecVersion sv : allSpecVersions()) {
                MessageSpec spec = sv.spec();
                short version = sv.version();
                for (int sample = 0; sample < 30; sample++) {
                    byte[] frame = new byte[random.nextInt(64)];
                    random.nextBytes(frame);
                    if (random.nextBoolean()) { // many 0xFF bytes: huge varints and negative lengths
                        for (int i = 0; i < frame.length; i += 2) {
                            frame[i] = (byte) 0xFF;
                        }
                    }
                    readTolerantly(spec, version, ByteBuffer.wrap(frame), "random frame " + sample);
                }
            }
        });
    }

    @Test
    void hugeArrayCountInASmallFrameIsRejectedNamingTheField() {
        // MetadataRequest v4: Topics array (int32 count) then AllowAutoTopicCreation.
        ByteBuffer frame = ByteBuffer.allocate(20).putInt(0, Integer.MAX_VALUE);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame, ApiKey.METADATA, (short) 4, MessageType.REQUEST));
        assertContains(e.getMessage(), "MetadataRequest v4", "Topics", "2147483647");
    }

    @Test
    void hugeCompactArrayCountIsRejected() {
        // MetadataRequest v9 (flexible): Topics count as unsigned varint 0xFFFFFFF0 - 1.
        ByteBuffer frame = ByteBuffer.wrap(new byte[]{(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0, 0, 0, 0, 0});
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame, ApiKey.METADATA, (short) 9, MessageType.REQUEST));
        assertContains(e.getMessage(), "MetadataRequest v9", "Topics");
    }

    @Test
    void hugeStringAndBytesLengthsAreRejected() {
        // ProduceRequest v3: TransactionalId string length 0x7FFF with 10 bytes left.
        ByteBuffer frame = ByteBuffer.allocate(12).putShort(0, (short) 0x7FFF);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame, ApiKey.PRODUCE, (short) 3, MessageType.REQUEST));
        assertContains(e.getMessage(), "ProduceRequest v3", "TransactionalId");

        // ProduceRequest v3 with one topic, one partition whose records claim 2^31-1 bytes.
        ByteBuffer records = ByteBuffer.allocate(30);
        records.putShort((short) -1).putShort((short) 1).putInt(1000) // TransactionalId null, acks, timeout
                .putInt(1).putShort((short) 1).put((byte) 't')      // one topic "t"
                .putInt(1).putInt(0).putInt(Integer.MAX_VALUE);      // one partition, records length
        records.flip();
        e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(records, ApiKey.PRODUCE, (short) 3, MessageType.REQUEST));
        assertContains(e.getMessage(), "TopicData.PartitionData.Records");
    }

    @Test
    void overlongVarintsAreRejected() {
        byte[] frame = new byte[20];
        java.util.Arrays.fill(frame, (byte) 0xFF);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(ByteBuffer.wrap(frame), ApiKey.API_VERSIONS, (short) 3, MessageType.REQUEST));
        assertContains(e.getMessage(), "ApiVersionsRequest v3", "ClientSoftwareName");
    }

    @Test
    void hugeTaggedFieldCountAndSizeAreRejected() {
        // ApiVersionsRequest v3: two empty compact strings, then the tagged fields section.
        ByteBuffer count = ByteBuffer.wrap(new byte[]{1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0});
        assertThrows(ProtocolException.class, () -> MessageCodec.read(count, ApiKey.API_VERSIONS, (short) 3, MessageType.REQUEST));
        ByteBuffer size = ByteBuffer.wrap(new byte[]{1, 1, 1, 9, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0});
        assertThrows(ProtocolException.class, () -> MessageCodec.read(size, ApiKey.API_VERSIONS, (short) 3, MessageType.REQUEST));
    }

    @Test
    void nullInANonNullableFieldIsRejected() {
        // MetadataRequest v0: Topics is not nullable before v1.
        ByteBuffer frame = ByteBuffer.allocate(4).putInt(0, -1);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame, ApiKey.METADATA, (short) 0, MessageType.REQUEST));
        assertContains(e.getMessage(), "Topics", "null");
    }

    @Test
    void taggedFieldWhoseDeclaredSizeDisagreesWithItsContentIsRejected() {
        // ApiVersionsResponse v3: error 0, no api keys, throttle 0, one tagged field (1 =
        // FinalizedFeaturesEpoch, int64) declared as 9 bytes.
        ByteBuffer frame = ByteBuffer.allocate(32);
        frame.putShort((short) 0).put((byte) 1).putInt(0).put((byte) 1).put((byte) 1).put((byte) 9)
                .putLong(5L).put((byte) 0);
        frame.flip();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame, ApiKey.API_VERSIONS, (short) 3, MessageType.RESPONSE));
        assertContains(e.getMessage(), "FinalizedFeaturesEpoch");
    }

    @Test
    void unknownApiKeyAndUnsupportedVersionAreProtocolExceptions() {
        assertThrows(ProtocolException.class,
                () -> MessageCodec.read(ByteBuffer.allocate(8), 999, (short) 0, MessageType.REQUEST));
        assertThrows(ProtocolException.class,
                () -> MessageCodec.read(ByteBuffer.allocate(8), ApiKey.API_VERSIONS, (short) 99, MessageType.REQUEST));
    }

    static void assertContains(String actual, String... parts) {
        for (String part : parts) {
            assertTrue(actual != null && actual.contains(part), "expected '" + part + "' in: " + actual);
        }
    }
}
