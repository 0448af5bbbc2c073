package io.gregor.clients.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Encoding then decoding any registered message at any version gives back an equal Struct. */
class CodecRoundTripProperties {
    private static final List<MalformedInputTest.SpecVersion> SPEC_VERSIONS = MalformedInputTest.allSpecVersions();

    @Property(tries = 300)
    void decodeOfEncodeIsIdentityAndSizeIsExact(@ForAll long seed) {
        Random random = new Random(seed);
        MalformedInputTest.SpecVersion sv = SPEC_VERSIONS.get(random.nextInt(SPEC_VERSIONS.size()));
        MessageSpec spec = sv.spec();
        short version = sv.version();
        Struct value = new RandomStructs(random, version).message(spec);

        EncodedMessage encoded = MessageCodec.write(spec, value, version);
        assertEquals(MessageCodec.sizeOf(spec, value, version), encoded.sizeInBytes());
        ByteBuffer bytes = encoded.toByteBuffer();
        assertEquals(encoded.sizeInBytes(), bytes.remaining());

        Struct back = MessageCodec.read(bytes, spec, version);
        assertEquals(value, back, spec.name() + " v" + version);
        assertEquals(value.hashCode(), back.hashCode());
        assertEquals(0, bytes.remaining(), "decoding consumes exactly the encoded bytes");
    }

    @Property(tries = 100)
    void unknownTaggedFieldsSurviveARoundTrip(@ForAll long seed) {
        Random random = new Random(seed);
        short version = (short) (3 + random.nextInt(2));
        MessageSpec spec = ApiMessages.response(ApiKey.API_VERSIONS);
        Struct value = new RandomStructs(random, version).message(spec);
        List<RawTaggedField> unknown = new ArrayList<>();
        int tag = 4;
        for (int i = random.nextInt(3); i >= 0; i--) {
            tag += 1 + random.nextInt(100);
            byte[] data = new byte[random.nextInt(5)];
            random.nextBytes(data);
            unknown.add(new RawTaggedField(tag, data));
        }
        value.setUnknownTaggedFields(unknown);

        Struct back = MessageCodec.read(MessageCodec.writeToBuffer(spec, value, version), spec, version);
        assertEquals(unknown, back.unknownTaggedFields());
        assertEquals(value, back);
    }
}
