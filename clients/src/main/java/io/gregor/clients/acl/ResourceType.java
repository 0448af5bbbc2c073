package io.gregor.clients.acl;

/**
 * The kinds of resource an ACL names, with Kafka's wire codes and ZooKeeper names ({@code Topic},
 * {@code Group}, {@code Cluster}, {@code TransactionalId}, {@code DelegationToken}, {@code User}).
 * {@link #ANY} only appears in filters; {@link #UNKNOWN} stands for a code or name Gregor does not know.
 */
public enum ResourceType {
    UNKNOWN(0), ANY(1), TOPIC(2), GROUP(3), CLUSTER(4), TRANSACTIONAL_ID(5), DELEGATION_TOKEN(6), USER(7);

    private final byte code;

    ResourceType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The name Kafka writes into ZooKeeper paths and prints: {@code Topic}, {@code TransactionalId}. */
    public String kafkaName() {
        return KafkaAclNames.pascal(name());
    }

    /** A concrete type (not ANY, not UNKNOWN): one an ACL can be stored under. */
    public boolean isConcrete() {
        return this != ANY && this != UNKNOWN;
    }

    public static ResourceType fromCode(byte code) {
        for (ResourceType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return UNKNOWN;
    }

    /** Parses Kafka's spellings ({@code Topic}, {@code TOPIC}, {@code TransactionalId}, {@code TRANSACTIONAL_ID}); UNKNOWN otherwise. */
    public static ResourceType fromName(String name) {
        ResourceType type = KafkaAclNames.parse(values(), name);
        return type == null ? UNKNOWN : type;
    }
}
