package io.gregor.clients.acl;

import java.util.Objects;

/**
 * One access control entry on a resource, as Kafka stores it: who ({@code User:alice}, or
 * {@code User:*} for everyone), from where ({@code *} for any host, else an IP address), which
 * operation, allowed or denied. Immutable.
 */
public record AclEntry(String principal, String host, AclOperation operation, AclPermissionType permissionType) {
    public static final String WILDCARD_PRINCIPAL = "User:*";
    public static final String WILDCARD_HOST = "*";

    public AclEntry {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permissionType, "permissionType");
    }

    public static AclEntry allow(String principal, String host, AclOperation operation) {
        return new AclEntry(principal, host, operation, AclPermissionType.ALLOW);
    }

    public static AclEntry deny(String principal, String host, AclOperation operation) {
        return new AclEntry(principal, host, operation, AclPermissionType.DENY);
    }

    @Override
    public String toString() {
        return principal + " has " + permissionType + " permission for operations: " + operation + " from hosts: " + host;
    }
}
