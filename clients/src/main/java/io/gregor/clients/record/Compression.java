package io.gregor.clients.record;

import java.util.zip.Deflater;

/**
 * A codec and its level, as Kafka's {@code compression.type} and {@code compression.<codec>.level}
 * configure it. The level matters only for gzip (1..9, or -1 for the JDK default), lz4 (1..17;
 * the default 9 selects the fast compressor, as Kafka does) and zstd (-131072..22).
 */
public record Compression(CompressionType type, int level) {
    public static final int GZIP_DEFAULT_LEVEL = Deflater.DEFAULT_COMPRESSION;
    public static final int LZ4_DEFAULT_LEVEL = 9;
    public static final int ZSTD_DEFAULT_LEVEL = 3;

    public static final Compression NONE = new Compression(CompressionType.NONE, 0);

    public Compression {
        switch (type) {
            case GZIP -> {
                if (level != GZIP_DEFAULT_LEVEL && (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION)) {
                    throw new IllegalArgumentException("gzip level " + level + " is outside 1..9 (or -1 for the default)");
                }
            }
            case LZ4 -> {
                if (level < 1 || level > 17) {
                    throw new IllegalArgumentException("lz4 level " + level + " is outside 1..17");
                }
            }
            case ZSTD -> {
                if (level < -131072 || level > 22) {
                    throw new IllegalArgumentException("zstd level " + level + " is outside -131072..22");
                }
            }
            default -> level = 0;
        }
    }

    /** The codec at Kafka's default level. */
    public static Compression of(CompressionType type) {
        return new Compression(type, defaultLevel(type));
    }

    public static int defaultLevel(CompressionType type) {
        return switch (type) {
            case GZIP -> GZIP_DEFAULT_LEVEL;
            case LZ4 -> LZ4_DEFAULT_LEVEL;
            case ZSTD -> ZSTD_DEFAULT_LEVEL;
            default -> 0;
        };
    }
}
