package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.record.Records;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One field of a {@link Schema}: its name, wire type, the versions in which it exists, those in
 * which it may be null, its tag (for tagged fields, else -1) and tagged versions, and its default.
 * Immutable; the {@code with...} methods return modified copies, which is how {@link SchemaDsl}
 * declarations read.
 *
 * <p>Defaults follow Kafka's specs: numbers 0, bool false, string "", bytes empty, uuid zero,
 * records null, arrays empty, structs all-default, unless {@link #withDefault} says otherwise
 * ({@code withDefault(null)} for a nullable field defaulting to null). A field absent from a
 * version reads as its default; a tagged field is written only when it differs from its default.
 *
 * @param flexibleVersions null to follow the message's flexible versions; otherwise overrides them
 *                         for this field's own encoding (Kafka's request header ClientId: "none")
 */
public record Field(String name, FieldType type, Versions versions, Versions nullableVersions,
                    int tag, Versions taggedVersions, boolean defaultNull, Object defaultValue,
                    Versions flexibleVersions) {

    /** The UUID Kafka uses as "no id": all zero bits. */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);
    private static final ByteBuffer EMPTY_BYTES = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public Field {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("field name missing");
        }
        if (tag >= 0 && taggedVersions.isEmpty()) {
            throw new IllegalArgumentException("tagged field " + name + " needs tagged versions");
        }
    }

    /** A field of {@code type} existing in {@code versions}, with the type's natural default. */
    public static Field of(String name, FieldType type, Versions versions) {
        return new Field(name, type, versions, Versions.NONE, -1, Versions.NONE,
                type == Primitive.RECORDS, naturalDefault(type), null);
    }

    public Field withNullableVersions(Versions nullable) {
        if (!nullable.isEmpty() && type instanceof Primitive p && !p.canBeNull()) {
            throw new IllegalArgumentException("field " + name + " of type " + type + " cannot be nullable");
        }
        return new Field(name, type, versions, nullable, tag, taggedVersions, defaultNull, defaultValue, flexibleVersions);
    }

    public Field withTag(int newTag, Versions tagged) {
        return new Field(name, type, versions, nullableVersions, newTag, tagged, defaultNull, defaultValue, flexibleVersions);
    }

    /** Sets the default; null means "defaults to null" (the field must be nullable in some version). */
    public Field withDefault(Object value) {
        if (value == null) {
            return new Field(name, type, versions, nullableVersions, tag, taggedVersions, true, null, flexibleVersions);
        }
        if (!(type instanceof Primitive)) {
            throw new IllegalArgumentException("field " + name + ": only null can be declared as default of " + type);
        }
        return new Field(name, type, versions, nullableVersions, tag, taggedVersions, false, coerce(value), flexibleVersions);
    }

    public Field withFlexibleVersions(Versions flexible) {
        return new Field(name, type, versions, nullableVersions, tag, taggedVersions, defaultNull, defaultValue, flexible);
    }

    /** DSL form of {@link #withNullableVersions}: {@code .nullable("1+")}. */
    public Field nullable(String versionRange) {
        return withNullableVersions(Versions.parse(versionRange));
    }

    /** DSL form of {@link #withTag}: {@code .tagged(0, "3+")}. */
    public Field tagged(int newTag, String taggedVersionRange) {
        return withTag(newTag, Versions.parse(taggedVersionRange));
    }

    /** DSL form of {@link #withFlexibleVersions}: {@code .flexible("none")}. */
    public Field flexible(String versionRange) {
        return withFlexibleVersions(Versions.parse(versionRange));
    }

    public boolean isTagged() {
        return tag >= 0;
    }

    /** Whether the field is on the wire in {@code version} (as a regular or a tagged field). */
    public boolean existsIn(short version) {
        return versions.contains(version);
    }

    public boolean taggedIn(short version) {
        return tag >= 0 && taggedVersions.contains(version);
    }

    public boolean nullableIn(short version) {
        return nullableVersions.contains(version);
    }

    /** A fresh default value (arrays and structs are new mutable instances). */
    public Object newDefault() {
        if (defaultNull) {
            return null;
        }
        if (type instanceof ArrayOf) {
            return new ArrayList<>();
        }
        if (type instanceof StructOf s) {
            return new Struct(s.schema());
        }
        return defaultValue;
    }

    /** Whether {@code value} equals this field's default (used to skip tagged fields). */
    public boolean isDefault(Object value) {
        if (defaultNull || value == null) {
            return value == null && defaultNull;
        }
        if (type instanceof ArrayOf) {
            return ((List<?>) value).isEmpty();
        }
        if (type instanceof StructOf) {
            return ((Struct) value).isAllDefault();
        }
        return defaultValue.equals(value);
    }

    /**
     * Converts {@code value} to this field's Java class: any {@link Number} in range for numeric
     * types, {@code byte[]} or ByteBuffer for bytes, a List (elements converted) for arrays.
     *
     * @throws IllegalArgumentException if the value does not fit the type
     */
    public Object coerce(Object value) {
        if (value == null) {
            return null;
        }
        return coerce(type, value);
    }

    private Object coerce(FieldType t, Object value) {
        if (t instanceof ArrayOf a) {
            if (!(value instanceof List<?> list)) {
                throw mismatch(value);
            }
            if (a.element() instanceof StructOf s) {
                for (Object o : list) {
                    if (!(o instanceof Struct st) || st.schema() != s.schema()) {
                        throw mismatch(o);
                    }
                }
                return list;
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o == null ? null : coerce(a.element(), o));
            }
            return out;
        }
        if (t instanceof StructOf s) {
            if (value instanceof Struct st && st.schema() == s.schema()) {
                return st;
            }
            throw mismatch(value);
        }
        Primitive p = (Primitive) t;
        switch (p) {
            case BOOL:
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            case INT8:
                return (byte) integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT16:
                return (int) integral(value, 0, 0xFFFF);
            case INT32, VARINT, UNSIGNED_VARINT:
                return (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT32:
                return integral(value, 0, 0xFFFFFFFFL);
            case INT64, VARLONG:
                return integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT64:
                if (value instanceof Number n) {
                    return n.doubleValue();
                }
                break;
            case UUID:
                if (value instanceof UUID) {
                    return value;
                }
                break;
            case STRING:
                if (value instanceof String) {
                    return value;
                }
                break;
            case BYTES:
                if (value instanceof byte[] b) {
                    return ByteBuffer.wrap(b);
                }
                if (value instanceof ByteBuffer) {
                    return value;
                }
                break;
            case RECORDS:
                if (value instanceof Records) {
                    return value;
                }
                break;
        }
        throw mismatch(value);
    }

    private long integral(Object value, long min, long max) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            if (v < min || v > max) {
                throw new IllegalArgumentException("field " + name + " (" + type + "): " + v + " out of range");
            }
            return v;
        }
        throw mismatch(value);
    }

    private IllegalArgumentException mismatch(Object value) {
        return new IllegalArgumentException("field " + name + " (" + type + ") cannot hold "
                + value.getClass().getSimpleName() + " " + value);
    }

    private static Object naturalDefault(FieldType type) {
        if (!(type instanceof Primitive p)) {
            return null;
        }
        return switch (p) {
            case BOOL -> Boolean.FALSE;
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case UINT16, INT32, VARINT, UNSIGNED_VARINT -> 0;
            case UINT32, INT64, VARLONG -> 0L;
            case FLOAT64 -> 0.0d;
            case UUID -> ZERO_UUID;
            case STRING -> "";
            case BYTES -> EMPTY_BYTES;
            case RECORDS -> null;
        };
    }

    @Override
    public String toString() {
        return name + ":" + type + "@" + versions;
    }
}
