package io.gregor.broker.group;

import io.gregor.broker.group.GroupMetadataValue.MemberMetadata;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

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

    // the layouts, one class each: OffsetCommitKey, OffsetCommitValue, GroupMetadataKey, GroupMetadataValue
    static final MessageSpec OFFSET_COMMIT_KEY = OffsetCommitKey.SPEC;
    static final MessageSpec OFFSET_COMMIT_VALUE = OffsetCommitValue.SPEC;
    static final MessageSpec GROUP_METADATA_KEY = GroupMetadataKey.SPEC;
    static final MessageSpec GROUP_METADATA_VALUE = GroupMetadataValue.SPEC;

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
        Struct s = OFFSET_COMMIT_KEY.newStruct().set(OffsetCommitKey.GROUP, group).set(OffsetCommitKey.TOPIC, topic)
                .set(OffsetCommitKey.PARTITION, partition);
        return withVersion(OFFSET_COMMIT_KEY, s, OFFSET_KEY_VERSION);
    }

    static byte[] groupMetadataKey(String group) {
        return withVersion(GROUP_METADATA_KEY, GROUP_METADATA_KEY.newStruct()
                .set(GroupMetadataKey.GROUP, group), GROUP_KEY_VERSION);
    }

    static byte[] offsetValue(CommittedOffset value) {
        Struct s = OFFSET_COMMIT_VALUE.newStruct().set(OffsetCommitValue.OFFSET, value.offset())
                .set(OffsetCommitValue.LEADER_EPOCH, value.leaderEpoch())
                .set(OffsetCommitValue.METADATA, value.metadata() == null ? "" : value.metadata())
                .set(OffsetCommitValue.COMMIT_TIMESTAMP, value.commitTimestamp());
        return withVersion(OFFSET_COMMIT_VALUE, s, OFFSET_VALUE_VERSION);
    }

    static byte[] groupMetadataValue(StoredGroup group) {
        Struct s = GROUP_METADATA_VALUE.newStruct()
                .set(GroupMetadataValue.PROTOCOL_TYPE, group.protocolType() == null ? "" : group.protocolType())
                .set(GroupMetadataValue.GENERATION, group.generation())
                .set(GroupMetadataValue.PROTOCOL, group.protocolName())
                .set(GroupMetadataValue.LEADER, group.leaderId())
                .set(GroupMetadataValue.CURRENT_STATE_TIMESTAMP, group.currentStateTimestamp());
        for (StoredGroup.Member m : group.members()) {
            s.addElement(GroupMetadataValue.MEMBERS).set(MemberMetadata.MEMBER_ID, m.memberId())
                    .set(MemberMetadata.GROUP_INSTANCE_ID, m.groupInstanceId())
                    .set(MemberMetadata.CLIENT_ID, m.clientId()).set(MemberMetadata.CLIENT_HOST, m.clientHost())
                    .set(MemberMetadata.REBALANCE_TIMEOUT, m.rebalanceTimeoutMs())
                    .set(MemberMetadata.SESSION_TIMEOUT, m.sessionTimeoutMs())
                    .set(MemberMetadata.SUBSCRIPTION, ByteBuffer.wrap(m.subscription()))
                    .set(MemberMetadata.ASSIGNMENT, ByteBuffer.wrap(m.assignment()));
        }
        return withVersion(GROUP_METADATA_VALUE, s, GROUP_VALUE_VERSION);
    }

    /** Decodes a key; versions other than 0-2 are rejected with IllegalArgumentException. */
    static Key readKey(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = buf.getShort();
        if (version == 0 || version == 1) {
            Struct s = MessageCodec.read(buf, OFFSET_COMMIT_KEY, version);
            return new Key(s.getString(OffsetCommitKey.GROUP), s.getString(OffsetCommitKey.TOPIC),
                    s.getInt(OffsetCommitKey.PARTITION));
        }
        if (version == GROUP_KEY_VERSION) {
            return new Key(MessageCodec.read(buf, GROUP_METADATA_KEY, version).getString(GroupMetadataKey.GROUP), null,
                    -1);
        }
        throw new IllegalArgumentException("unknown __consumer_offsets key version " + version);
    }

    static CommittedOffset readOffsetValue(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = valueVersion(buf, "offset commit");
        Struct s = MessageCodec.read(buf, OFFSET_COMMIT_VALUE, version);
        return new CommittedOffset(s.getLong(OffsetCommitValue.OFFSET), s.getInt(OffsetCommitValue.LEADER_EPOCH),
                s.getString(OffsetCommitValue.METADATA),
                s.getLong(OffsetCommitValue.COMMIT_TIMESTAMP));
    }

    /** Decodes a group metadata value; version 0 members get their session timeout as rebalance timeout, as Kafka does. */
    static StoredGroup readGroupMetadataValue(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = valueVersion(buf, "group metadata");
        Struct s = MessageCodec.read(buf, GROUP_METADATA_VALUE, version);
        List<StoredGroup.Member> members = new ArrayList<>();
        for (Struct m : s.getStructs(GroupMetadataValue.MEMBERS)) {
            int session = m.getInt(MemberMetadata.SESSION_TIMEOUT);
            members.add(new StoredGroup.Member(m.getString(MemberMetadata.MEMBER_ID),
                    m.getString(MemberMetadata.GROUP_INSTANCE_ID),
                    m.getString(MemberMetadata.CLIENT_ID), m.getString(MemberMetadata.CLIENT_HOST),
                    version == 0 ? session : m.getInt(MemberMetadata.REBALANCE_TIMEOUT), session,
                    bytes(m.getBytes(MemberMetadata.SUBSCRIPTION)), bytes(m.getBytes(MemberMetadata.ASSIGNMENT))));
        }
        return new StoredGroup(s.getString(GroupMetadataValue.PROTOCOL_TYPE), s.getInt(GroupMetadataValue.GENERATION),
                s.getString(GroupMetadataValue.PROTOCOL),
                s.getString(GroupMetadataValue.LEADER), s.getLong(GroupMetadataValue.CURRENT_STATE_TIMESTAMP), members);
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
