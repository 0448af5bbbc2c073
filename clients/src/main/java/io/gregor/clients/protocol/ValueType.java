package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.record.Records;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * A wire type together with the Java class {@code T} of its values, so that a declaration such as
 * {@code field("Acks", INT16, "0+")} yields a {@code Field<Short>}. The constants are the
 * primitive types of {@link SchemaDsl}; {@link #arrayOf} and {@link #structOf} build the others.
 * Immutable.
 *
 * @param <T> the Java class of values of this type
 */
public record ValueType<T>(FieldType wire) {
    public static final ValueType<Boolean> BOOL = new ValueType<>(Primitive.BOOL);
    public static final ValueType<Byte> INT8 = new ValueType<>(Primitive.INT8);
    public static final ValueType<Short> INT16 = new ValueType<>(Primitive.INT16);
    public static final ValueType<Integer> UINT16 = new ValueType<>(Primitive.UINT16);
    public static final ValueType<Integer> INT32 = new ValueType<>(Primitive.INT32);
    public static final ValueType<Long> UINT32 = new ValueType<>(Primitive.UINT32);
    public static final ValueType<Long> INT64 = new ValueType<>(Primitive.INT64);
    public static final ValueType<Integer> VARINT = new ValueType<>(Primitive.VARINT);
    public static final ValueType<Long> VARLONG = new ValueType<>(Primitive.VARLONG);
    public static final ValueType<Integer> UNSIGNED_VARINT = new ValueType<>(Primitive.UNSIGNED_VARINT);
    public static final ValueType<Double> FLOAT64 = new ValueType<>(Primitive.FLOAT64);
    public static final ValueType<UUID> UUID = new ValueType<>(Primitive.UUID);
    public static final ValueType<String> STRING = new ValueType<>(Primitive.STRING);
    public static final ValueType<ByteBuffer> BYTES = new ValueType<>(Primitive.BYTES);
    public static final ValueType<Records> RECORDS = new ValueType<>(Primitive.RECORDS);

    /** An array of {@code element} values. */
    public static <E> ValueType<List<E>> arrayOf(ValueType<E> element) {
        return new ValueType<>(new ArrayOf(element.wire()));
    }

    /** An array of structs of {@code element}. */
    public static ValueType<List<Struct>> arrayOf(Schema element) {
        return new ValueType<>(new ArrayOf(new StructOf(element)));
    }

    /** A single nested struct of {@code schema}. */
    public static ValueType<Struct> structOf(Schema schema) {
        return new ValueType<>(new StructOf(schema));
    }
}
