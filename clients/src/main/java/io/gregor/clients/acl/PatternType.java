package io.gregor.clients.acl;

/**
 * How an ACL's resource name matches, with Kafka's wire codes: {@link #LITERAL} (the name, or
 * {@code *} for every name) and {@link #PREFIXED} (every name starting with it) are stored;
 * {@link #ANY} and {@link #MATCH} only appear in filters (MATCH: every stored pattern that would
 * apply to the given literal name).
 */
public enum PatternType {
    UNKNOWN(0), ANY(1), MATCH(2), LITERAL(3), PREFIXED(4);

    private final byte code;

    PatternType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** LITERAL or PREFIXED: a pattern an ACL can be stored under. */
    public boolean isSpecific() {
        return this == LITERAL || this == PREFIXED;
    }

    public static PatternType fromCode(byte code) {
        for (PatternType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return UNKNOWN;
    }

    public static PatternType fromName(String name) {
        PatternType type = KafkaAclNames.parse(values(), name);
        return type == null ? UNKNOWN : type;
    }
}
