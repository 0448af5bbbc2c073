package io.gregor.clients.record;

import java.nio.ByteBuffer;

/**
 * The commit or abort marker a transaction coordinator writes into each partition a transaction
 * touched: the one record of a transactional control batch (see {@link ControlRecordType} for the
 * batch and the key, which names COMMIT or ABORT). The value has this fixed layout (big-endian):
 * <pre>
 * field              type    offset  length
 * version            INT16        0       2   0; a reader accepts any version that is not negative
 * coordinatorEpoch   INT32        2       4   epoch of the coordinator that wrote the marker
 * </pre>
 * A later version may add fields after these; a reader reads the ones it knows.
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    public static final short CURRENT_VERSION = 0;
    public static final int VERSION_OFFSET = 0;
    public static final int VERSION_LENGTH = 2;
    public static final int COORDINATOR_EPOCH_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    public static final int COORDINATOR_EPOCH_LENGTH = 4;
    public static final int VALUE_SIZE = COORDINATOR_EPOCH_OFFSET + COORDINATOR_EPOCH_LENGTH;

    public EndTransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("an end transaction marker is COMMIT or ABORT, not " + type);
        }
    }

    public ByteBuffer value() {
        ByteBuffer b = ByteBuffer.allocate(VALUE_SIZE);
        b.putShort(VERSION_OFFSET, CURRENT_VERSION).putInt(COORDINATOR_EPOCH_OFFSET, coordinatorEpoch);
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
        short version = value.getShort(value.position() + VERSION_OFFSET);
        if (version < 0) {
            throw new InvalidRecordException("end transaction marker at offset " + record.offset() + " has negative version " + version);
        }
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new InvalidRecordException("control record at offset " + record.offset() + " is " + type + ", not a transaction marker");
        }
        return new EndTransactionMarker(type, value.getInt(value.position() + COORDINATOR_EPOCH_OFFSET));
    }
}
