package io.gregor.clients.record;

import java.nio.ByteBuffer;

/**
 * The type of a control record, stored in its key as version (int16, 0) followed by type (int16).
 * Gregor writes only the transaction markers; the KRaft types are listed so that reading a batch
 * Kafka wrote names them instead of failing.
 */
public enum ControlRecordType {
    ABORT(0),
    COMMIT(1),
    LEADER_CHANGE(2),
    SNAPSHOT_HEADER(3),
    SNAPSHOT_FOOTER(4),
    KRAFT_VERSION(5),
    KRAFT_VOTERS(6),
    UNKNOWN(-1);

    public static final short CURRENT_KEY_VERSION = 0;
    public static final int KEY_SIZE = 4;

    public final short type;

    ControlRecordType(int type) {
        this.type = (short) type;
    }

    /** The 4-byte control record key for this type. */
    public ByteBuffer key() {
        ByteBuffer b = ByteBuffer.allocate(KEY_SIZE);
        b.putShort(CURRENT_KEY_VERSION).putShort(type).flip();
        return b;
    }

    /** The type a control record key names; UNKNOWN for a type this code does not know. */
    public static ControlRecordType parse(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new InvalidRecordException("control record key of " + (key == null ? "null" : key.remaining() + " bytes")
                    + " is shorter than " + KEY_SIZE + " bytes");
        }
        short version = key.getShort(key.position());
        if (version < 0) {
            throw new InvalidRecordException("control record key has negative version " + version);
        }
        short type = key.getShort(key.position() + 2);
        for (ControlRecordType t : values()) {
            if (t.type == type && t != UNKNOWN) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
