package io.gregor.faults.fuzz;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.Primitive;
import io.gregor.clients.protocol.FieldType.StructOf;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Finds where a length or count prefix sits in an encoded message, without a second codec: it
 * encodes the message again with one string one character longer (or one array one element
 * longer, one bytes or records value one byte longer) and takes the first byte that differs, then
 * checks the prefix found there holds the old length. Kafka's encodings put the prefix right
 * before the value, so this is exact for the prefix of the changed field.
 */
final class LengthLocator {
    /** A length prefix: where it starts in the body, its width in bytes (negative: an unsigned varint of that many bytes), its value. */
    record Prefix(int offset, int width, long value) {
    }

    private LengthLocator() {
    }

    /** A random length prefix of {@code message} encoded at {@code version}, or null if it has none. */
    static Prefix locate(MessageSpec spec, Struct message, short version, Random random) {
        List<Slot> slots = new ArrayList<>();
        collect(message, version, slots);
        if (slots.isEmpty()) {
            return null;
        }
        byte[] before = bytes(spec, message, version);
        for (int attempt = 0; attempt < 4; attempt++) {
            Slot slot = slots.get(random.nextInt(slots.size()));
            Object old = slot.owner.get(slot.field);
            Object longer = longer(slot.field, old);
            if (longer == null) {
                continue;
            }
            slot.owner.setValue(slot.field, longer);
            byte[] after;
            try {
                after = bytes(spec, message, version);
            } finally {
                slot.owner.setValue(slot.field, old);
            }
            int diff = firstDifference(before, after);
            boolean compact = slot.field.flexibleVersions() == null ? spec.isFlexible(version)
                    : slot.field.flexibleVersions().contains(version);
            long length = lengthOf(old);
            Prefix found = compact ? findVarint(before, diff, length + 1)
                    : findFixed(before, diff, slot.field.type() == Primitive.STRING ? 2 : 4, length);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private record Slot(Struct owner, Field<?> field) {
    }

    private static void collect(Struct s, short version, List<Slot> out) {
        for (Field<?> f : s.schema().fields()) {
            if (!f.existsIn(version) || f.taggedIn(version)) {
                continue;
            }
            Object v = s.get(f);
            if (v == null) {
                continue;
            }
            if (f.type() instanceof ArrayOf a) {
                out.add(new Slot(s, f));
                if (a.element() instanceof StructOf) {
                    for (Object o : (List<?>) v) {
                        collect((Struct) o, version, out);
                    }
                }
            } else if (f.type() instanceof StructOf) {
                collect((Struct) v, version, out);
            } else if (f.type() == Primitive.STRING || f.type() == Primitive.BYTES || f.type() == Primitive.RECORDS) {
                out.add(new Slot(s, f));
            }
        }
    }

    private static Object longer(Field<?> f, Object old) {
        if (old instanceof String s) {
            return s.length() < 30_000 ? s + "x" : null;
        }
        if (old instanceof ByteBuffer b) {
            return ByteBuffer.allocate(b.remaining() + 1);
        }
        if (old instanceof MemoryRecords r) {
            return MemoryRecords.readableRecords(ByteBuffer.allocate(r.sizeInBytes() + 1));
        }
        if (old instanceof List<?> list && f.type() instanceof ArrayOf a) {
            List<Object> copy = new ArrayList<>(list);
            if (a.element() instanceof StructOf so) {
                copy.add(new Struct(so.schema()));
            } else if (!list.isEmpty()) {
                copy.add(list.get(0));
            } else {
                return null;
            }
            return copy;
        }
        return null;
    }

    private static long lengthOf(Object v) {
        if (v instanceof String s) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v instanceof ByteBuffer b) {
            return b.remaining();
        }
        if (v instanceof Records r) {
            return r.sizeInBytes();
        }
        return ((List<?>) v).size();
    }

    private static byte[] bytes(MessageSpec spec, Struct message, short version) {
        ByteBuffer b = MessageCodec.writeToBuffer(spec, message, version);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return n;
    }

    private static Prefix findFixed(byte[] body, int diff, int width, long expected) {
        for (int start = diff; start >= Math.max(0, diff - width + 1); start--) {
            if (start + width <= body.length) {
                long v = 0;
                for (int i = 0; i < width; i++) {
                    v = (v << 8) | (body[start + i] & 0xFF);
                }
                if (v == expected) {
                    return new Prefix(start, width, expected);
                }
            }
        }
        return null;
    }

    private static Prefix findVarint(byte[] body, int diff, long expected) {
        for (int start = diff; start >= Math.max(0, diff - 4); start--) {
            long v = 0;
            int shift = 0;
            int i = start;
            while (i < body.length && shift < 35) {
                int b = body[i++] & 0xFF;
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (v == expected && i > diff) {
                return new Prefix(start, -(i - start), expected); // negative width: a varint of that many bytes
            }
        }
        return null;
    }
}
