package io.gregor.faults.fuzz;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.FieldType;
import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Plausible values for any request schema in one version, so that the broker gets past the codec
 * and into its handlers: topic and group names from the {@link NamePool}, small partition indexes,
 * offsets and counts, modest timeouts, valid record batches, arrays of one to three elements. Field
 * names choose the value (Kafka's names are descriptive enough). Not thread-safe: one per worker.
 */
final class StructGenerator {
    private static final int MAX_DEPTH = 4;

    private final Random random;
    private final NamePool names;

    StructGenerator(Random random, NamePool names) {
        this.random = random;
        this.names = names;
    }

    Struct generate(Schema schema, short version) {
        return struct(schema, version, 0);
    }

    private Struct struct(Schema schema, short version, int depth) {
        Struct s = new Struct(schema);
        for (Field<?> f : schema.fields()) {
            if (f.existsIn(version)) {
                Object v = value(f, f.type(), version, depth);
                if (v != null || f.nullableIn(version)) {
                    s.setValue(f, v);
                }
            }
        }
        return s;
    }

    private Object value(Field<?> f, FieldType type, short version, int depth) {
        if (type instanceof ArrayOf a) {
            if (f.nullableIn(version) && random.nextInt(10) == 0) {
                return null;
            }
            int n = depth >= MAX_DEPTH ? 0 : 1 + random.nextInt(3);
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(element(f, a.element(), version, depth + 1));
            }
            return list;
        }
        if (type instanceof StructOf s) {
            return f.nullableIn(version) && random.nextInt(10) == 0 ? null : struct(s.schema(), version, depth + 1);
        }
        return primitive(f, (Primitive) type, f.nullableIn(version));
    }

    private Object element(Field<?> f, FieldType element, short version, int depth) {
        if (element instanceof StructOf s) {
            return struct(s.schema(), version, depth);
        }
        if (element instanceof ArrayOf) {
            return value(f, element, version, depth);
        }
        return primitive(f, (Primitive) element, false);
    }

    private Object primitive(Field<?> f, Primitive p, boolean nullable) {
        String name = f.name().toLowerCase(Locale.ROOT);
        switch (p) {
            case BOOL:
                return random.nextBoolean();
            case INT8:
                return (byte) random.nextInt(3);
            case INT16:
                if (name.equals("acks")) {
                    return (short) new int[]{-1, 0, 1}[random.nextInt(3)];
                }
                if (name.contains("replicationfactor")) {
                    return (short) (1 + random.nextInt(3));
                }
                return (short) random.nextInt(3);
            case UINT16:
                return random.nextInt(3);
            case INT32:
                return int32(name);
            case UINT32:
                return (long) random.nextInt(1000);
            case INT64:
                if (name.contains("producerid")) {
                    return -1L;
                }
                return (long) random.nextInt(100);
            case VARINT:
            case UNSIGNED_VARINT:
                return random.nextInt(10);
            case VARLONG:
                return (long) random.nextInt(10);
            case FLOAT64:
                return random.nextDouble();
            case UUID:
                return random.nextInt(4) == 0 ? new UUID(random.nextLong(), random.nextLong()) : Field.ZERO_UUID;
            case STRING:
                if (nullable && random.nextInt(8) == 0) {
                    return null;
                }
                return string(name);
            case BYTES:
                if (nullable && random.nextInt(8) == 0) {
                    return null;
                }
                byte[] b = new byte[random.nextInt(32)];
                random.nextBytes(b);
                return ByteBuffer.wrap(b);
            case RECORDS:
                return records();
            default:
                throw new IllegalStateException("unhandled " + p);
        }
    }

    private int int32(String name) {
        if (name.contains("partition") || name.equals("index")) {
            return random.nextInt(4);
        }
        if (name.contains("numpartitions") || name.equals("count")) {
            return 1 + random.nextInt(3);
        }
        if (name.contains("sessiontimeout")) {
            return 6_000 + random.nextInt(4_000);
        }
        if (name.contains("rebalancetimeout")) {
            return 1_000 + random.nextInt(2_000);
        }
        if (name.contains("timeout") || name.contains("wait")) {
            return random.nextInt(200);
        }
        if (name.contains("maxbytes")) {
            return 1024 + random.nextInt(64 * 1024);
        }
        if (name.contains("broker") || name.contains("replica") || name.contains("leader") || name.endsWith("id")) {
            return random.nextInt(4) - 1;
        }
        if (name.contains("epoch") || name.contains("generation")) {
            return random.nextInt(5) - 1;
        }
        return random.nextInt(10);
    }

    private String string(String name) {
        if (name.contains("topic") || name.equals("name") || name.equals("resourcename")) {
            return names.topic(random);
        }
        if (name.contains("group")) {
            return names.group(random);
        }
        if (name.contains("member") || name.contains("instance")) {
            return random.nextBoolean() ? "" : "fuzz-member-" + random.nextInt(4);
        }
        if (name.contains("protocoltype")) {
            return "consumer";
        }
        if (name.contains("key") || name.contains("value") || name.contains("config")) {
            return random.nextBoolean() ? "cleanup.policy" : "delete";
        }
        return "fuzz-" + Integer.toString(random.nextInt(1000), 36);
    }

    private MemoryRecords records() {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            builder.append(System.currentTimeMillis(), null,
                    ("fuzz-" + random.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** Sets one numeric field somewhere in {@code message} to an extreme: -1, 0, 2^31-1, 32769, Long.MAX. */
    boolean setExtremeNumber(Struct message, short version) {
        List<Struct> structs = new ArrayList<>();
        collect(message, version, structs);
        for (int attempt = 0; attempt < 8; attempt++) {
            Struct s = structs.get(random.nextInt(structs.size()));
            List<Field<?>> numeric = new ArrayList<>();
            for (Field<?> f : s.schema().fields()) {
                if (f.existsIn(version) && f.type() instanceof Primitive p
                        && (p == Primitive.INT16 || p == Primitive.INT32 || p == Primitive.INT64)) {
                    numeric.add(f);
                }
            }
            if (numeric.isEmpty()) {
                continue;
            }
            Field<?> f = numeric.get(random.nextInt(numeric.size()));
            long[] extremes = {-1, 0, Integer.MAX_VALUE, 32_769, 100_000, Short.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE};
            long v = extremes[random.nextInt(extremes.length)];
            Primitive p = (Primitive) f.type();
            Object value = p == Primitive.INT16 ? (Object) (short) v : p == Primitive.INT32 ? (Object) (int) v : (Object) v;
            s.setValue(f, value);
            return true;
        }
        return false;
    }

    /** Makes one array somewhere in {@code message} hold {@code count} elements (all-default structs or zeros). */
    boolean growAnArray(Struct message, short version, int count) {
        List<Struct> structs = new ArrayList<>();
        collect(message, version, structs);
        Struct s = structs.get(random.nextInt(structs.size()));
        for (Field<?> f : s.schema().fields()) {
            if (f.existsIn(version) && f.type() instanceof ArrayOf a && s.get(f) != null) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) s.get(f);
                for (int i = 0; i < count; i++) {
                    if (a.element() instanceof StructOf so) {
                        list.add(struct(so.schema(), version, MAX_DEPTH));
                    } else if (a.element() instanceof Primitive p) {
                        list.add(primitive(f, p, false));
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static void collect(Struct s, short version, List<Struct> out) {
        out.add(s);
        for (Field<?> f : s.schema().fields()) {
            if (!f.existsIn(version)) {
                continue;
            }
            Object v = s.get(f);
            if (v instanceof Struct child) {
                collect(child, version, out);
            } else if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Struct child) {
                        collect(child, version, out);
                    }
                }
            }
        }
    }
}
