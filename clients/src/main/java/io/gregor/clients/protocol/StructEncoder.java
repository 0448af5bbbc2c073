package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.record.Records;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * Sizes and writes one message of one version, driven by its schema: fields absent from the
 * version are skipped, tagged fields go in ascending tag order (merged with unknown tagged fields
 * kept from reading) and only when they differ from their default. A null where the version does
 * not allow one, or a string too long for its length prefix, raises a {@link ProtocolException}.
 */
final class StructEncoder {
    private final MessageSpec spec;
    private final short version;
    private final boolean flexible;
    private long recordBytes;

    StructEncoder(MessageSpec spec, short version) {
        if (!spec.validVersions().contains(version)) {
            throw new ProtocolException("Cannot write " + spec.name() + " v" + version + ": version outside "
                    + spec.validVersions());
        }
        this.spec = spec;
        this.version = version;
        this.flexible = spec.isFlexible(version);
    }

    /** Exact encoded size of {@code message}, records payloads included. */
    int size(Struct message) {
        checkSchema(message);
        return sizeOfStruct(message);
    }

    EncodedMessage encode(Struct message) {
        checkSchema(message);
        recordBytes = 0;
        int total = sizeOfStruct(message);
        ProtocolWriter out = new ProtocolWriter(Math.toIntExact(total - recordBytes));
        writeStruct(message, out);
        return out.finish();
    }

    private void checkSchema(Struct message) {
        if (message.schema() != spec.schema()) {
            throw new IllegalArgumentException("a " + message.schema().name() + " is not a " + spec.name());
        }
    }

    private ProtocolException error(Field<?> f, String detail) {
        return new ProtocolException("Cannot write " + spec.name() + " v" + version + " field " + f.name() + ": " + detail);
    }

    private boolean compact(Field<?> f) {
        return f.flexibleVersions() == null ? flexible : f.flexibleVersions().contains(version);
    }

    // ---- sizing

    private int sizeOfStruct(Struct s) {
        Schema schema = s.schema();
        Schema.VersionPlan plan = schema.plan(version);
        int size = plan.fixedSize();
        for (int i : plan.variable()) {
            Field<?> f = schema.field(i);
            size += sizeOfValue(f, f.type(), s.get(i));
        }
        if (flexible) {
            int count = 0;
            int tagged = 0;
            for (int i : plan.tagged()) {
                Field<?> f = schema.field(i);
                Object v = s.get(i);
                if (!f.isDefault(v)) {
                    int inner = sizeOfValue(f, f.type(), v);
                    tagged += ProtocolWriter.sizeOfUnsignedVarint(f.tag()) + ProtocolWriter.sizeOfUnsignedVarint(inner) + inner;
                    count++;
                }
            }
            for (RawTaggedField raw : s.unknownTaggedFields()) {
                tagged += ProtocolWriter.sizeOfUnsignedVarint(raw.tag())
                        + ProtocolWriter.sizeOfUnsignedVarint(raw.data().length) + raw.data().length;
                count++;
            }
            size += ProtocolWriter.sizeOfUnsignedVarint(count) + tagged;
        }
        return size;
    }

    private int sizeOfLength(Field<?> f, int length, boolean wide) {
        if (compact(f)) {
            return ProtocolWriter.sizeOfUnsignedVarint(length + 1);
        }
        return wide ? 4 : 2;
    }

    private int sizeOfValue(Field<?> f, FieldType type, Object value) {
        if (value == null) {
            if (!f.nullableIn(version)) {
                throw error(f, "null, but not nullable in this version");
            }
            if (type instanceof StructOf) {
                return 1;
            }
            return sizeOfLength(f, -1, type != Primitive.STRING);
        }
        if (type instanceof ArrayOf a) {
            List<?> list = (List<?>) value;
            int size = sizeOfLength(f, list.size(), true);
            int fixed = a.element() instanceof Primitive p ? p.fixedSize() : -1;
            if (fixed > 0) {
                return size + fixed * list.size(); // null elements are caught when writing
            }
            for (Object e : list) {
                size += sizeOfElement(f, a.element(), e);
            }
            return size;
        }
        if (type instanceof StructOf) {
            return (f.nullableIn(version) ? 1 : 0) + sizeOfStruct((Struct) value);
        }
        return sizeOfPrimitive(f, (Primitive) type, value);
    }

    private int sizeOfElement(Field<?> f, FieldType element, Object e) {
        if (e == null) {
            throw error(f, "null array element");
        }
        if (element instanceof StructOf) {
            return sizeOfStruct((Struct) e);
        }
        if (element instanceof ArrayOf) {
            return sizeOfValue(f, element, e);
        }
        return sizeOfPrimitive(f, (Primitive) element, e);
    }

    private int sizeOfPrimitive(Field<?> f, Primitive p, Object v) {
        return switch (p) {
            case BOOL, INT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32 -> 4;
            case INT64, FLOAT64 -> 8;
            case UUID -> 16;
            case VARINT -> ProtocolWriter.sizeOfVarint((Integer) v);
            case VARLONG -> ProtocolWriter.sizeOfVarlong((Long) v);
            case UNSIGNED_VARINT -> ProtocolWriter.sizeOfUnsignedVarint((Integer) v);
            case STRING -> {
                int len = ProtocolWriter.utf8Length((String) v);
                if (len > Short.MAX_VALUE) {
                    throw error(f, "string of " + len + " bytes exceeds " + Short.MAX_VALUE);
                }
                yield sizeOfLength(f, len, false) + len;
            }
            case BYTES -> {
                int len = ((ByteBuffer) v).remaining();
                yield sizeOfLength(f, len, true) + len;
            }
            case RECORDS -> {
                int len = ((Records) v).sizeInBytes();
                recordBytes += len;
                yield sizeOfLength(f, len, true) + len;
            }
        };
    }

    // ---- writing

    private void writeStruct(Struct s, ProtocolWriter out) {
        Schema schema = s.schema();
        Schema.VersionPlan plan = schema.plan(version);
        for (int i : plan.regular()) {
            Field<?> f = schema.field(i);
            writeValue(f, f.type(), s.get(i), out);
        }
        if (!flexible) {
            return;
        }
        List<RawTaggedField> unknown = s.unknownTaggedFields();
        int count = unknown.size();
        for (int i : plan.tagged()) {
            if (!schema.field(i).isDefault(s.get(i))) {
                count++;
            }
        }
        out.writeUnsignedVarint(count);
        int u = 0;
        for (int i : plan.tagged()) {
            Field<?> f = schema.field(i);
            Object v = s.get(i);
            if (f.isDefault(v)) {
                continue;
            }
            while (u < unknown.size() && unknown.get(u).tag() < f.tag()) {
                writeRaw(unknown.get(u++), out);
            }
            out.writeUnsignedVarint(f.tag());
            long before = recordBytes;
            out.writeUnsignedVarint(sizeOfValue(f, f.type(), v));
            recordBytes = before;
            writeValue(f, f.type(), v, out);
        }
        while (u < unknown.size()) {
            writeRaw(unknown.get(u++), out);
        }
    }

    private static void writeRaw(RawTaggedField raw, ProtocolWriter out) {
        out.writeUnsignedVarint(raw.tag());
        out.writeUnsignedVarint(raw.data().length);
        out.writeBytes(raw.data());
    }

    private void writeLength(Field<?> f, int length, boolean wide, ProtocolWriter out) {
        if (compact(f)) {
            out.writeUnsignedVarint(length + 1);
        } else if (wide) {
            out.writeInt32(length);
        } else {
            out.writeInt16((short) length);
        }
    }

    private void writeValue(Field<?> f, FieldType type, Object value, ProtocolWriter out) {
        if (value == null) {
            if (type instanceof StructOf) {
                out.writeInt8((byte) -1);
            } else {
                writeLength(f, -1, type != Primitive.STRING, out);
            }
            return;
        }
        if (type instanceof ArrayOf a) {
            List<?> list = (List<?>) value;
            writeLength(f, list.size(), true, out);
            FieldType element = a.element();
            if (element instanceof StructOf) {
                for (Object e : list) {
                    writeStruct((Struct) e, out);
                }
            } else if (element instanceof Primitive p) {
                for (Object e : list) {
                    if (e == null) {
                        throw error(f, "null array element");
                    }
                    writePrimitive(f, p, e, out);
                }
            } else {
                for (Object e : list) {
                    writeValue(f, element, e, out);
                }
            }
            return;
        }
        if (type instanceof StructOf) {
            if (f.nullableIn(version)) {
                out.writeInt8((byte) 1);
            }
            writeStruct((Struct) value, out);
            return;
        }
        writePrimitive(f, (Primitive) type, value, out);
    }

    private void writePrimitive(Field<?> f, Primitive p, Object v, ProtocolWriter out) {
        switch (p) {
            case BOOL -> out.writeInt8((byte) ((Boolean) v ? 1 : 0));
            case INT8 -> out.writeInt8((Byte) v);
            case INT16 -> out.writeInt16((Short) v);
            case UINT16 -> out.writeInt16((short) (int) (Integer) v);
            case INT32 -> out.writeInt32((Integer) v);
            case UINT32 -> out.writeInt32((int) (long) (Long) v);
            case INT64 -> out.writeInt64((Long) v);
            case VARINT -> out.writeVarint((Integer) v);
            case VARLONG -> out.writeVarlong((Long) v);
            case UNSIGNED_VARINT -> out.writeUnsignedVarint((Integer) v);
            case FLOAT64 -> out.writeFloat64((Double) v);
            case UUID -> out.writeUuid((UUID) v);
            case STRING -> {
                String s = (String) v;
                int length = ProtocolWriter.utf8Length(s);
                writeLength(f, length, false, out);
                if (length == s.length()) {
                    out.writeAscii(s);
                } else {
                    out.writeUtf8(s);
                }
            }
            case BYTES -> {
                ByteBuffer b = (ByteBuffer) v;
                writeLength(f, b.remaining(), true, out);
                out.writeBytes(b);
            }
            case RECORDS -> {
                Records r = (Records) v;
                writeLength(f, r.sizeInBytes(), true, out);
                out.writeRecords(r);
            }
        }
    }
}
