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
}
