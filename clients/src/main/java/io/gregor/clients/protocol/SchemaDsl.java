package io.gregor.clients.protocol;

import io.gregor.clients.record.Records;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The vocabulary schema files are written in ({@code import static ...SchemaDsl.*}). Every field
 * is a typed constant, declared once in the class of the struct it belongs to:
 * {@code public static final Field<Short> ACKS = field("Acks", INT16, "0+")}; arrays of structs
 * and nested structs name the struct's own class, {@code array("TopicData", "0+", TopicData.SCHEMA)},
 * {@code struct("CurrentLeader", "10+", CurrentLeader.SCHEMA)}; a struct is
 * {@code structType("TopicData", NAME, PARTITION_DATA)} and a message
 * {@code request(apiKey, name, validVersions, flexibleVersions, fields...)} (or {@code response}).
 * Fields are refined with {@code .nullable("1+")}, {@code .tagged(tag, "3+")},
 * {@code .withDefault(-1)} and documented with {@code .about("...")}. Version ranges are written as
 * in Kafka's specs: "0+", "3-5", "7", "none". See SCHEMAS-HOWTO.md.
 */
public final class SchemaDsl {
    public static final ValueType<Boolean> BOOL = ValueType.BOOL;
    public static final ValueType<Byte> INT8 = ValueType.INT8;
    public static final ValueType<Short> INT16 = ValueType.INT16;
    public static final ValueType<Integer> UINT16 = ValueType.UINT16;
    public static final ValueType<Integer> INT32 = ValueType.INT32;
    public static final ValueType<Long> UINT32 = ValueType.UINT32;
    public static final ValueType<Long> INT64 = ValueType.INT64;
    public static final ValueType<Integer> VARINT = ValueType.VARINT;
    public static final ValueType<Long> VARLONG = ValueType.VARLONG;
    public static final ValueType<Integer> UNSIGNED_VARINT = ValueType.UNSIGNED_VARINT;
    public static final ValueType<Double> FLOAT64 = ValueType.FLOAT64;
    public static final ValueType<UUID> UUID = ValueType.UUID;
    public static final ValueType<String> STRING = ValueType.STRING;
    public static final ValueType<ByteBuffer> BYTES = ValueType.BYTES;
    public static final ValueType<Records> RECORDS = ValueType.RECORDS;

    private SchemaDsl() {
    }

    /** A field of a primitive or array type: {@code field("Topics", arrayOf(STRING), "0+")}. */
    public static <T> Field<T> field(String name, ValueType<T> type, String versions) {
        return Field.of(name, type, Versions.parse(versions));
    }

    /** An array of structs of {@code element} (the element struct's own {@code SCHEMA}). */
    public static Field<List<Struct>> array(String name, String versions, Schema element) {
        return field(name, arrayOf(element), versions);
    }

    /**
     * An array of structs declared inline, named {@code name}; its element fields are reachable
     * only through the variables they were declared in (for tests and one-off schemas).
     */
    public static Field<List<Struct>> array(String name, String versions, Field<?>... elementFields) {
        return array(name, versions, structType(name, elementFields));
    }

    /** A single nested struct (Kafka's non-array struct type) of {@code schema}. */
    public static Field<Struct> struct(String name, String versions, Schema schema) {
        return field(name, structOf(schema), versions);
    }

    /** A single nested struct declared inline (for tests and one-off schemas). */
    public static Field<Struct> struct(String name, String versions, Field<?>... fields) {
        return struct(name, versions, structType(name, fields));
    }

    /**
     * A struct type: its fields in wire order. Each field is bound to this struct (it cannot be
     * placed in another); a struct type shared by several fields (Kafka's "commonStructs") is
     * declared once and named by each of them.
     */
    public static Schema structType(String typeName, Field<?>... fields) {
        return new Schema(typeName, List.of(fields));
    }

    public static <E> ValueType<List<E>> arrayOf(ValueType<E> element) {
        return ValueType.arrayOf(element);
    }

    public static ValueType<List<Struct>> arrayOf(Schema element) {
        return ValueType.arrayOf(element);
    }

    public static ValueType<Struct> structOf(Schema schema) {
        return ValueType.structOf(schema);
    }

    public static MessageSpec request(int apiKey, String name, String validVersions, String flexibleVersions,
                                      Field<?>... fields) {
        return message(apiKey, name, MessageType.REQUEST, validVersions, flexibleVersions, fields);
    }

    public static MessageSpec response(int apiKey, String name, String validVersions, String flexibleVersions,
                                       Field<?>... fields) {
        return message(apiKey, name, MessageType.RESPONSE, validVersions, flexibleVersions, fields);
    }

    private static MessageSpec message(int apiKey, String name, MessageType type, String validVersions,
                                       String flexibleVersions, Field<?>... fields) {
        return new MessageSpec(apiKey, name, type, Versions.parse(validVersions),
                Versions.parse(flexibleVersions), new Schema(name, List.of(fields)));
    }
}
