package io.gregor.broker.group;

import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.Versions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Kafka's record layouts in {@code __consumer_offsets} (group-coordinator's OffsetCommitKey,
 * OffsetCommitValue, GroupMetadataKey, GroupMetadataValue specs). A key starts with an int16
 * version: 0 or 1 an offset commit, 2 group metadata. Values start with their own int16 version;
 * versions 0-3 are fixed layouts, 4 is flexible (compact strings, tagged fields). Like a 3.9
 * ZooKeeper-mode broker, Gregor writes offset values as version 3 and group values as version 3,
 * and reads every version 0-4. A null value is a tombstone. Stateless.
 */
public final class OffsetRecords {
    private OffsetRecords() {
    }

    static final short OFFSET_KEY_VERSION = 1;
    static final short GROUP_KEY_VERSION = 2;
    static final short OFFSET_VALUE_VERSION = 3;
    static final short GROUP_VALUE_VERSION = 3;
    private static final short MAX_VALUE_VERSION = 4;

    static final MessageSpec OFFSET_COMMIT_KEY = new MessageSpec(-1, "OffsetCommitKey", MessageType.REQUEST,
            Versions.parse("0-1"), Versions.parse("none"),
            commonStruct("OffsetCommitKey",
                    field("group", STRING, "0-1"),
                    field("topic", STRING, "0-1"),
                    field("partition", INT32, "0-1")));

    static final MessageSpec OFFSET_COMMIT_VALUE = new MessageSpec(-1, "OffsetCommitValue", MessageType.REQUEST,
            Versions.parse("0-4"), Versions.parse("4+"),
            commonStruct("OffsetCommitValue",
                    field("offset", INT64, "0+"),
                    field("leaderEpoch", INT32, "3+").withDefault(-1),
                    field("metadata", STRING, "0+"),
                    field("commitTimestamp", INT64, "0+"),
                    field("expireTimestamp", INT64, "1").withDefault(-1L)));

    static final MessageSpec GROUP_METADATA_KEY = new MessageSpec(-1, "GroupMetadataKey", MessageType.REQUEST,
            Versions.parse("2"), Versions.parse("none"),
            commonStruct("GroupMetadataKey", field("group", STRING, "2")));

    private static final Schema MEMBER_METADATA = commonStruct("MemberMetadata",
            field("memberId", STRING, "0+"),
            field("groupInstanceId", STRING, "3+").nullable("3+").withDefault(null),
            field("clientId", STRING, "0+"),
            field("clientHost", STRING, "0+"),
            field("rebalanceTimeout", INT32, "1+").withDefault(-1),
            field("sessionTimeout", INT32, "0+"),
            field("subscription", BYTES, "0+"),
            field("assignment", BYTES, "0+"));

    static final MessageSpec GROUP_METADATA_VALUE = new MessageSpec(-1, "GroupMetadataValue", MessageType.REQUEST,
            Versions.parse("0-4"), Versions.parse("4+"),
            commonStruct("GroupMetadataValue",
                    field("protocolType", STRING, "0+"),
                    field("generation", INT32, "0+"),
                    field("protocol", STRING, "0+").nullable("0+"),
                    field("leader", STRING, "0+").nullable("0+"),
                    field("currentStateTimestamp", INT64, "2+").withDefault(-1L),
                    field("members", arrayOf(MEMBER_METADATA), "0+")));

    /** A decoded key: an offset commit (topic != null) or a group metadata key (topic == null). */
    record Key(String group, String topic, int partition) {
        boolean isOffset() {
            return topic != null;
        }
    }

    /** A committed offset as stored and served. */
    record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
    }

    static byte[] offsetKey(String group, String topic, int partition) {
        Struct s = OFFSET_COMMIT_KEY.newStruct().set("group", group).set("topic", topic).set("partition", partition);
        return withVersion(OFFSET_COMMIT_KEY, s, OFFSET_KEY_VERSION);
    }

    static byte[] groupMetadataKey(String group) {
        return withVersion(GROUP_METADATA_KEY, GROUP_METADATA_KEY.newStruct().set("group", group), GROUP_KEY_VERSION);
    }

    static byte[] offsetValue(CommittedOffset value) {
        Struct s = OFFSET_COMMIT_VALUE.newStruct().set("offset", value.offset()).set("leaderEpoch", value.leaderEpoch())
                .set("metadata", value.metadata() == null ? "" : value.metadata())
                .set("commitTimestamp", value.commitTimestamp());
        return withVersion(OFFSET_COMMIT_VALUE, s, OFFSET_VALUE_VERSION);
    }

    static byte[] groupMetadataValue(StoredGroup group) {
        Struct s = GROUP_METADATA_VALUE.newStruct()
                .set("protocolType", group.protocolType() == null ? "" : group.protocolType())
                .set("generation", group.generation())
                .set("protocol", group.protocolName())
                .set("leader", group.leaderId())
                .set("currentStateTimestamp", group.currentStateTimestamp());
        for (StoredGroup.Member m : group.members()) {
            s.addElement("members").set("memberId", m.memberId()).set("groupInstanceId", m.groupInstanceId())
                    .set("clientId", m.clientId()).set("clientHost", m.clientHost())
                    .set("rebalanceTimeout", m.rebalanceTimeoutMs()).set("sessionTimeout", m.sessionTimeoutMs())
                    .set("subscription", ByteBuffer.wrap(m.subscription()))
                    .set("assignment", ByteBuffer.wrap(m.assignment()));
        }
        return withVersion(GROUP_METADATA_VALUE, s, GROUP_VALUE_VERSION);
    }

    /** Decodes a key; versions other than 0-2 are rejected with IllegalArgumentException. */
    static Key readKey(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = buf.getShort();
        if (version == 0 || version == 1) {
            Struct s = MessageCodec.read(buf, OFFSET_COMMIT_KEY, version);
            return new Key(s.getString("group"), s.getString("topic"), s.getInt("partition"));
        }
        if (version == GROUP_KEY_VERSION) {
            return new Key(MessageCodec.read(buf, GROUP_METADATA_KEY, version).getString("group"), null, -1);
        }
        throw new IllegalArgumentException("unknown __consumer_offsets key version " + version);
    }

    static CommittedOffset readOffsetValue(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = valueVersion(buf, "offset commit");
        Struct s = MessageCodec.read(buf, OFFSET_COMMIT_VALUE, version);
        return new CommittedOffset(s.getLong("offset"), s.getInt("leaderEpoch"), s.getString("metadata"),
                s.getLong("commitTimestamp"));
    }

    /** Decodes a group metadata value; version 0 members get their session timeout as rebalance timeout, as Kafka does. */
    static StoredGroup readGroupMetadataValue(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = valueVersion(buf, "group metadata");
        Struct s = MessageCodec.read(buf, GROUP_METADATA_VALUE, version);
        List<StoredGroup.Member> members = new ArrayList<>();
        for (Struct m : s.getStructs("members")) {
            int session = m.getInt("sessionTimeout");
            members.add(new StoredGroup.Member(m.getString("memberId"), m.getString("groupInstanceId"),
                    m.getString("clientId"), m.getString("clientHost"),
                    version == 0 ? session : m.getInt("rebalanceTimeout"), session,
                    bytes(m.getBytes("subscription")), bytes(m.getBytes("assignment"))));
        }
        return new StoredGroup(s.getString("protocolType"), s.getInt("generation"), s.getString("protocol"),
                s.getString("leader"), s.getLong("currentStateTimestamp"), members);
    }

    private static short valueVersion(ByteBuffer buf, String what) {
        short version = buf.getShort();
        if (version < 0 || version > MAX_VALUE_VERSION) {
            throw new IllegalArgumentException("unsupported " + what + " value version " + version);
        }
        return version;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b == null ? 0 : b.remaining()];
        if (b != null) {
            b.duplicate().get(out);
        }
        return out;
    }

    private static byte[] withVersion(MessageSpec spec, Struct s, short version) {
        ByteBuffer body = MessageCodec.writeToBuffer(spec, s, version);
        ByteBuffer out = ByteBuffer.allocate(2 + body.remaining());
        out.putShort(version).put(body);
        return out.array();
    }
}
