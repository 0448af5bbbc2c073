package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;

/**
 * The fewest bytes a value can occupy on the wire in one version: what lets the decoder refuse an
 * array whose declared count cannot fit in what is left of the frame before it builds a single
 * element. A struct needs the minimum of each of its regular fields, plus one byte for its tagged
 * field count when flexible; an empty string, bytes or array needs its length prefix; a nullable
 * struct needs its presence byte. A struct's minimum is computed once per version, with its
 * {@link Schema.VersionPlan}; stateless.
 */
final class WireMinimum {
    private WireMinimum() {
    }

    /** The minimum size of one element of an array of {@code element} declared by {@code field}. */
    static int ofElement(Field<?> field, FieldType element, short version, boolean flexible) {
        if (element instanceof StructOf s) {
            return ofStruct(s.schema(), version, flexible);
        }
        boolean compact = compact(field, flexible, version);
        if (element instanceof ArrayOf) {
            return compact ? 1 : 4;
        }
        return ofPrimitive((Primitive) element, compact);
    }

    /** The minimum size of a struct of {@code schema} (not nullable) in {@code version}. */
    static int ofStruct(Schema schema, short version, boolean flexible) {
        return schema.plan(version).minWire(flexible);
    }

    /** The minimum size of regular field {@code f} in {@code version}. */
    static int ofField(Field<?> f, short version, boolean flexible) {
        FieldType type = f.type();
        boolean compact = compact(f, flexible, version);
        if (type instanceof ArrayOf) {
            return compact ? 1 : 4;
        }
        if (type instanceof StructOf s) {
            return f.nullableIn(version) ? 1 : ofStruct(s.schema(), version, flexible);
        }
        return ofPrimitive((Primitive) type, compact);
    }

    private static int ofPrimitive(Primitive p, boolean compact) {
        return switch (p) {
            case STRING -> compact ? 1 : 2;
            case BYTES, RECORDS -> compact ? 1 : 4;
            default -> p.minimumSize();
        };
    }

    private static boolean compact(Field<?> f, boolean flexible, short version) {
        return f.flexibleVersions() == null ? flexible : f.flexibleVersions().contains(version);
    }
}
