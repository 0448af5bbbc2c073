package io.gregor.broker.metrics;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.FieldType;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a response of one API version carries error codes: every int16 field named ErrorCode that
 * exists in the version, at any depth (the message's own, each topic's, each partition's), which is
 * what Kafka's responses count for {@code ErrorsPerSec}. Found once per API version by walking its
 * schema; counting a response then reads those fields only, with no lookup and no allocation.
 * Immutable.
 */
final class ResponseErrorCodes {
    /** Told each error code other than NONE. */
    interface Sink {
        void error(short code);
    }

    private final List<Field<Short>> codes;
    private final List<Field<?>> nested; // struct or struct-array fields leading to more codes
    private final List<ResponseErrorCodes> nestedCodes;

    private ResponseErrorCodes(List<Field<Short>> codes, List<Field<?>> nested, List<ResponseErrorCodes> nestedCodes) {
        this.codes = codes;
        this.nested = nested;
        this.nestedCodes = nestedCodes;
    }

    /** The error codes of {@code schema} at {@code version}, or null if it has none. */
    @SuppressWarnings("unchecked")
    static ResponseErrorCodes of(Schema schema, short version) {
        List<Field<Short>> codes = new ArrayList<>();
        List<Field<?>> nested = new ArrayList<>();
        List<ResponseErrorCodes> nestedCodes = new ArrayList<>();
        for (Field<?> field : schema.fields()) {
            if (!field.existsIn(version)) {
                continue;
            }
            FieldType type = field.type();
            if (field.isErrorCode()) {
                codes.add((Field<Short>) field);
            }
            Schema inner = type instanceof FieldType.StructOf s ? s.schema()
                    : type instanceof FieldType.ArrayOf a && a.element() instanceof FieldType.StructOf s ? s.schema() : null;
            ResponseErrorCodes innerCodes = inner == null ? null : of(inner, version);
            if (innerCodes != null) {
                nested.add(field);
                nestedCodes.add(innerCodes);
            }
        }
        return codes.isEmpty() && nested.isEmpty() ? null : new ResponseErrorCodes(List.copyOf(codes),
                List.copyOf(nested), List.copyOf(nestedCodes));
    }

    /** Hands each error of {@code message} other than NONE to {@code sink}; returns how many were NONE. */
    int count(Struct message, Sink sink) {
        int none = 0;
        for (int i = 0; i < codes.size(); i++) {
            Short code = message.get(codes.get(i));
            if (code == null) {
                continue;
            }
            if (code == 0) {
                none++;
            } else {
                sink.error(code);
            }
        }
        for (int i = 0; i < nested.size(); i++) {
            Object value = message.get(nested.get(i));
            ResponseErrorCodes inner = nestedCodes.get(i);
            if (value instanceof Struct struct) {
                none += inner.count(struct, sink);
            } else if (value instanceof List<?> list) {
                for (int j = 0; j < list.size(); j++) {
                    none += inner.count((Struct) list.get(j), sink);
                }
            }
        }
        return none;
    }
}
