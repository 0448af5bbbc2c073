package io.gregor.broker.security;

import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.coordination.acl.VersionedAcls;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An immutable snapshot of every ACL a broker knows, indexed for the authorization check: the ACLs
 * of a literal name, of the {@code *} wildcard, and of every stored prefix of a name, found with
 * one hash lookup per stored prefix length (none when no prefixed ACL exists for the type).
 * Changes make a new snapshot ({@link #with}); readers never lock.
 */
final class AclCache {
    static final AclCache EMPTY = new AclCache(Map.of());

    private final Map<ResourcePattern, VersionedAcls> acls;
    /** Per resource type, the distinct lengths of its stored prefixes, ascending. */
    private final Map<ResourceType, int[]> prefixLengths;

    private AclCache(Map<ResourcePattern, VersionedAcls> acls) {
        this.acls = acls;
        Map<ResourceType, TreeSet<Integer>> lengths = new EnumMap<>(ResourceType.class);
        for (ResourcePattern pattern : acls.keySet()) {
            if (pattern.patternType() == PatternType.PREFIXED) {
                lengths.computeIfAbsent(pattern.resourceType(), t -> new TreeSet<>()).add(pattern.name().length());
            }
        }
        Map<ResourceType, int[]> arrays = new EnumMap<>(ResourceType.class);
        lengths.forEach((type, set) -> arrays.put(type, set.stream().mapToInt(Integer::intValue).toArray()));
        this.prefixLengths = arrays;
    }

    static AclCache of(Map<ResourcePattern, VersionedAcls> acls) {
        Map<ResourcePattern, VersionedAcls> copy = new HashMap<>(acls);
        copy.values().removeIf(v -> v.acls().isEmpty());
        return new AclCache(Map.copyOf(copy));
    }

    /** A snapshot with {@code pattern}'s ACLs replaced (removed when empty). */
    AclCache with(ResourcePattern pattern, VersionedAcls versioned) {
        Map<ResourcePattern, VersionedAcls> copy = new HashMap<>(acls);
        if (versioned.acls().isEmpty()) {
            copy.remove(pattern);
        } else {
            copy.put(pattern, versioned);
        }
        return new AclCache(Map.copyOf(copy));
    }

    VersionedAcls get(ResourcePattern pattern) {
        return acls.get(pattern);
    }

    boolean contains(ResourcePattern pattern) {
        return acls.containsKey(pattern);
    }

    Map<ResourcePattern, VersionedAcls> all() {
        return acls;
    }

    /**
     * Every ACL that applies to the literal resource {@code type}/{@code name}: its own, the
     * wildcard's, and those of each stored prefix of the name. Empty when none.
     */
    List<AclEntry> matching(ResourceType type, String name) {
        List<AclEntry> found = null;
        found = add(found, acls.get(ResourcePattern.literal(type, name)));
        found = add(found, acls.get(ResourcePattern.literal(type, ResourcePattern.WILDCARD)));
        int[] lengths = prefixLengths.get(type);
        if (lengths != null) {
            for (int length : lengths) {
                if (length > name.length()) {
                    break;
                }
                found = add(found, acls.get(ResourcePattern.prefixed(type, name.substring(0, length))));
            }
        }
        return found == null ? List.of() : found;
    }

    private static List<AclEntry> add(List<AclEntry> found, VersionedAcls versioned) {
        if (versioned == null) {
            return found;
        }
        List<AclEntry> list = found == null ? new ArrayList<>() : found;
        list.addAll(versioned.acls());
        return list;
    }

    /** Every stored pattern of {@code type} (for authorizeByResourceType). */
    List<Map.Entry<ResourcePattern, VersionedAcls>> ofType(ResourceType type) {
        return acls.entrySet().stream().filter(e -> e.getKey().resourceType() == type).toList();
    }
}
