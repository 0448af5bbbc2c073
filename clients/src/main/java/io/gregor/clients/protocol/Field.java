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
 * One field of a {@link Schema}, and the typed handle through which a {@link Struct} of that schema
 * is read and written: {@code request.getShort(ProduceRequest.ACKS)},
 * {@code response.set(ProduceResponse.THROTTLE_TIME_MS, 0)}. A field holds its name, wire type, the
 * versions in which it exists, those in which it may be null, its tag (for tagged fields, else -1)
 * and tagged versions, its default, and a short note on what it means ({@link #about}).
 * {@code T} is the Java class of its values ({@link FieldType.Primitive} lists them; arrays are
 * {@code List}, nested structs {@link Struct}).
 *
 * <p>The declaration is the handle: the {@link Schema} a field is declared in binds it once to its
 * slot (its index in that schema), so that access through the handle is an array access with an
 * identity check, never a lookup by name. A field belongs to exactly one schema; using it on a
 * struct of another schema is an {@link IllegalArgumentException}. The {@code with...} refinements
 * return unbound copies, which is how {@link SchemaDsl} declarations read; immutable once bound.
 *
 * <p>Defaults follow Kafka's specs: numbers 0, bool false, string "", bytes empty, uuid zero,
 * records null, arrays empty, structs all-default, unless {@link #withDefault} says otherwise
 * ({@code withDefault(null)} for a nullable field defaulting to null). A field absent from a
 * version reads as its default; a tagged field is written only when it differs from its default.
 *
 * @param <T> the Java class of the field's values
 */
public final class Field<T> {

    /** The UUID Kafka uses as "no id": all zero bits. */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);
    /** The name Kafka's messages give their error-code fields ({@link #isErrorCode}). */
    static final String ERROR_CODE = "ErrorCode";
    private static final ByteBuffer EMPTY_BYTES = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final String name;
    private final FieldType type;
    private final Versions versions;
    private final Versions nullableVersions;
    private final int tag;
    private final Versions taggedVersions;
    private final boolean defaultNull;
    private final Object defaultValue;
    private final Versions flexibleVersions;
    private final String about;
    private final boolean bytes;
    // set once, by the Schema that declares this field, before the field is published
    private Schema owner;
    private int index = -1;

    /**
     * @param flexibleVersions null to follow the message's flexible versions; otherwise overrides them
     *                         for this field's own encoding (Kafka's request header ClientId: "none")
     */
    private Field(String name, FieldType type, Versions versions, Versions nullableVersions, int tag,
                  Versions taggedVersions, boolean defaultNull, Object defaultValue, Versions flexibleVersions,
                  String about) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("field name missing");
        }
        if (tag >= 0 && taggedVersions.isEmpty()) {
            throw new IllegalArgumentException("tagged field " + name + " needs tagged versions");
        }
        this.name = name;
        this.type = type;
        this.versions = versions;
        this.nullableVersions = nullableVersions;
        this.tag = tag;
        this.taggedVersions = taggedVersions;
        this.defaultNull = defaultNull;
        this.defaultValue = defaultValue;
        this.flexibleVersions = flexibleVersions;
        this.about = about;
        this.bytes = type == Primitive.BYTES;
    }

    /** A field of {@code type} existing in {@code versions}, with the type's natural default. */
    public static <T> Field<T> of(String name, ValueType<T> type, Versions versions) {
        return new Field<>(name, type.wire(), versions, Versions.NONE, -1, Versions.NONE,
                type.wire() == Primitive.RECORDS, naturalDefault(type.wire()), null, "");
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    /**
     * Whether this is one of Kafka's error codes: an int16 field named ErrorCode, at any depth of a
     * response (the message's own, a topic's, a partition's). For code that treats every API alike
     * (error responses, ErrorsPerSec); a handler of one API uses its own field's handle.
     */
    public boolean isErrorCode() {
        return type == Primitive.INT16 && ERROR_CODE.equals(name);
    }

    public Versions versions() {
        return versions;
    }

    public Versions nullableVersions() {
        return nullableVersions;
    }

    /** The tag of a tagged field, else -1. */
    public int tag() {
        return tag;
    }

    public Versions taggedVersions() {
        return taggedVersions;
    }

    /** Whether the default is null. */
    public boolean defaultNull() {
        return defaultNull;
    }

    /** The default of a primitive field (null for arrays and structs, whose defaults are fresh). */
    public Object defaultValue() {
        return defaultValue;
    }

    /** Null to follow the message's flexible versions, else this field's own. */
    public Versions flexibleVersions() {
        return flexibleVersions;
    }

    /** What the field means and how it changed across versions (Kafka's "about" and version notes). */
    public String about() {
        return about;
    }

    /** The schema this field is declared in, or null before it is placed in one. */
    public Schema owner() {
        return owner;
    }

    /** This field's slot in its schema, or -1 before it is placed in one. */
    public int index() {
        return index;
    }

    /** Called once by the declaring schema. */
    void bind(Schema schema, int slot) {
        if (owner != null) {
            throw new IllegalArgumentException("field " + name + " is already declared in struct " + owner.name()
                    + "; declare a new field for struct " + schema.name());
        }
        owner = schema;
        index = slot;
    }

    /** Whether reads hand out a duplicate view (bytes fields), so that reading never disturbs a struct. */
    boolean duplicateOnRead() {
        return bytes;
    }

    public Field<T> withNullableVersions(Versions nullable) {
        if (!nullable.isEmpty() && type instanceof Primitive p && !p.canBeNull()) {
            throw new IllegalArgumentException("field " + name + " of type " + type + " cannot be nullable");
        }
        return new Field<>(name, type, versions, nullable, tag, taggedVersions, defaultNull, defaultValue,
                flexibleVersions, about);
    }

    public Field<T> withTag(int newTag, Versions tagged) {
        return new Field<>(name, type, versions, nullableVersions, newTag, tagged, defaultNull, defaultValue,
                flexibleVersions, about);
    }

    /**
     * Sets the default (numbers are converted to the field's type); null means "defaults to null"
     * (the field must be nullable in some version).
     */
    public Field<T> withDefault(Object value) {
        if (value == null) {
            return new Field<>(name, type, versions, nullableVersions, tag, taggedVersions, true, null,
                    flexibleVersions, about);
        }
        if (!(type instanceof Primitive)) {
            throw new IllegalArgumentException("field " + name + ": only null can be declared as default of " + type);
        }
        return new Field<>(name, type, versions, nullableVersions, tag, taggedVersions, false, coerce(value),
                flexibleVersions, about);
    }

    public Field<T> withFlexibleVersions(Versions flexible) {
        return new Field<>(name, type, versions, nullableVersions, tag, taggedVersions, defaultNull, defaultValue,
                flexible, about);
    }

    /** DSL form of {@link #withNullableVersions}: {@code .nullable("1+")}. */
    public Field<T> nullable(String versionRange) {
        return withNullableVersions(Versions.parse(versionRange));
    }

    /** DSL form of {@link #withTag}: {@code .tagged(0, "3+")}. */
    public Field<T> tagged(int newTag, String taggedVersionRange) {
        return withTag(newTag, Versions.parse(taggedVersionRange));
    }

    /** DSL form of {@link #withFlexibleVersions}: {@code .flexible("none")}. */
    public Field<T> flexible(String versionRange) {
        return withFlexibleVersions(Versions.parse(versionRange));
    }

    /** A note on what the field means and in which versions it changed; documentation only. */
    public Field<T> about(String note) {
        return new Field<>(name, type, versions, nullableVersions, tag, taggedVersions, defaultNull, defaultValue,
                flexibleVersions, note);
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
        if (type instanceof Primitive p && p.holdsAsIs(value)) {
            return value;
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
        return owner == null ? name + ":" + type + "@" + versions
                : owner.name() + "." + name + ":" + type + "@" + versions;
    }
}
