package io.gregor.clients.protocol;

import static io.gregor.clients.protocol.MalformedInputTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.schemas.JoinGroupRequest;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataRequest.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lengths and counts read from the wire are checked against what is left of the frame before
 * anything is allocated for them, and what a decoded request holds in heap is charged to its
 * {@link DecodeBudget}: a hostile frame costs the reader memory in proportion to its real size.
 */
class DeclaredLengthLimitsTest {
    /** Generous: a few KiB of bookkeeping, never the megabytes a declared length would ask for. */
    private static final long SMALL_ALLOCATION = 64 * 1024;

    @BeforeAll
    static void warmUp() {
        // class loading and schema plans allocate on first use; measure steady-state reads only
        for (MalformedInputTest.SpecVersion sv : MalformedInputTest.allSpecVersions()) {
            try {
                MessageCodec.read(ByteBuffer.allocate(64), sv.spec(), sv.version());
            } catch (ProtocolException ignored) {
                // only the warm-up matters
            }
        }
    }

    private static long allocatedReading(ByteBuffer frame, ApiKey key, int version) {
        return ThreadAllocation.whileReading(() -> MessageCodec.read(frame.duplicate(), key, (short) version,
                MessageType.REQUEST));
    }

    @Test
    void aFrameDeclaringIntMaxArrayElementsAllocatesNothingLargeAndFailsFast() {
        // MetadataRequest v4: Topics (int32 count 2^31-1) then AllowAutoTopicCreation.
        ByteBuffer frame = ByteBuffer.allocate(64).putInt(0, Integer.MAX_VALUE);
        long allocated = org.junit.jupiter.api.Assertions.assertTimeout(Duration.ofSeconds(1),
                () -> allocatedReading(frame, ApiKey.METADATA, 4));
        assertTrue(allocated < SMALL_ALLOCATION, "allocated " + allocated + " bytes");
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame.duplicate(), ApiKey.METADATA, (short) 4, MessageType.REQUEST));
        assertContains(e.getMessage(), "MetadataRequest v4", "Topics", "2147483647");
    }

    @Test
    void aCompactArrayCountOfIntMaxAllocatesNothingLarge() {
        // MetadataRequest v9: Topics as compact array, unsigned varint 2^31 (count 2^31-1).
        ByteBuffer frame = ByteBuffer.wrap(new byte[]{(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08,
                0, 0, 0, 0, 0, 0, 0});
        assertTrue(allocatedReading(frame, ApiKey.METADATA, 9) < SMALL_ALLOCATION);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame.duplicate(), ApiKey.METADATA, (short) 9, MessageType.REQUEST));
        assertContains(e.getMessage(), "MetadataRequest v9", "Topics", "2147483647");
    }

    @Test
    void anArrayCountIsCheckedAgainstTheSmallestSizeOfItsElements() {
        // MetadataRequest v4: 8 topics need at least 8 x 2 bytes (an empty name each), only 9 follow.
        ByteBuffer frame = ByteBuffer.allocate(13).putInt(0, 8);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame, ApiKey.METADATA, (short) 4, MessageType.REQUEST));
        assertContains(e.getMessage(), "Topics", "array count 8", "at least 2 bytes", "9 bytes remaining");
    }

    @Test
    void elementsOfStructsCountTheirFieldsAndTaggedSection() {
        Schema protocol = JoinGroupRequest.Protocols.SCHEMA;
        // v5: int16-length Name + int32-length Metadata; v6 (flexible): two compact lengths + tagged count
        assertEquals(6, WireMinimum.ofStruct(protocol, (short) 5, false));
        assertEquals(3, WireMinimum.ofStruct(protocol, (short) 6, true));
    }

    @Test
    void everyArrayElementTakesAtLeastOneByteInEveryVersion() {
        // a zero-byte element would make a count unbounded by the frame; no schema may have one
        for (MalformedInputTest.SpecVersion sv : MalformedInputTest.allSpecVersions()) {
            assertEveryElementTakesBytes(sv.spec().schema(), sv.version(), sv.spec().isFlexible(sv.version()),
                    sv.spec().name() + " v" + sv.version());
        }
    }

    private static void assertEveryElementTakesBytes(Schema schema, short version, boolean flexible, String where) {
        for (Field<?> f : schema.fields()) {
            if (!f.existsIn(version)) {
                continue;
            }
            FieldType type = f.type();
            while (type instanceof FieldType.ArrayOf a) {
                assertTrue(WireMinimum.ofElement(f, a.element(), version, flexible) >= 1, where + " " + f.name());
                type = a.element();
            }
            if (type instanceof FieldType.StructOf s) {
                assertEveryElementTakesBytes(s.schema(), version, flexible, where + " " + f.name());
            }
        }
    }

    @Test
    void aHugeTaggedFieldCountIsRefusedBeforeReadingAnyField() {
        // ApiVersionsRequest v3: two empty compact strings, then 3 tagged fields (a tag and a size
        // each, 6 bytes at least) claimed in the 3 bytes left.
        ByteBuffer frame = ByteBuffer.wrap(new byte[]{1, 1, 3, 0, 0, 0});
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame, ApiKey.API_VERSIONS, (short) 3, MessageType.REQUEST));
        assertContains(e.getMessage(), "tagged field count 3", "cannot fit in the 3 bytes remaining");
    }

    @Test
    void aClientIdLongerThanTheFrameIsRefusedWithoutAllocatingIt() {
        // header v1: Metadata v4, correlation id 7, client id of 32767 bytes in a 12-byte frame
        ByteBuffer frame = ByteBuffer.allocate(12).putShort(ApiKey.METADATA.id).putShort((short) 4).putInt(7)
                .putShort(Short.MAX_VALUE).flip();
        long allocated = ThreadAllocation.whileReading(() -> RequestHeader.read(frame.duplicate()));
        assertTrue(allocated < SMALL_ALLOCATION, "allocated " + allocated);
        ProtocolException e = assertThrows(ProtocolException.class, () -> RequestHeader.read(frame.duplicate()));
        assertContains(e.getMessage(), "RequestHeader", "ClientId");
    }

    @Test
    void recordsLongerThanTheFrameAreRefusedWithoutCopying() {
        // ProduceRequest v9 (flexible): null transactional id, acks, timeout, one topic "t", one
        // partition whose records claim 2^31-2 bytes (compact length 2^31-1).
        ByteBuffer frame = ByteBuffer.allocate(32);
        frame.put((byte) 0).putShort((short) 1).putInt(1000).put((byte) 2).put((byte) 2).put((byte) 't')
                .put((byte) 2).putInt(0).put(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07})
                .put((byte) 0).put((byte) 0).put((byte) 0).flip();
        assertTrue(allocatedReading(frame, ApiKey.PRODUCE, 9) < SMALL_ALLOCATION);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.read(frame.duplicate(), ApiKey.PRODUCE, (short) 9, MessageType.REQUEST));
        assertContains(e.getMessage(), "TopicData.PartitionData.Records");
    }

    @Test
    void theDecodedSizeOfAFrameOfTinyElementsIsChargedToTheBudget() {
        // 50,000 JoinGroup protocols of 3 bytes each: ~150 KB on the wire, several MB decoded
        Struct request = ApiMessages.request(ApiKey.JOIN_GROUP).newStruct().set(JoinGroupRequest.GROUP_ID, "g")
                .set(JoinGroupRequest.SESSION_TIMEOUT_MS, 10_000).set(JoinGroupRequest.MEMBER_ID, "")
                .set(JoinGroupRequest.PROTOCOL_TYPE, "consumer");
        for (int i = 0; i < 50_000; i++) {
            request.addElement(JoinGroupRequest.PROTOCOLS);
        }
        ByteBuffer wire = MessageCodec.writeToBuffer(ApiMessages.request(ApiKey.JOIN_GROUP), request, (short) 6);
        AtomicLong charged = new AtomicLong();
        Struct decoded = MessageCodec.read(wire.duplicate(), ApiKey.JOIN_GROUP, (short) 6, MessageType.REQUEST,
                charged::addAndGet);
        assertEquals(50_000, decoded.getStructs(JoinGroupRequest.PROTOCOLS).size());
        assertTrue(charged.get() > 20L * wire.remaining(), "charged " + charged + " for " + wire.remaining() + " wire bytes");

        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.read(wire.duplicate(),
                ApiKey.JOIN_GROUP, (short) 6, MessageType.REQUEST, DecodeBudget.atMost(1024 * 1024)));
        assertContains(e.getMessage(), "JoinGroupRequest v6", "Protocols", "more than 1048576 bytes of memory");
    }

    @Test
    void aRefusingBudgetStopsTheReadLongBeforeTheWholeFrameIsDecoded() {
        Struct request = ApiMessages.request(ApiKey.METADATA).newStruct();
        for (int i = 0; i < 200_000; i++) {
            request.addElement(MetadataRequest.TOPICS).set(Topics.NAME, "");
        }
        ByteBuffer wire = MessageCodec.writeToBuffer(ApiMessages.request(ApiKey.METADATA), request, (short) 4);
        long whole = allocatedReading(wire, ApiKey.METADATA, 4);
        long refused = ThreadAllocation.whileReading(() -> MessageCodec.read(wire.duplicate(), ApiKey.METADATA,
                (short) 4, MessageType.REQUEST, DecodeBudget.atMost(256 * 1024)));
        assertTrue(refused < whole / 4, "refused read allocated " + refused + ", a whole read " + whole);
    }
}
