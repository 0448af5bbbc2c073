package io.gregor.clients.acl;

/**
 * The operations an ACL allows or denies, with Kafka's wire codes and names ({@code Read},
 * {@code ClusterAction}, {@code DescribeConfigs}, ...). {@link #ALL} in an ACL covers every
 * operation; {@link #ANY} only appears in filters.
 */
public enum AclOperation {
    UNKNOWN(0), ANY(1), ALL(2), READ(3), WRITE(4), CREATE(5), DELETE(6), ALTER(7), DESCRIBE(8), CLUSTER_ACTION(9),
    DESCRIBE_CONFIGS(10), ALTER_CONFIGS(11), IDEMPOTENT_WRITE(12), CREATE_TOKENS(13), DESCRIBE_TOKENS(14);

    private final byte code;

    AclOperation(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** Kafka's name: {@code Read}, {@code ClusterAction}. */
    public String kafkaName() {
        return KafkaAclNames.pascal(name());
    }

    public static AclOperation fromCode(byte code) {
        for (AclOperation op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return UNKNOWN;
    }

    public static AclOperation fromName(String name) {
        AclOperation op = KafkaAclNames.parse(values(), name);
        return op == null ? UNKNOWN : op;
    }
}
