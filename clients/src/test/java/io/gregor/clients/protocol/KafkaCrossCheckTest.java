package io.gregor.clients.protocol;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Gregor's codec against Kafka's generated message classes (kafka-clients 3.9.1), for every
 * registered API (discovered from {@link ApiMessages}), every version of its schema, request and
 * response, plus the headers: Gregor's bytes must parse in Kafka and re-encode to the same bytes,
 * and Kafka's bytes must parse in Gregor to an equal Struct.
 */
class KafkaCrossCheckTest {
    private static final int SAMPLES = 20;

    @TestFactory
    List<DynamicTest> everyRegisteredApiVersionEncodesExactlyAsKafka() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiKey key : ApiMessages.registered()) {
            for (MessageType type : MessageType.values()) {
                MessageSpec spec = ApiMessages.spec(key, type);
                ApiMessageType kafkaType = ApiMessageType.fromApiKey(key.id);
                Supplier<Message> kafka = type == MessageType.REQUEST ? kafkaType::newRequest : kafkaType::newResponse;
                for (short v = spec.validVersions().lowest(); v <= spec.validVersions().highest(); v++) {
                    short version = v;
                    tests.add(DynamicTest.dynamicTest(spec.name() + " v" + version,
                            () -> crossCheck(spec, version, kafka)));
                }
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> headersEncodeExactlyAsKafka() {
        List<DynamicTest> tests = new ArrayList<>();
        for (short v = 0; v <= 2; v++) {
            short version = v;
            tests.add(DynamicTest.dynamicTest("RequestHeader v" + v,
                    () -> crossCheck(HeaderSchemas.REQUEST_HEADER, version, RequestHeaderData::new)));
        }
        for (short v = 0; v <= 1; v++) {
            short version = v;
            tests.add(DynamicTest.dynamicTest("ResponseHeader v" + v,
                    () -> crossCheck(HeaderSchemas.RESPONSE_HEADER, version, ResponseHeaderData::new)));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> apiKeyFlexibleVersionsMatchKafka() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            tests.add(DynamicTest.dynamicTest(key.title, () -> {
                org.apache.kafka.common.protocol.ApiKeys kafka = org.apache.kafka.common.protocol.ApiKeys.forId(key.id);
                assertEquals(kafka.name, key.title);
                for (short v = key.minVersion; v <= key.maxVersion; v++) {
                    assertEquals(kafka.requestHeaderVersion(v), key.requestHeaderVersion(v), key + " request header v" + v);
                    assertEquals(kafka.responseHeaderVersion(v), key.responseHeaderVersion(v), key + " response header v" + v);
                }
            }));
        }
        return tests;
    }

    static void crossCheck(MessageSpec spec, short version, Supplier<Message> kafkaFactory) {
        for (int sample = 0; sample < SAMPLES; sample++) {
            long seed = ((long) spec.name().hashCode() << 32) ^ ((long) version << 16) ^ sample;
            Struct original = new RandomStructs(new Random(seed), version).message(spec);
            String where = spec.name() + " v" + version + " seed " + seed;
            ByteBuffer gregor;
            try {
                gregor = MessageCodec.writeToBuffer(spec, original, version);
                assertEquals(gregor.remaining(), MessageCodec.sizeOf(spec, original, version), where + ": sizeOf");
            } catch (RuntimeException e) {
                throw new AssertionError(where + ": Gregor failed to encode " + original, e);
            }
            Message kafka = kafkaFactory.get();
            try {
                kafka.read(new ByteBufferAccessor(gregor.duplicate()), version);
            } catch (RuntimeException e) {
                throw new AssertionError(where + ": Kafka cannot read Gregor's bytes "
                        + HexFormat.of().formatHex(toArray(gregor)) + " of " + original, e);
            }
            ObjectSerializationCache cache = new ObjectSerializationCache();
            int size = kafka.size(cache, version);
            ByteBuffer kafkaBytes = ByteBuffer.allocate(size);
            kafka.write(new ByteBufferAccessor(kafkaBytes), cache, version);
            kafkaBytes.flip();
            if (!kafkaBytes.equals(gregor)) {
                fail(where + ": bytes differ\n gregor " + HexFormat.of().formatHex(toArray(gregor))
                        + "\n kafka  " + HexFormat.of().formatHex(toArray(kafkaBytes))
                        + "\n value  " + original + "\n kafka  " + kafka);
            }
            Struct back = MessageCodec.read(kafkaBytes.duplicate(), spec, version);
            assertEquals(original, back, where + ": Kafka's bytes read back differently");
        }
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
