package io.gregor.clients.record;

/**
 * The compression codecs of record batch v2, with the ids Kafka stores in the low three bits of a
 * batch's attributes and the names Kafka uses in {@code compression.type}.
 */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    /** The id stored in a batch's attributes. */
    public final int id;
    /** The name used in configs such as {@code compression.type}. */
    public final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The codec with the given attribute id, or a {@link CorruptRecordException} if there is none. */
    public static CompressionType forId(int id) {
        return switch (id) {
            case 0 -> NONE;
            case 1 -> GZIP;
            case 2 -> SNAPPY;
            case 3 -> LZ4;
            case 4 -> ZSTD;
            default -> throw new CorruptRecordException("unknown compression type id " + id);
        };
    }

    /** The codec with the given config name (case-insensitive), or IllegalArgumentException. */
    public static CompressionType forName(String name) {
        for (CompressionType t : values()) {
            if (t.configName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown compression type '" + name + "'");
    }
}
