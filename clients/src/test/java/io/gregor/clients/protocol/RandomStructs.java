package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.record.MemoryRecords;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random values valid for one version of a message: only fields that exist in that version are
 * set, nulls only where the version allows them, tagged fields randomly set or left at default,
 * arrays of 0-3 elements, strings with non-ASCII characters, records as small random payloads.
 */
final class RandomStructs {
    private static final String ALPHABET = "abcXYZ019-_.é中💡";

    private final Random random;
    private final short version;

    RandomStructs(Random random, short version) {
        this.random = random;
        this.version = version;
    }

    Struct message(MessageSpec spec) {
        Struct s = struct(spec.schema(), 0);
        if (spec.isFlexible(version) && random.nextInt(4) == 0) {
            // tags far above any declared one, ascending: kept by both Kafka and Gregor as unknown
            List<RawTaggedField> unknown = new ArrayList<>();
            for (int tag = 1000 + random.nextInt(10); unknown.size() < 2; tag += 1 + random.nextInt(300)) {
                unknown.add(new RawTaggedField(tag, bytes(random.nextInt(4))));
            }
            s.setUnknownTaggedFields(unknown);
        }
        return s;
    }

    Struct struct(Schema schema, int depth) {
        Struct s = new Struct(schema);
        for (int i = 0; i < schema.size(); i++) {
            Field<?> f = schema.field(i);
            if (!f.existsIn(version)) {
                continue;
            }
            if (f.taggedIn(version) && random.nextBoolean()) {
                continue;
            }
            if (f.nullableIn(version) && random.nextInt(5) == 0) {
                s.setRaw(i, null);
                continue;
            }
            s.setRaw(i, value(f.type(), depth));
        }
        return s;
    }

    private Object value(FieldType type, int depth) {
        if (type instanceof ArrayOf a) {
            int n = random.nextInt(depth > 2 ? 2 : 4);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(value(a.element(), depth + 1));
            }
            return list;
        }
        if (type instanceof StructOf s) {
            return struct(s.schema(), depth + 1);
        }
        return primitive((Primitive) type);
    }

    Object primitive(Primitive p) {
        return switch (p) {
            case BOOL -> random.nextBoolean();
            case INT8 -> (byte) random.nextInt();
            case INT16 -> (short) (random.nextBoolean() ? random.nextInt(5) - 1 : random.nextInt());
            case UINT16 -> random.nextInt(0x10000);
            case INT32, VARINT -> random.nextBoolean() ? random.nextInt(5) - 1 : random.nextInt();
            case UNSIGNED_VARINT -> random.nextInt() & Integer.MAX_VALUE;
            case UINT32 -> random.nextLong() & 0xFFFFFFFFL;
            case INT64, VARLONG -> random.nextBoolean() ? (long) random.nextInt(5) - 1 : random.nextLong();
            case FLOAT64 -> random.nextBoolean() ? 0.0 : random.nextDouble() * 1e6 - 5e5;
            case UUID -> random.nextInt(4) == 0 ? Field.ZERO_UUID : new UUID(random.nextLong(), random.nextLong());
            case STRING -> string();
            case BYTES -> ByteBuffer.wrap(bytes(random.nextInt(9)));
            case RECORDS -> random.nextBoolean() ? realBatch()
                    : MemoryRecords.readableRecords(ByteBuffer.wrap(bytes(random.nextInt(40))));
        };
    }

    /** A record batch v2 built by Kafka's client library, as a producer would send it. */
    private MemoryRecords realBatch() {
        org.apache.kafka.common.record.SimpleRecord[] records = new org.apache.kafka.common.record.SimpleRecord[1 + random.nextInt(3)];
        for (int i = 0; i < records.length; i++) {
            records[i] = new org.apache.kafka.common.record.SimpleRecord(random.nextLong() & Long.MAX_VALUE, bytes(random.nextInt(4)), bytes(random.nextInt(10)));
        }
        ByteBuffer batch = org.apache.kafka.common.record.MemoryRecords.withRecords(
                org.apache.kafka.common.compress.Compression.NONE, records).buffer();
        return MemoryRecords.readableRecords(batch);
    }

    private String string() {
        int n = random.nextInt(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
