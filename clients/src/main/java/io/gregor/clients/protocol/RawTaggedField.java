package io.gregor.clients.protocol;

import java.util.Arrays;

/** A tagged field the schema does not know, kept as read so that it can be written back. */
public record RawTaggedField(int tag, byte[] data) {
    @Override
    public boolean equals(Object o) {
        return o instanceof RawTaggedField r && r.tag == tag && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", " + data.length + " bytes)";
    }
}
