package io.gregor.clients.protocol;

/**
 * The wire type of a schema field: a {@link Primitive}, an {@link ArrayOf} some element type, or a
 * nested {@link StructOf} struct. Each type fixes the Java class of its values in a {@link Struct}.
 */
public sealed interface FieldType permits FieldType.Primitive, FieldType.ArrayOf, FieldType.StructOf {

    /**
     * Fixed-layout and length-prefixed scalar types, with the Java class their values have:
     * BOOL Boolean, INT8 Byte, INT16 Short, UINT16 Integer, INT32 Integer, UINT32 Long, INT64 Long,
     * VARINT Integer, VARLONG Long, UNSIGNED_VARINT Integer, FLOAT64 Double, UUID java.util.UUID,
     * STRING String, BYTES ByteBuffer, RECORDS {@link io.gregor.clients.record.Records}.
     */
    enum Primitive implements FieldType {
        BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64, VARINT, VARLONG, UNSIGNED_VARINT, FLOAT64, UUID,
        STRING, BYTES, RECORDS;

        /** Whether a value of this type may be null on the wire (in the versions a field allows it). */
        public boolean canBeNull() {
            return this == STRING || this == BYTES || this == RECORDS;
        }

        /**
         * Whether {@code value} already is a value of this type that needs no conversion or range
         * check (the common case of a typed {@link Struct#set}).
         */
        public boolean holdsAsIs(Object value) {
            return switch (this) {
                case BOOL -> value instanceof Boolean;
                case INT8 -> value instanceof Byte;
                case INT16 -> value instanceof Short;
                case INT32, VARINT, UNSIGNED_VARINT -> value instanceof Integer;
                case INT64, VARLONG -> value instanceof Long;
                case FLOAT64 -> value instanceof Double;
                case UUID -> value instanceof java.util.UUID;
                case STRING -> value instanceof String;
                case BYTES -> value instanceof java.nio.ByteBuffer;
                case RECORDS -> value instanceof io.gregor.clients.record.Records;
                case UINT16, UINT32 -> false; // range-checked
            };
        }

        /** The size of every value of this type, or -1 if it depends on the value. */
        public int fixedSize() {
            return switch (this) {
                case BOOL, INT8 -> 1;
                case INT16, UINT16 -> 2;
                case INT32, UINT32 -> 4;
                case INT64, FLOAT64 -> 8;
                case UUID -> 16;
                default -> -1;
            };
        }

        /** The smallest number of bytes a value occupies in any encoding. */
        public int minimumSize() {
            return switch (this) {
                case BOOL, INT8, VARINT, VARLONG, UNSIGNED_VARINT, STRING, BYTES, RECORDS -> 1;
                case INT16, UINT16 -> 2;
                case INT32, UINT32 -> 4;
                case INT64, FLOAT64 -> 8;
                case UUID -> 16;
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    /** An array (list) of elements of one type; values are {@code java.util.List}. */
    record ArrayOf(FieldType element) implements FieldType {
        @Override
        public String toString() {
            return "[]" + element;
        }
    }

    /** A nested struct; values are {@link Struct} instances of {@code schema}. */
    record StructOf(Schema schema) implements FieldType {
        @Override
        public String toString() {
            return schema.name();
        }
    }
}
