package io.gregor.clients.producer;

/**
 * The 32-bit murmur2 hash with the seed Kafka's default partitioner uses, so that a keyed record
 * lands on the same partition whichever client (Gregor or Apache Kafka) sends it.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int MIX = 0x5bd1e995;
    private static final int SHIFT = 24;

    private Murmur2() {
    }

    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length / 4;
        for (int b = 0; b < blocks; b++) {
            int i = b * 4;
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            k *= MIX;
            k ^= k >>> SHIFT;
            k *= MIX;
            h *= MIX;
            h ^= k;
        }
        int tail = blocks * 4;
        int rest = length - tail;
        if (rest == 3) {
            h ^= (data[tail + 2] & 0xff) << 16;
        }
        if (rest >= 2) {
            h ^= (data[tail + 1] & 0xff) << 8;
        }
        if (rest >= 1) {
            h ^= data[tail] & 0xff;
            h *= MIX;
        }
        h ^= h >>> 13;
        h *= MIX;
        h ^= h >>> 15;
        return h;
    }

    /** The partition of a keyed record: the positive part of the hash modulo the partition count. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        return (hash(keyBytes) & 0x7fffffff) % numPartitions;
    }
}
