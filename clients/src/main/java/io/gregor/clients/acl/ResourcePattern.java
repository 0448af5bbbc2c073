package io.gregor.clients.acl;

import java.util.Objects;

/**
 * A stored ACL's resource: its type, its name ({@code *} for every resource of the type when
 * literal) and how the name matches. Immutable.
 */
public record ResourcePattern(ResourceType resourceType, String name, PatternType patternType) {
    /** The literal name that matches every resource of its type. */
    public static final String WILDCARD = "*";
    /** The one cluster resource's name, as Kafka names it. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    public ResourcePattern {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(patternType, "patternType");
    }

    public static ResourcePattern literal(ResourceType type, String name) {
        return new ResourcePattern(type, name, PatternType.LITERAL);
    }

    public static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    @Override
    public String toString() {
        return "ResourcePattern(resourceType=" + resourceType + ", name=" + name + ", patternType=" + patternType + ")";
    }
}
