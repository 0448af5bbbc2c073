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
 * naming the message, version and field path; no allocation is sized by an unchecked length: a
 * string, bytes or records length must fit in what is left of the input, and so must an array's
 * count times the fewest bytes one of its elements can take ({@link WireMinimum}). What the result
 * holds in heap is estimated as it is built and charged to a {@link DecodeBudget}, which may stop
 * the read. Single use, single thread.
 */
final class StructDecoder {
    /** The estimate is reported to the budget whenever this much has accumulated, and at the end. */
    private static final int CHARGE_STEP = 8 * 1024;
    // Heap estimates (64-bit JVM, compressed references) of what the decoder creates.
    private static final int STRUCT_BYTES = 40;          // the Struct and its values array header
    private static final int SLOT_BYTES = 4;             // one reference in an array or list
    private static final int LIST_BYTES = 40;            // an ArrayList and its array header
    private static final int BOXED_BYTES = 16;           // an Integer, Long, Short, Double
    private static final int STRING_BYTES = 40;          // a String and its byte array header
    private static final int UUID_BYTES = 32;
    private static final int VIEW_BYTES = 56;            // a ByteBuffer slice of the input
    private static final int DEFAULT_BYTES = 64;         // an absent array or struct's default

    private final MessageSpec spec;
    private final short version;
    private final boolean flexible;
    private final ProtocolReader in;
    private final DecodeBudget budget;
    private Field<?>[] path = new Field<?>[16];
    private int depth;
    private long uncharged; // estimated heap of the result not yet reported to the budget

    StructDecoder(MessageSpec spec, short version, ByteBuffer buf, DecodeBudget budget) {
        this.spec = spec;
        this.version = version;
        this.flexible = spec.isFlexible(version);
        this.in = new ProtocolReader(buf, this::context);
        this.budget = budget;
    }

    Struct readMessage() {
        if (!spec.validVersions().contains(version)) {
            throw new ProtocolException("Cannot read " + spec.name() + " v" + version
                    + ": version outside " + spec.validVersions());
        }
        Struct message = readStruct(spec.schema());
        reportHeld();
        return message;
    }

    /**
     * What a decoded struct of {@code schema} in {@code version} holds besides string characters
     * and array elements: itself, its slots, its boxed values, string and view headers, and the
     * defaults of absent arrays and structs. Computed once per version ({@link Schema.VersionPlan}).
     */
    static int heapEstimate(Schema schema, short version, java.util.List<Integer> regular, java.util.List<Integer> others) {
        int bytes = STRUCT_BYTES + SLOT_BYTES * schema.size();
        for (int i : regular) {
            if (schema.field(i).type() instanceof Primitive p) {
                bytes += valueBytes(p);
            }
        }
        for (int i : others) {
            if (!(schema.field(i).type() instanceof Primitive)) {
                bytes += DEFAULT_BYTES;
            }
        }
        return bytes;
    }

    /** The heap a decoded value of {@code p} holds besides string characters. */
    private static int valueBytes(Primitive p) {
        return switch (p) {
            case BOOL, INT8 -> 0; // Boolean and Byte values are all cached
            case UUID -> UUID_BYTES;
            case STRING -> STRING_BYTES;
            case BYTES -> VIEW_BYTES;
            case RECORDS -> VIEW_BYTES + BOXED_BYTES;
            default -> BOXED_BYTES;
        };
    }

    private void hold(long bytes) {
        uncharged += bytes;
        if (uncharged >= CHARGE_STEP) {
            reportHeld();
        }
    }

    private void reportHeld() {
        long bytes = uncharged;
        uncharged = 0;
        try {
            budget.charge(bytes);
        } catch (ProtocolException e) {
            throw in.error(e.getMessage());
        }
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

    private void enter(Field<?> f) {
        if (depth == path.length) {
            path = java.util.Arrays.copyOf(path, depth * 2);
        }
        path[depth++] = f;
    }

    private Struct readStruct(Schema schema) {
        Struct s = new Struct(schema, false);
        Schema.VersionPlan plan = schema.plan(version);
        hold(plan.heapEstimate());
        for (int i : plan.others()) {
            s.setRaw(i, schema.field(i).newDefault()); // absent, or tagged and possibly read below
        }
        for (int i : plan.regular()) {
            Field<?> f = schema.field(i);
            enter(f);
            s.setRaw(i, readValue(f, f.type(), plan.elementMinWire(i, flexible)));
            depth--;
        }
        if (flexible) {
            readTaggedFields(schema, s);
        }
        return s;
    }

    private void readTaggedFields(Schema schema, Struct s) {
        int count = in.readUnsignedVarint();
        if (count < 0 || 2L * count > in.remaining()) { // each tagged field takes a tag and a size
            throw in.error(schema.name() + " tagged field count " + Integer.toUnsignedString(count)
                    + " cannot fit in the " + in.remaining() + " bytes remaining");
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
                hold(STRUCT_BYTES + STRING_BYTES + size);
                unknown.add(new RawTaggedField(tag, in.readByteArray(size)));
                continue;
            }
            Field<?> f = schema.field(index);
            enter(f);
            if (f.type() instanceof Primitive p) {
                hold(valueBytes(p));
            }
            ByteBuffer buf = in.buffer();
            int end = buf.position() + size;
            int limit = buf.limit();
            buf.limit(end);
            try {
                s.setRaw(index, readValue(f, f.type(), schema.plan(version).elementMinWire(index, flexible)));
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

    private boolean compact(Field<?> f) {
        return f.flexibleVersions() == null ? flexible : f.flexibleVersions().contains(version);
    }

    /** A length or count: -1 means null (only if nullable); other negatives are errors. */
    private int readLength(Field<?> f, boolean compact, boolean wide, boolean nullable, String what) {
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

    /** Reads a value of {@code type}; {@code elementMinWire}: the smallest size of one element, if an array. */
    private Object readValue(Field<?> f, FieldType type, int elementMinWire) {
        boolean nullable = f.nullableIn(version);
        if (type instanceof ArrayOf a) {
            int count = readLength(f, compact(f), true, nullable, "array");
            if (count < 0) {
                return null;
            }
            admitArray(count, elementMinWire, a.element());
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

    /**
     * Refuses an array of {@code count} elements that cannot fit in what is left of the input,
     * before anything is allocated for it, and charges the list (structs count themselves).
     */
    private void admitArray(int count, int elementBytes, FieldType element) {
        if ((long) count * Math.max(1, elementBytes) > in.remaining()) {
            throw in.error("array count " + count + " of elements of at least " + elementBytes
                    + " bytes exceeds the " + in.remaining() + " bytes remaining");
        }
        long perElement = SLOT_BYTES * 3 / 2 // a list grows by half
                + (element instanceof Primitive p ? valueBytes(p) : 0);
        hold(LIST_BYTES + perElement * count);
    }


    private Object readElement(Field<?> f, FieldType element) {
        if (element instanceof StructOf s) {
            return readStruct(s.schema());
        }
        if (element instanceof ArrayOf) {
            return readValue(f, element, WireMinimum.ofElement(f, ((ArrayOf) element).element(), version, flexible));
        }
        return readPrimitive(f, (Primitive) element, false);
    }

    /** Values are charged by their struct or array ({@link #heapEstimate}); only string characters here. */
    private Object readPrimitive(Field<?> f, Primitive p, boolean nullable) {
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
                in.ensure(len);
                hold(len);
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
