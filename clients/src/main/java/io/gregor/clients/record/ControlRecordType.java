package io.gregor.clients.record;

import java.nio.ByteBuffer;

/**
 * The type of a control record, named by the record's key. Gregor writes only the transaction
 * markers; the KRaft types are listed so that reading a batch Kafka wrote names them instead of
 * failing.
 *
 * <h2>Control batches and the layout of a control record key</h2>
 * A control batch is a batch v2 ({@link RecordBatch}) whose control attribute is set; a transaction
 * marker batch is also transactional, carries the producer id and epoch of the transaction it ends
 * (base sequence -1) and holds one record, the marker. Its records have the usual layout
 * ({@link Record}); the key has this fixed layout (big-endian), and the value depends on the type
 * (for COMMIT and ABORT, see {@link EndTransactionMarker}).
 * <pre>
 * field     type    offset  length
 * version   INT16        0       2   0; a reader accepts any version that is not negative
 * type      INT16        2       2   ABORT 0, COMMIT 1, LEADER_CHANGE 2, ... (see the constants)
 * </pre>
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
    public static final int KEY_VERSION_OFFSET = 0;
    public static final int KEY_VERSION_LENGTH = 2;
    public static final int KEY_TYPE_OFFSET = KEY_VERSION_OFFSET + KEY_VERSION_LENGTH;
    public static final int KEY_TYPE_LENGTH = 2;
    public static final int KEY_SIZE = KEY_TYPE_OFFSET + KEY_TYPE_LENGTH;

    public final short type;

    ControlRecordType(int type) {
        this.type = (short) type;
    }

    /** The 4-byte control record key for this type. */
    public ByteBuffer key() {
        ByteBuffer b = ByteBuffer.allocate(KEY_SIZE);
        b.putShort(KEY_VERSION_OFFSET, CURRENT_KEY_VERSION).putShort(KEY_TYPE_OFFSET, type);
        return b;
    }

    /** The type a control record key names; UNKNOWN for a type this code does not know. */
    public static ControlRecordType parse(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new InvalidRecordException("control record key of " + (key == null ? "null" : key.remaining() + " bytes")
                    + " is shorter than " + KEY_SIZE + " bytes");
        }
        short version = key.getShort(key.position() + KEY_VERSION_OFFSET);
        if (version < 0) {
            throw new InvalidRecordException("control record key has negative version " + version);
        }
        short type = key.getShort(key.position() + KEY_TYPE_OFFSET);
        for (ControlRecordType t : values()) {
            if (t.type == type && t != UNKNOWN) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
