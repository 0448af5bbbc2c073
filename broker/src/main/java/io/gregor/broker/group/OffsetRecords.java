package io.gregor.broker.group;

import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.Versions;
import java.nio.ByteBuffer;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Kafka's record layouts in {@code __consumer_offsets}: a record key starts with an int16 version
 * (0 or 1: an offset commit; 2: group metadata) followed by the key fields; an offset commit value
 * starts with its int16 version (written as 3: offset, leader epoch, metadata, commit timestamp).
 * A null value is a tombstone. Stateless.
 */
public final class OffsetRecords {
    private OffsetRecords() {
    }

    static final short OFFSET_KEY_VERSION = 1;
    static final short GROUP_KEY_VERSION = 2;
    static final short OFFSET_VALUE_VERSION = 3;

    static final MessageSpec OFFSET_COMMIT_KEY = new MessageSpec(-1, "OffsetCommitKey", MessageType.REQUEST,
            Versions.parse("0-1"), Versions.parse("none"),
            commonStruct("OffsetCommitKey",
                    field("group", STRING, "0-1"),
                    field("topic", STRING, "0-1"),
                    field("partition", INT32, "0-1")));

    static final MessageSpec OFFSET_COMMIT_VALUE = new MessageSpec(-1, "OffsetCommitValue", MessageType.REQUEST,
            Versions.parse("0-3"), Versions.parse("none"),
            commonStruct("OffsetCommitValue",
                    field("offset", INT64, "0+"),
                    field("leaderEpoch", INT32, "3+").withDefault(-1),
                    field("metadata", STRING, "0+"),
                    field("commitTimestamp", INT64, "0+"),
                    field("expireTimestamp", INT64, "1").withDefault(-1L)));

    static final MessageSpec GROUP_METADATA_KEY = new MessageSpec(-1, "GroupMetadataKey", MessageType.REQUEST,
            Versions.parse("2"), Versions.parse("none"),
            commonStruct("GroupMetadataKey", field("group", STRING, "2")));

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
        short version = buf.getShort();
        if (version < 0 || version > OFFSET_VALUE_VERSION) {
            throw new IllegalArgumentException("unsupported offset commit value version " + version);
        }
        Struct s = MessageCodec.read(buf, OFFSET_COMMIT_VALUE, version);
        return new CommittedOffset(s.getLong("offset"), s.getInt("leaderEpoch"), s.getString("metadata"),
                s.getLong("commitTimestamp"));
    }

    private static byte[] withVersion(MessageSpec spec, Struct s, short version) {
        ByteBuffer body = MessageCodec.writeToBuffer(spec, s, version);
        ByteBuffer out = ByteBuffer.allocate(2 + body.remaining());
        out.putShort(version).put(body);
        return out.array();
    }
}
