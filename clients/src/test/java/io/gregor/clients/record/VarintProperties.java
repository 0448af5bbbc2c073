package io.gregor.clients.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.utils.ByteUtils;

/** Zig-zag varints encode byte for byte as Kafka's do. */
class VarintProperties {
    @Property(tries = 2000)
    void varintMatchesKafka(@ForAll int value) {
        byte[] ours = new byte[5];
        int n = Varint.writeVarint(value, ours, 0);
        ByteBuffer theirs = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, theirs);
        assertEquals(theirs.position(), n);
        assertEquals(ByteUtils.sizeOfVarint(value), Varint.sizeOfVarint(value));
        assertArrayEquals(Arrays.copyOf(theirs.array(), theirs.position()), Arrays.copyOf(ours, n));
    }

    @Property(tries = 2000)
    void varlongMatchesKafka(@ForAll long value) {
        byte[] ours = new byte[10];
        int n = Varint.writeVarlong(value, ours, 0);
        ByteBuffer theirs = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, theirs);
        assertEquals(theirs.position(), n);
        assertEquals(ByteUtils.sizeOfVarlong(value), Varint.sizeOfVarlong(value));
        assertArrayEquals(Arrays.copyOf(theirs.array(), theirs.position()), Arrays.copyOf(ours, n));
    }
}
