package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.record.MemoryRecords;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one message of one version from a buffer, driven by its schema. Bytes and records values
 * are views of the input buffer (not copies). Any inconsistency raises a {@link ProtocolException}
 * naming the message, version and field path; no allocation is sized by an unchecked length.
 * Single use, single thread.
 */
final class StructDecoder {
    private final MessageSpec spec;
    private final short version;
    private final boolean flexible;
    private final ProtocolReader in;
    private Field[] path = new Field[16];
    private int depth;

    StructDecoder(MessageSpec spec, short version, ByteBuffer buf) {
        this.spec = spec;
        this.version = version;
        this.flexible = spec.isFlexible(version);
        this.in = new ProtocolReader(buf, this::context);
    }

    Struct readMessage() {
        if (!spec.validVersions().contains(version)) {
            throw new ProtocolException("Cannot read " + spec.name() + " v" + version
                    + ": version outside " + spec.validVersions());
        }
        return readStruct(spec.schema());
    }

    private String context() {
        StringBuilder sb = new StringBuilder(spec.name()).append(" v").append(version);
        if (depth > 0) {
            sb.append(" field ");
            for (int i = 0; i < depth; i++) {
                sb.append(i == 0 ? "" : ".").append(path[i].name());
            }
        }
        return sb.toString();
    }

    private void enter(Field f) {
        if (depth == path.length) {
            path = java.util.Arrays.copyOf(path, depth * 2);
        }
        path[depth++] = f;
    }

    private Struct readStruct(Schema schema) {
        Struct s = new Struct(schema, false);
        for (int i = 0; i < schema.size(); i++) {
            Field f = schema.field(i);
            if (!f.existsIn(version) || f.taggedIn(version)) {
                s.setRaw(i, f.newDefault()); // absent, or tagged and possibly overwritten below
                continue;
            }
            enter(f);
            s.setRaw(i, readValue(f, f.type()));
            depth--;
        }
        if (flexible) {
            readTaggedFields(schema, s);
        }
        return s;
    }

    private void readTaggedFields(Schema schema, Struct s) {
        int count = in.readUnsignedVarint();
        if (count < 0 || count > in.remaining()) {
            throw in.error(schema.name() + " tagged field count " + Integer.toUnsignedString(count)
                    + " exceeds the " + in.remaining() + " bytes remaining");
        }
        List<RawTaggedField> unknown = null;
        for (int n = 0; n < count; n++) {
            int tag = in.readUnsignedVarint();
            int size = in.readUnsignedVarint();
            if (size < 0) {
                throw in.error(schema.name() + " tagged field " + tag + " size " + Integer.toUnsignedString(size));
            }
            in.ensure(size);
            int index = schema.indexOfTag(tag);
            if (index < 0 || !schema.field(index).taggedIn(version)) {
                if (unknown == null) {
                    unknown = new ArrayList<>();
                }
                unknown.add(new RawTaggedField(tag, in.readByteArray(size)));
                continue;
            }
            Field f = schema.field(index);
            enter(f);
            ByteBuffer buf = in.buffer();
            int end = buf.position() + size;
            int limit = buf.limit();
            buf.limit(end);
            try {
                s.setRaw(index, readValue(f, f.type()));
                if (buf.position() != end) {
                    throw in.error("tagged field declared " + size + " bytes but used " + (size - (end - buf.position())));
                }
            } finally {
                buf.limit(limit);
            }
            depth--;
        }
        if (unknown != null) {
            s.setUnknownTaggedFields(unknown);
        }
    }

    private boolean compact(Field f) {
        return f.flexibleVersions() == null ? flexible : f.flexibleVersions().contains(version);
    }

    /** A length or count: -1 means null (only if nullable); other negatives are errors. */
    private int readLength(Field f, boolean compact, boolean wide, boolean nullable, String what) {
        int len;
        if (compact) {
            len = in.readUnsignedVarint() - 1;
            if (len < -1) { // more than Integer.MAX_VALUE + 1 on the wire
                throw in.error(what + " length out of range");
            }
        } else {
            len = wide ? in.readInt32() : in.readInt16();
        }
        if (len < -1) {
            throw in.error("negative " + what + " length " + len);
        }
        if (len == -1 && !nullable) {
            throw in.error("null " + what + " in a field not nullable in this version");
        }
        return len;
    }

    private Object readValue(Field f, FieldType type) {
        boolean nullable = f.nullableIn(version);
        if (type instanceof ArrayOf a) {
            int count = readLength(f, compact(f), true, nullable, "array");
            if (count < 0) {
                return null;
            }
            if (count > in.remaining()) {
                throw in.error("array count " + count + " exceeds the " + in.remaining() + " bytes remaining");
            }
            List<Object> list = new ArrayList<>(Math.min(count, 64));
            for (int i = 0; i < count; i++) {
                list.add(readElement(f, a.element()));
            }
            return list;
        }
        if (type instanceof StructOf s) {
            if (nullable && in.readInt8() < 0) {
                return null;
            }
            return readStruct(s.schema());
        }
        return readPrimitive(f, (Primitive) type, nullable);
    }

    private Object readElement(Field f, FieldType element) {
        if (element instanceof StructOf s) {
            return readStruct(s.schema());
        }
        if (element instanceof ArrayOf) {
            return readValue(f, element);
        }
        return readPrimitive(f, (Primitive) element, false);
    }

    private Object readPrimitive(Field f, Primitive p, boolean nullable) {
        switch (p) {
            case BOOL:
                return in.readBool();
            case INT8:
                return in.readInt8();
            case INT16:
                return in.readInt16();
            case UINT16:
                return in.readUint16();
            case INT32:
                return in.readInt32();
            case UINT32:
                return in.readUint32();
            case INT64:
                return in.readInt64();
            case VARINT:
                return in.readVarint();
            case VARLONG:
                return in.readVarlong();
            case UNSIGNED_VARINT:
                return in.readUnsignedVarint();
            case FLOAT64:
                return in.readFloat64();
            case UUID:
                return in.readUuid();
            case STRING: {
                int len = readLength(f, compact(f), false, nullable, "string");
                if (len < 0) {
                    return null;
                }
                if (len > Short.MAX_VALUE) {
                    throw in.error("string length " + len + " exceeds " + Short.MAX_VALUE);
                }
                return in.readUtf8(len);
            }
            case BYTES: {
                int len = readLength(f, compact(f), true, nullable, "bytes");
                return len < 0 ? null : in.readSlice(len);
            }
            case RECORDS: {
                int len = readLength(f, compact(f), true, nullable, "records");
                return len < 0 ? null : MemoryRecords.readableRecords(in.readSlice(len));
            }
            default:
                throw new IllegalStateException("unhandled type " + p);
        }
    }
}
