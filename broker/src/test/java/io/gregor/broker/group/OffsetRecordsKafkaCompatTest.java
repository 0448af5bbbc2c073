package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Gregor's __consumer_offsets layouts against Kafka 3.9.1's own generated record classes. */
class OffsetRecordsKafkaCompatTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void offsetKeyBytesEqualKafkasAndKafkasKeysDecode() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 1,
                new OffsetCommitKey().setGroup("grp").setTopic("tópic").setPartition(7));
        assertArrayEquals(kafka, OffsetRecords.offsetKey("grp", "tópic", 7));
        byte[] kafkaV0 = MessageUtil.toVersionPrefixedBytes((short) 0,
                new OffsetCommitKey().setGroup("g0").setTopic("t").setPartition(1));
        assertEquals(new OffsetRecords.Key("g0", "t", 1), OffsetRecords.readKey(ByteBuffer.wrap(kafkaV0)));
    }

    @Test
    void groupMetadataKeyBytesEqualKafkas() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 2, new GroupMetadataKey().setGroup("my-group"));
        assertArrayEquals(kafka, OffsetRecords.groupMetadataKey("my-group"));
        assertEquals(new OffsetRecords.Key("my-group", null, -1), OffsetRecords.readKey(ByteBuffer.wrap(kafka)));
    }

    @Test
    void offsetValueIsWrittenAsKafkaWritesVersion3AndEveryKafkaVersionDecodes() {
        OffsetCommitValue kafkaValue = new OffsetCommitValue().setOffset(12345L).setLeaderEpoch(9)
                .setMetadata("meta").setCommitTimestamp(1_700_000_000_000L);
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 3, kafkaValue),
                OffsetRecords.offsetValue(new CommittedOffset(12345L, 9, "meta", 1_700_000_000_000L)));
        for (short v = 0; v <= 4; v++) {
            OffsetCommitValue value = kafkaValue.duplicate().setExpireTimestamp(v == 1 ? 99L : -1L);
            CommittedOffset read = OffsetRecords.readOffsetValue(
                    ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(v, value)));
            assertEquals(new CommittedOffset(12345L, v >= 3 ? 9 : -1, "meta", 1_700_000_000_000L), read, "version " + v);
        }
    }

    private static GroupMetadataValue kafkaGroup() {
        return new GroupMetadataValue().setProtocolType("consumer").setGeneration(4).setProtocol("range")
                .setLeader("m-1").setCurrentStateTimestamp(1_700_000_000_123L)
                .setMembers(List.of(
                        new GroupMetadataValue.MemberMetadata().setMemberId("m-1").setGroupInstanceId("static-1")
                                .setClientId("c1").setClientHost("/127.0.0.1").setRebalanceTimeout(30000)
                                .setSessionTimeout(10000).setSubscription(utf8("sub1")).setAssignment(utf8("as1")),
                        new GroupMetadataValue.MemberMetadata().setMemberId("m-2").setGroupInstanceId(null)
                                .setClientId("c2").setClientHost("/127.0.0.2").setRebalanceTimeout(40000)
                                .setSessionTimeout(12000).setSubscription(utf8("sub2")).setAssignment(new byte[0])));
    }

    private static StoredGroup gregorGroup() {
        return new StoredGroup("consumer", 4, "range", "m-1", 1_700_000_000_123L, List.of(
                new StoredGroup.Member("m-1", "static-1", "c1", "/127.0.0.1", 30000, 10000, utf8("sub1"), utf8("as1")),
                new StoredGroup.Member("m-2", null, "c2", "/127.0.0.2", 40000, 12000, utf8("sub2"), new byte[0])));
    }

    @Test
    void groupMetadataValueBytesEqualKafkasVersion3() {
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 3, kafkaGroup()),
                OffsetRecords.groupMetadataValue(gregorGroup()));
    }

    @Test
    void groupMetadataValuesOfEveryKafkaVersionDecode() {
        for (short v = 0; v <= 4; v++) {
            StoredGroup read = OffsetRecords.readGroupMetadataValue(
                    ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(v, kafkaGroup())));
            assertEquals("consumer", read.protocolType());
            assertEquals(4, read.generation());
            assertEquals("range", read.protocolName());
            assertEquals("m-1", read.leaderId());
            assertEquals(v >= 2 ? 1_700_000_000_123L : -1L, read.currentStateTimestamp(), "version " + v);
            assertEquals(2, read.members().size());
            StoredGroup.Member m1 = read.members().get(0);
            assertEquals("m-1", m1.memberId());
            assertEquals(v >= 3 ? "static-1" : null, m1.groupInstanceId());
            assertEquals(v == 0 ? 10000 : 30000, m1.rebalanceTimeoutMs(), "version " + v);
            assertEquals(10000, m1.sessionTimeoutMs());
            assertArrayEquals(utf8("sub1"), m1.subscription());
            assertArrayEquals(utf8("as1"), m1.assignment());
            assertNull(read.members().get(1).groupInstanceId());
            assertEquals("/127.0.0.2", read.members().get(1).clientHost());
        }
    }

    @Test
    void kafkaDecodesAnEmptyGroupGregorWrites() {
        byte[] bytes = OffsetRecords.groupMetadataValue(new StoredGroup("consumer", 7, null, null, 55L, List.of()));
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        short version = buf.getShort();
        GroupMetadataValue kafka = new GroupMetadataValue(new ByteBufferAccessor(buf), version);
        assertEquals(7, kafka.generation());
        assertNull(kafka.protocol());
        assertNull(kafka.leader());
        assertEquals(55L, kafka.currentStateTimestamp());
        assertEquals(0, kafka.members().size());
    }
}
