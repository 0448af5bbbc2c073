package io.gregor.clients.acl;

/** Whether an ACL allows or denies, with Kafka's wire codes and names ({@code Allow}, {@code Deny}). */
public enum AclPermissionType {
    UNKNOWN(0), ANY(1), DENY(2), ALLOW(3);

    private final byte code;

    AclPermissionType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public String kafkaName() {
        return KafkaAclNames.pascal(name());
    }

    public static AclPermissionType fromCode(byte code) {
        for (AclPermissionType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return UNKNOWN;
    }

    public static AclPermissionType fromName(String name) {
        AclPermissionType type = KafkaAclNames.parse(values(), name);
        return type == null ? UNKNOWN : type;
    }
}
