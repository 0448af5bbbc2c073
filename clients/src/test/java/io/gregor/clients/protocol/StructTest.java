package io.gregor.clients.protocol;

import io.gregor.clients.protocol.schemas.ProduceFetchSchemas;
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
        Struct fetch = ProduceFetchSchemas.FETCH_REQUEST.newStruct();
        assertEquals(Integer.MAX_VALUE, fetch.getInt("MaxBytes"));
        assertEquals(-1, fetch.getInt("ReplicaId"));
        assertNull(fetch.getString("ClusterId"));
        assertEquals("", fetch.getString("RackId"));
        assertEquals(-1L, fetch.getStruct("ReplicaState").getLong("ReplicaEpoch"));
        assertTrue(fetch.getArray("Topics").isEmpty());
        assertTrue(fetch.isAllDefault());
        fetch.addElement("Topics").addElement("Partitions");
        assertEquals(Field.ZERO_UUID, fetch.<Struct>getArray("Topics").get(0).getUuid("TopicId"));
        Struct produce = ProduceFetchSchemas.PRODUCE_REQUEST.newStruct();
        assertNull(produce.addElement("TopicData").addElement("PartitionData").getRecords("Records"));
    }

    @Test
    void setConvertsNumbersToTheFieldTypeAndRejectsWhatDoesNotFit() {
        Struct s = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        s.set("ErrorCode", 35).set("FinalizedFeaturesEpoch", 3);
        assertEquals((short) 35, s.getShort("ErrorCode"));
        assertEquals(3L, s.getLong("FinalizedFeaturesEpoch"));
        assertThrows(IllegalArgumentException.class, () -> s.set("ErrorCode", 70000));
        assertThrows(IllegalArgumentException.class, () -> s.set("ErrorCode", "35"));
        assertThrows(IllegalArgumentException.class, () -> s.set("NoSuchField", 1));
        assertThrows(IllegalArgumentException.class, () -> s.set("ApiKeys", List.of("x")));
    }

    @Test
    void equalityIsDeepAndComparesBytesByContent() {
        Schema schema = commonStruct("S", field("B", BYTES, "0+"), field("L", arrayOf(INT32), "0+"));
        Struct a = new Struct(schema).set("B", new byte[]{1, 2}).set("L", List.of(1, 2));
        Struct b = new Struct(schema).set("B", ByteBuffer.wrap(new byte[]{1, 2})).set("L", List.of(1, 2));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.set("L", List.of(1, 3));
        assertNotEquals(a, b);
    }

    @Test
    void aNullWhereTheVersionForbidsItIsAWriteErrorNamingTheField() {
        Struct s = ApiMessages.request(ApiKey.METADATA).newStruct().set("Topics", null);
        MessageCodec.write(s, (short) 1); // nullable from v1
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.write(s, (short) 0));
        assertTrue(e.getMessage().contains("MetadataRequest v0 field Topics"), e.getMessage());
    }

    @Test
    void taggedFieldsAreWrittenOnlyWhenNotDefault() {
        Struct s = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        int plain = MessageCodec.sizeOf(ApiMessages.response(ApiKey.API_VERSIONS), s, (short) 3);
        s.set("FinalizedFeaturesEpoch", -1L);
        assertEquals(plain, MessageCodec.sizeOf(ApiMessages.response(ApiKey.API_VERSIONS), s, (short) 3));
        s.set("FinalizedFeaturesEpoch", 7L);
        assertEquals(plain + 1 + 1 + 8, MessageCodec.sizeOf(ApiMessages.response(ApiKey.API_VERSIONS), s, (short) 3));
    }

    @Test
    void fieldsOutsideAVersionAreNotWrittenAndReadBackAsDefault() {
        MessageSpec spec = ApiMessages.response(ApiKey.API_VERSIONS);
        Struct s = spec.newStruct().set("ThrottleTimeMs", 100);
        Struct back = MessageCodec.read(MessageCodec.writeToBuffer(spec, s, (short) 0), spec, (short) 0);
        assertEquals(0, back.getInt("ThrottleTimeMs"));
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
                () -> commonStruct("S", field("A", INT8, "0+"), field("A", INT16, "0+")));
        assertThrows(IllegalArgumentException.class,
                () -> commonStruct("S", field("A", INT8, "0+").tagged(0, "0+"), field("B", INT8, "0+").tagged(0, "0+")));
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
        MessageSpec spec = new MessageSpec(-1, "AllTypes", MessageType.REQUEST, Versions.parse("0-1"), Versions.parse("1+"),
                commonStruct("AllTypes",
                        field("U16", UINT16, "0+"), field("U32", UINT32, "0+"), field("V", VARINT, "0+"),
                        field("VL", VARLONG, "0+"), field("UV", UNSIGNED_VARINT, "0+"), field("F", FLOAT64, "0+"),
                        field("S", STRING, "0+"), field("N", STRING, "0+").nullable("0+")));
        Struct s = spec.newStruct().set("U16", 0xFFFE).set("U32", 0xFFFFFFFEL).set("V", -2).set("VL", 300L)
                .set("UV", 300).set("F", 1.5).set("S", "é").set("N", null);
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
        MessageSpec spec = new MessageSpec(-1, "Text", MessageType.REQUEST, Versions.parse("0"), Versions.NONE,
                commonStruct("Text", field("S", STRING, "0+")));
        for (String text : new String[]{"plain", "caf\u00e9", "\ud83d\udca1", "a\ud83db", "\udca1", "\u4e2d"}) {
            ByteBuffer encoded = MessageCodec.writeToBuffer(spec, spec.newStruct().set("S", text), (short) 0);
            byte[] expected = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(expected.length, encoded.getShort());
            assertEquals(ByteBuffer.wrap(expected), encoded, text);
        }
    }

    @Test
    void readingIgnoresTheByteOrderOfTheCallersBuffer() {
        MessageSpec spec = ApiMessages.response(ApiKey.API_VERSIONS);
        Struct value = spec.newStruct().set("ErrorCode", 35).set("ThrottleTimeMs", 7);
        ByteBuffer little = MessageCodec.writeToBuffer(spec, value, (short) 1).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(value, MessageCodec.read(little, spec, (short) 1));
        assertEquals(0, little.remaining());
        assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, little.order());
    }
}
