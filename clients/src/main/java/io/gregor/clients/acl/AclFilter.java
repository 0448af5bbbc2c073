package io.gregor.clients.acl;

import java.util.List;

/**
 * A DescribeAcls or DeleteAcls filter, matching as Kafka's AclBindingFilter does: a null name,
 * principal or host and ANY type, operation or permission match everything; pattern type ANY
 * matches both stored kinds by exact name; MATCH matches every stored pattern that applies to the
 * named resource (the literal name, the {@code *} wildcard, every prefix of it). Immutable.
 */
public record AclFilter(ResourceType resourceType, String name, PatternType patternType, String principal, String host,
                        AclOperation operation, AclPermissionType permissionType) {

    /** True when the filter has a part Gregor does not know (UNKNOWN codes): Kafka refuses such a filter. */
    public boolean isUnknown() {
        return resourceType == ResourceType.UNKNOWN || patternType == PatternType.UNKNOWN
                || operation == AclOperation.UNKNOWN || permissionType == AclPermissionType.UNKNOWN;
    }

    public boolean matches(AclBinding binding) {
        return matches(binding.pattern()) && matches(binding.entry());
    }

    public boolean matches(ResourcePattern pattern) {
        if (resourceType != ResourceType.ANY && resourceType != pattern.resourceType()) {
            return false;
        }
        if (patternType != PatternType.ANY && patternType != PatternType.MATCH && patternType != pattern.patternType()) {
            return false;
        }
        if (name == null) {
            return true;
        }
        if (patternType == PatternType.ANY || patternType == pattern.patternType()) {
            return name.equals(pattern.name());
        }
        return switch (pattern.patternType()) {
            case LITERAL -> name.equals(pattern.name()) || pattern.name().equals(ResourcePattern.WILDCARD);
            case PREFIXED -> name.startsWith(pattern.name());
            default -> false;
        };
    }

    public boolean matches(AclEntry entry) {
        return (principal == null || principal.equals(entry.principal()))
                && (host == null || host.equals(entry.host()))
                && (operation == AclOperation.ANY || operation == entry.operation())
                && (permissionType == AclPermissionType.ANY || permissionType == entry.permissionType());
    }

    /** The stored patterns this filter names exactly (to delete ACLs not yet in this broker's cache), if any. */
    public List<ResourcePattern> exactPatterns() {
        if (name == null || !resourceType.isConcrete()) {
            return List.of();
        }
        return switch (patternType) {
            case LITERAL, PREFIXED -> List.of(new ResourcePattern(resourceType, name, patternType));
            case ANY -> List.of(ResourcePattern.literal(resourceType, name), ResourcePattern.prefixed(resourceType, name));
            default -> List.of();
        };
    }
}
