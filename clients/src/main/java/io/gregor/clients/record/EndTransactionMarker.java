package io.gregor.clients.record;

import java.nio.ByteBuffer;

/**
 * The commit or abort marker a transaction coordinator writes into each partition a transaction
 * touched: a control record whose key names the type and whose value is version (int16, 0)
 * followed by the coordinator epoch (int32).
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    public static final short CURRENT_VERSION = 0;
    public static final int VALUE_SIZE = 6;

    public EndTransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("an end transaction marker is COMMIT or ABORT, not " + type);
        }
    }

    public ByteBuffer value() {
        ByteBuffer b = ByteBuffer.allocate(VALUE_SIZE);
        b.putShort(CURRENT_VERSION).putInt(coordinatorEpoch).flip();
        return b;
    }

    /** Reads the marker of a control record; fails unless it is a COMMIT or ABORT marker. */
    public static EndTransactionMarker read(Record record) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        ByteBuffer value = record.value();
        if (value == null || value.remaining() < VALUE_SIZE) {
            throw new InvalidRecordException("end transaction marker at offset " + record.offset() + " has a value of "
                    + (value == null ? "null" : value.remaining() + " bytes") + ", expected at least " + VALUE_SIZE);
        }
        short version = value.getShort(value.position());
        if (version < 0) {
            throw new InvalidRecordException("end transaction marker at offset " + record.offset() + " has negative version " + version);
        }
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new InvalidRecordException("control record at offset " + record.offset() + " is " + type + ", not a transaction marker");
        }
        return new EndTransactionMarker(type, value.getInt(value.position() + 2));
    }
}
