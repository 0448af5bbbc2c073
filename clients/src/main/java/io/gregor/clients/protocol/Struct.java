package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The value of a message or nested struct: one slot per field of its {@link Schema}, each starting
 * at the field's default. Fields are read and written through their typed handles, the constants
 * of the schema classes: {@code request.getShort(ProduceRequest.ACKS)},
 * {@code topic.addElement(ProduceResponse.Responses.PARTITION_RESPONSES)}; a handle goes straight
 * to its slot (an identity check that it belongs to this struct's schema, then an array access).
 * Equality is deep (bytes and in-memory records by content). Not thread-safe: a Struct belongs to
 * one thread at a time.
 */
public final class Struct {
    private final Schema schema;
    private final Object[] values;
    private List<RawTaggedField> unknownTaggedFields = List.of();

    public Struct(Schema schema) {
        this(schema, true);
    }

    /** For the decoder, which fills every slot itself. */
    Struct(Schema schema, boolean fillDefaults) {
        this.schema = schema;
        this.values = new Object[schema.size()];
        if (fillDefaults) {
            for (int i = 0; i < values.length; i++) {
                values[i] = schema.field(i).newDefault();
            }
        }
    }

    public Schema schema() {
        return schema;
    }

    /**
     * The value of {@code field}; a bytes value is a duplicate view (null if null), so reading it
     * does not disturb this struct.
     *
     * @throws IllegalArgumentException if {@code field} is not a field of this struct's schema
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Field<T> field) {
        Object v = values[slot(field)];
        if (field.duplicateOnRead() && v != null) {
            return (T) ((ByteBuffer) v).duplicate();
        }
        return (T) v;
    }

    /**
     * Sets {@code field}; returns this for chaining. An unsigned value out of range is an
     * IllegalArgumentException; the list of a primitive array is copied.
     */
    public <T> Struct set(Field<T> field, T value) {
        values[slot(field)] = field.coerce(value);
        return this;
    }

    /**
     * Sets {@code field} to a value whose type is known only at run time, for generic code that
     * walks a schema's fields (fuzzers, converters): numbers are converted to the field's type and
     * every value is checked, an IllegalArgumentException if it does not fit. Code that knows its
     * field uses {@link #set}.
     */
    public Struct setValue(Field<?> field, Object value) {
        values[slot(field)] = field.coerce(value);
        return this;
    }

    public boolean getBool(Field<Boolean> field) {
        return (Boolean) values[slot(field)];
    }

    public byte getByte(Field<Byte> field) {
        return (Byte) values[slot(field)];
    }

    public short getShort(Field<Short> field) {
        return (Short) values[slot(field)];
    }

    /** int32, uint16, varint and unsigned varint fields. */
    public int getInt(Field<Integer> field) {
        return (Integer) values[slot(field)];
    }

    /** int64, uint32 and varlong fields. */
    public long getLong(Field<Long> field) {
        return (Long) values[slot(field)];
    }

    public double getDouble(Field<Double> field) {
        return (Double) values[slot(field)];
    }

    public UUID getUuid(Field<UUID> field) {
        return (UUID) values[slot(field)];
    }

    public String getString(Field<String> field) {
        return (String) values[slot(field)];
    }

    /** A bytes field as a duplicate view (null if null); reading it does not disturb this struct. */
    public ByteBuffer getBytes(Field<ByteBuffer> field) {
        return get(field);
    }

    public Records getRecords(Field<Records> field) {
        return (Records) values[slot(field)];
    }

    public Struct getStruct(Field<Struct> field) {
        return (Struct) values[slot(field)];
    }

    /** An array field; the list is this struct's own (mutable unless it was set immutable). */
    @SuppressWarnings("unchecked")
    public <E> List<E> getArray(Field<List<E>> field) {
        return (List<E>) values[slot(field)];
    }

    /** A struct-array field, for iteration: {@code for (Struct t : req.getStructs(ProduceRequest.TOPIC_DATA))}. */
    public List<Struct> getStructs(Field<List<Struct>> field) {
        return getArray(field);
    }

    /** A new all-default element for the struct-array (or struct) field {@code field}, not added. */
    public Struct newElement(Field<?> field) {
        slot(field);
        FieldType t = field.type();
        if (t instanceof ArrayOf a && a.element() instanceof StructOf s) {
            return new Struct(s.schema());
        }
        if (t instanceof StructOf s) {
            return new Struct(s.schema());
        }
        throw new IllegalArgumentException("field " + field.name() + " of " + schema.name() + " is not a struct array");
    }

    /** Appends a new all-default element to the struct-array field {@code field} and returns it. */
    public Struct addElement(Field<List<Struct>> field) {
        Struct element = newElement(field);
        int slot = field.index();
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) values[slot];
        if (list == null) {
            list = new ArrayList<>();
            values[slot] = list;
        }
        list.add(element);
        return element;
    }

    /** The slot of {@code field}, which must be a field of this struct's schema. */
    private int slot(Field<?> field) {
        if (field.owner() != schema) {
            throw new IllegalArgumentException("field " + field + " is not a field of " + schema.name()
                    + "; its fields: " + schema.fields());
        }
        return field.index();
    }

    /** Tagged fields read from the wire whose tags the schema does not declare (kept for re-writing). */
    public List<RawTaggedField> unknownTaggedFields() {
        return unknownTaggedFields;
    }

    public Struct setUnknownTaggedFields(List<RawTaggedField> fields) {
        this.unknownTaggedFields = List.copyOf(fields);
        return this;
    }

    /** Whether every field holds its default and there are no unknown tagged fields. */
    public boolean isAllDefault() {
        if (!unknownTaggedFields.isEmpty()) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!schema.field(i).isDefault(values[i])) {
                return false;
            }
        }
        return true;
    }

    Object get(int index) {
        return values[index];
    }

    /** Stores an already-typed value (the codec's path; no conversion). */
    void setRaw(int index, Object value) {
        values[index] = value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Struct other) || other.schema != schema) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!valueEquals(values[i], other.values[i])) {
                return false;
            }
        }
        return unknownTaggedFields.equals(other.unknownTaggedFields);
    }

    @Override
    public int hashCode() {
        int h = schema.name().hashCode();
        for (Object v : values) {
            h = 31 * h + valueHash(v);
        }
        return h;
    }

    static boolean valueEquals(Object a, Object b) {
        if (a instanceof MemoryRecords ra && b instanceof MemoryRecords rb) {
            return ra.buffer().equals(rb.buffer());
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!valueEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static int valueHash(Object v) {
        if (v instanceof MemoryRecords r) {
            return r.buffer().hashCode();
        }
        return Objects.hashCode(v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(schema.name()).append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(schema.field(i).name()).append('=');
            Object v = values[i];
            if (v instanceof ByteBuffer b) {
                sb.append("bytes[").append(b.remaining()).append(']');
            } else {
                sb.append(v);
            }
        }
        if (!unknownTaggedFields.isEmpty()) {
            sb.append(", unknownTaggedFields=").append(unknownTaggedFields);
        }
        return sb.append(')').toString();
    }
}
