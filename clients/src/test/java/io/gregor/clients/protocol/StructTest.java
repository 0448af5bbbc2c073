package io.gregor.clients.protocol;

import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ReplicaState;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DSL's declarations, Struct's defaults, conversions, equality, and write-side checks. */
class StructTest {

    @Test
    void newStructsHoldTheSpecDefaults() {
        Struct fetch = FetchRequest.SPEC.newStruct();
        assertEquals(Integer.MAX_VALUE, fetch.getInt(FetchRequest.MAX_BYTES));
        assertEquals(-1, fetch.getInt(FetchRequest.REPLICA_ID));
        assertNull(fetch.getString(FetchRequest.CLUSTER_ID));
        assertEquals("", fetch.getString(FetchRequest.RACK_ID));
        assertEquals(-1L, fetch.getStruct(FetchRequest.REPLICA_STATE).getLong(ReplicaState.REPLICA_EPOCH));
        assertTrue(fetch.getArray(FetchRequest.TOPICS).isEmpty());
        assertTrue(fetch.isAllDefault());
        fetch.addElement(FetchRequest.TOPICS).addElement(Topics.PARTITIONS);
        assertEquals(Field.ZERO_UUID, fetch.<Struct>getArray(FetchRequest.TOPICS).get(0).getUuid(Topics.TOPIC_ID));
        Struct produce = ProduceRequest.SPEC.newStruct();
        assertNull(produce.addElement(ProduceRequest.TOPIC_DATA)
                .addElement(TopicData.PARTITION_DATA).getRecords(PartitionData.RECORDS));
    }

    @Test
    void typedFieldsReadBackWhatWasSetAndRefuseUnsignedValuesOutOfRange() {
        Struct s = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        s.set(ApiVersionsResponse.ERROR_CODE, (short) 35).set(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH, 3L);
        assertEquals((short) 35, s.getShort(ApiVersionsResponse.ERROR_CODE));
        assertEquals(3L, s.getLong(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH));
        Field<Integer> u16 = field("U16", UINT16, "0+");
        Field<Long> u32 = field("U32", UINT32, "0+");
        Struct unsigned = new Struct(structType("Unsigned", u16, u32));
        assertEquals(0xFFFF, unsigned.set(u16, 0xFFFF).getInt(u16));
        assertThrows(IllegalArgumentException.class, () -> unsigned.set(u16, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> unsigned.set(u32, -1L));
    }

    @Test
    void genericToolsSetValuesCheckedAtRunTime() {
        Struct s = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        Field<?> errorCode = s.schema().field(0);
        s.setValue(errorCode, 35);
        assertEquals((short) 35, s.getShort(ApiVersionsResponse.ERROR_CODE));
        assertThrows(IllegalArgumentException.class, () -> s.setValue(errorCode, 70_000));
        assertThrows(IllegalArgumentException.class, () -> s.setValue(errorCode, "35"));
        assertThrows(IllegalArgumentException.class, () -> s.setValue(FetchRequest.MAX_BYTES, 1));
    }

    @Test
    void aFieldOfAnotherStructIsRefusedNamingBothStructs() {
        Struct s = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.getInt(FetchRequest.MAX_BYTES));
        assertTrue(e.getMessage().contains("FetchRequest.MaxBytes") && e.getMessage().contains("ApiVersionsResponse"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.set(ApiVersionsResponse.ApiKeys.API_KEY, (short) 1));
        Struct otherElement = ApiMessages.request(ApiKey.FETCH).newStruct().addElement(FetchRequest.TOPICS);
        assertThrows(IllegalArgumentException.class, () -> s.set(ApiVersionsResponse.API_KEYS, List.of(otherElement)));
    }

    @Test
    void aFieldBelongsToTheOneStructItIsDeclaredIn() {
        Field<Integer> shared = field("A", INT32, "0+");
        structType("First", shared);
        assertThrows(IllegalArgumentException.class, () -> structType("Second", shared));
        assertTrue(ProduceRequest.ACKS.owner() == ProduceRequest.SPEC.schema());
        assertEquals(ProduceRequest.ACKS, ProduceRequest.SPEC.schema().field(ProduceRequest.ACKS.index()));
    }

    @Test
    void equalityIsDeepAndComparesBytesByContent() {
        Field<ByteBuffer> bytes = field("B", BYTES, "0+");
        Field<List<Integer>> ints = field("L", arrayOf(INT32), "0+");
        Schema schema = structType("S", bytes, ints);
        Struct a = new Struct(schema).set(bytes, ByteBuffer.wrap(new byte[]{1, 2})).set(ints, List.of(1, 2));
        Struct b = new Struct(schema).set(bytes, ByteBuffer.wrap(new byte[]{1, 2})).set(ints, List.of(1, 2));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.set(ints, List.of(1, 3));
        assertNotEquals(a, b);
    }

    @Test
    void readingABytesFieldDoesNotDisturbTheStruct() {
        Field<ByteBuffer> bytes = field("B", BYTES, "0+");
        Struct s = new Struct(structType("S", bytes)).set(bytes, ByteBuffer.wrap(new byte[]{1, 2}));
        s.get(bytes).get();
        s.getBytes(bytes).get();
        assertEquals(2, s.get(bytes).remaining());
    }

    @Test
    void aNullWhereTheVersionForbidsItIsAWriteErrorNamingTheField() {
        Struct s = ApiMessages.request(ApiKey.METADATA).newStruct().set(MetadataRequest.TOPICS, null);
        MessageCodec.write(s, (short) 1); // nullable from v1
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.write(s, (short) 0));
        assertTrue(e.getMessage().contains("MetadataRequest v0 field Topics"), e.getMessage());
    }

    @Test
    void taggedFieldsAreWrittenOnlyWhenNotDefault() {
        Struct s = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        int plain = MessageCodec.sizeOf(ApiMessages.response(ApiKey.API_VERSIONS), s, (short) 3);
        s.set(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH, -1L);
        assertEquals(plain, MessageCodec.sizeOf(ApiMessages.response(ApiKey.API_VERSIONS), s, (short) 3));
        s.set(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH, 7L);
        assertEquals(plain + 1 + 1 + 8, MessageCodec.sizeOf(ApiMessages.response(ApiKey.API_VERSIONS), s, (short) 3));
    }

    @Test
    void fieldsOutsideAVersionAreNotWrittenAndReadBackAsDefault() {
        MessageSpec spec = ApiMessages.response(ApiKey.API_VERSIONS);
        Struct s = spec.newStruct().set(ApiVersionsResponse.THROTTLE_TIME_MS, 100);
        Struct back = MessageCodec.read(MessageCodec.writeToBuffer(spec, s, (short) 0), spec, (short) 0);
        assertEquals(0, back.getInt(ApiVersionsResponse.THROTTLE_TIME_MS));
    }

    @Test
    void versionRangesParseAsKafkaWritesThem() {
        assertEquals(new Versions((short) 3, Short.MAX_VALUE), Versions.parse("3+"));
        assertEquals(new Versions((short) 0, (short) 4), Versions.parse("0-4"));
        assertEquals(new Versions((short) 7, (short) 7), Versions.parse("7"));
        assertTrue(Versions.parse("none").isEmpty());
        assertFalse(Versions.parse("none").contains((short) 0));
        assertEquals("3+", Versions.parse("3+").toString());
        assertThrows(IllegalArgumentException.class, () -> Versions.parse("x"));
    }

    @Test
    void schemasRejectDuplicateNamesAndTags() {
        assertThrows(IllegalArgumentException.class,
                () -> structType("S", field("A", INT8, "0+"), field("A", INT16, "0+")));
        assertThrows(IllegalArgumentException.class,
                () -> structType("S", field("A", INT8, "0+").tagged(0, "0+"), field("B", INT8, "0+").tagged(0, "0+")));
        assertThrows(IllegalArgumentException.class, () -> field("A", INT32, "0+").nullable("0+"));
    }

    @Test
    void everyRegisteredMessageHasItsPairAndCoversItsApiVersions() {
        for (ApiKey key : ApiMessages.registered()) {
            MessageSpec request = ApiMessages.request(key);
            MessageSpec response = ApiMessages.response(key);
            assertEquals(key.id, request.apiKey());
            assertEquals(key.id, response.apiKey());
            assertTrue(request.validVersions().contains(key.maxVersion));
            assertEquals(request, ApiMessages.specOf(request.schema()));
        }
    }

    @Test
    void primitiveTypesHaveTheirWireLayout() {
        Field<Integer> u16 = field("U16", UINT16, "0+");
        Field<Long> u32 = field("U32", UINT32, "0+");
        Field<Integer> v = field("V", VARINT, "0+");
        Field<Long> vl = field("VL", VARLONG, "0+");
        Field<Integer> uv = field("UV", UNSIGNED_VARINT, "0+");
        Field<Double> f = field("F", FLOAT64, "0+");
        Field<String> str = field("S", STRING, "0+");
        Field<String> n = field("N", STRING, "0+").nullable("0+");
        MessageSpec spec = new MessageSpec(-1, "AllTypes", MessageType.REQUEST, Versions.parse("0-1"), Versions.parse("1+"),
                structType("AllTypes", u16, u32, v, vl, uv, f, str, n));
        Struct s = spec.newStruct().set(u16, 0xFFFE).set(u32, 0xFFFFFFFEL).set(v, -2).set(vl, 300L)
                .set(uv, 300).set(f, 1.5).set(str, "é").set(n, null);
        ByteBuffer v0 = MessageCodec.writeToBuffer(spec, s, (short) 0);
        byte[] expected0 = {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE,
                3, (byte) 0xD8, 4, (byte) 0xAC, 2, 0x3F, (byte) 0xF8, 0, 0, 0, 0, 0, 0, 0, 2, (byte) 0xC3, (byte) 0xA9,
                (byte) 0xFF, (byte) 0xFF};
        assertEquals(ByteBuffer.wrap(expected0), v0);
        ByteBuffer v1 = MessageCodec.writeToBuffer(spec, s, (short) 1);
        // flexible: compact string lengths (length + 1), null as 0, then an empty tagged-field section
        assertEquals(expected0.length - 1 - 1 + 1, v1.remaining());
        assertEquals(s, MessageCodec.read(v1, spec, (short) 1));
        assertEquals(s, MessageCodec.read(v0, spec, (short) 0));
    }

    @Test
    void stringsAreEncodedAsStringGetBytesDoesEvenWithUnpairedSurrogates() {
        Field<String> str = field("S", STRING, "0+");
        MessageSpec spec = new MessageSpec(-1, "Text", MessageType.REQUEST, Versions.parse("0"), Versions.NONE,
                structType("Text", str));
        for (String text : new String[]{"plain", "caf\u00e9", "\ud83d\udca1", "a\ud83db", "\udca1", "\u4e2d"}) {
            ByteBuffer encoded = MessageCodec.writeToBuffer(spec, spec.newStruct().set(str, text), (short) 0);
            byte[] expected = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(expected.length, encoded.getShort());
            assertEquals(ByteBuffer.wrap(expected), encoded, text);
        }
    }

    @Test
    void readingIgnoresTheByteOrderOfTheCallersBuffer() {
        MessageSpec spec = ApiMessages.response(ApiKey.API_VERSIONS);
        Struct value = spec.newStruct().set(ApiVersionsResponse.ERROR_CODE, (short) 35)
                .set(ApiVersionsResponse.THROTTLE_TIME_MS, 7);
        ByteBuffer little = MessageCodec.writeToBuffer(spec, value, (short) 1).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(value, MessageCodec.read(little, spec, (short) 1));
        assertEquals(0, little.remaining());
        assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, little.order());
    }
}
