package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;

import java.util.List;

/**
 * The vocabulary schema files are written in ({@code import static ...SchemaDsl.*}). A message is
 * {@code request(apiKey, name, validVersions, flexibleVersions, fields...)} (or {@code response});
 * fields are {@code field(name, TYPE, versions)}, {@code array(name, versions, elementFields...)}
 * for arrays of structs, {@code struct(name, versions, fields...)} for a nested struct, each
 * refined with {@code .nullable("1+")}, {@code .tagged(tag, "3+")}, {@code .withDefault(-1)}.
 * Version ranges are written as in Kafka's specs: "0+", "3-5", "7", "none". See SCHEMAS-HOWTO.md.
 */
public final class SchemaDsl {
    public static final FieldType BOOL = Primitive.BOOL;
    public static final FieldType INT8 = Primitive.INT8;
    public static final FieldType INT16 = Primitive.INT16;
    public static final FieldType UINT16 = Primitive.UINT16;
    public static final FieldType INT32 = Primitive.INT32;
    public static final FieldType UINT32 = Primitive.UINT32;
    public static final FieldType INT64 = Primitive.INT64;
    public static final FieldType VARINT = Primitive.VARINT;
    public static final FieldType VARLONG = Primitive.VARLONG;
    public static final FieldType UNSIGNED_VARINT = Primitive.UNSIGNED_VARINT;
    public static final FieldType FLOAT64 = Primitive.FLOAT64;
    public static final FieldType UUID = Primitive.UUID;
    public static final FieldType STRING = Primitive.STRING;
    public static final FieldType BYTES = Primitive.BYTES;
    public static final FieldType RECORDS = Primitive.RECORDS;

    private SchemaDsl() {
    }

    /** A field of a primitive or array type: {@code field("Topics", arrayOf(STRING), "0+")}. */
    public static Field field(String name, FieldType type, String versions) {
        return Field.of(name, type, Versions.parse(versions));
    }

    /** An array of nested structs whose fields are {@code elementFields}; the struct is named {@code name}. */
    public static Field array(String name, String versions, Field... elementFields) {
        return field(name, arrayOf(commonStruct(name, elementFields)), versions);
    }

    /** A single nested struct (Kafka's non-array struct type). */
    public static Field struct(String name, String versions, Field... fields) {
        return field(name, structOf(commonStruct(name, fields)), versions);
    }

    /**
     * A named struct type declared once and used by several fields (Kafka's "commonStructs"):
     * {@code field("Topics", arrayOf(TOPIC), "0+")}.
     */
    public static Schema commonStruct(String typeName, Field... fields) {
        return new Schema(typeName, List.of(fields));
    }

    public static FieldType arrayOf(FieldType element) {
        return new ArrayOf(element);
    }

    public static FieldType arrayOf(Schema element) {
        return new ArrayOf(new StructOf(element));
    }

    public static FieldType structOf(Schema schema) {
        return new StructOf(schema);
    }

    public static MessageSpec request(int apiKey, String name, String validVersions, String flexibleVersions,
                                      Field... fields) {
        return message(apiKey, name, MessageType.REQUEST, validVersions, flexibleVersions, fields);
    }

    public static MessageSpec response(int apiKey, String name, String validVersions, String flexibleVersions,
                                       Field... fields) {
        return message(apiKey, name, MessageType.RESPONSE, validVersions, flexibleVersions, fields);
    }

    private static MessageSpec message(int apiKey, String name, MessageType type, String validVersions,
                                       String flexibleVersions, Field... fields) {
        return new MessageSpec(apiKey, name, type, Versions.parse(validVersions),
                Versions.parse(flexibleVersions), new Schema(name, List.of(fields)));
    }
}
