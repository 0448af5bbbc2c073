package io.gregor.clients.protocol;

/**
 * The schema of one message: an API's request or response (or a header, with apiKey -1): its
 * valid versions, the versions that use the flexible (compact, tagged) encoding, and its fields.
 * Immutable.
 */
public record MessageSpec(int apiKey, String name, MessageType type, Versions validVersions,
                          Versions flexibleVersions, Schema schema) {

    public boolean isFlexible(short version) {
        return flexibleVersions.contains(version);
    }

    /**
     * The message-wide error code: the top-level int16 field called ErrorCode, which Kafka's
     * responses use for an error covering the whole request; null if this message has none. For
     * code that answers any API alike (a generic error response, a gate in front of several APIs);
     * a handler of one API names its own field.
     */
    @SuppressWarnings("unchecked")
    public Field<Short> errorCodeField() {
        int i = schema.indexOf(Field.ERROR_CODE);
        return i >= 0 && schema.field(i).isErrorCode() ? (Field<Short>) schema.field(i) : null;
    }

    /** The top-level string ErrorMessage that goes with {@link #errorCodeField()}, or null if there is none. */
    @SuppressWarnings("unchecked")
    public Field<String> errorMessageField() {
        int i = schema.indexOf("ErrorMessage");
        return i >= 0 && schema.field(i).type() == FieldType.Primitive.STRING ? (Field<String>) schema.field(i) : null;
    }

    /** The top-level int32 ThrottleTimeMs of a response (the quota throttle it reports), or null if there is none. */
    @SuppressWarnings("unchecked")
    public Field<Integer> throttleTimeField() {
        int i = schema.indexOf("ThrottleTimeMs");
        return i >= 0 && schema.field(i).type() == FieldType.Primitive.INT32 ? (Field<Integer>) schema.field(i) : null;
    }

    /** A new all-default value of this message, to fill in with {@link Struct#set}. */
    public Struct newStruct() {
        return new Struct(schema);
    }

    @Override
    public String toString() {
        return name + "(" + validVersions + ")";
    }
}
