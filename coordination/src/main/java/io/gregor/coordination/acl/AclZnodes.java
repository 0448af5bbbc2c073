package io.gregor.coordination.acl;

import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.AclPermissionType;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourceType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.AclEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gregor.coordination.zk.ZkJson;
import io.gregor.coordination.zk.ZnodeParseException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * Kafka's ZooKeeper layout and encodings for ACLs (kafka.zk.ZkData in ZooKeeper mode), as paths
 * relative to the chroot:
 *
 * <pre>
 * /kafka-acl/&lt;ResourceType&gt;/&lt;name&gt;                     LITERAL patterns
 * /kafka-acl-extended/prefixed/&lt;ResourceType&gt;/&lt;name&gt;   PREFIXED patterns
 *     {"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}
 * /kafka-acl-changes/acl_changes_&lt;seq&gt;                    TOPIC:name  (LITERAL changes, plain text)
 * /kafka-acl-extended-changes/acl_changes_&lt;seq&gt;           {"version":1,"resourceType":"TOPIC","name":"foo","patternType":"PREFIXED"}
 * </pre>
 *
 * ResourceType in paths is Kafka's PascalCase name ({@code Topic}, {@code TransactionalId}); in the
 * change notifications it is the enum constant ({@code TOPIC}), which is what Kafka 3.x writes and
 * any case is read. Stateless.
 */
public final class AclZnodes {
    public static final String LITERAL_ROOT = "/kafka-acl";
    public static final String EXTENDED_ROOT = "/kafka-acl-extended";
    public static final String PREFIXED_ROOT = EXTENDED_ROOT + "/prefixed";
    public static final String LITERAL_CHANGES = "/kafka-acl-changes";
    public static final String EXTENDED_CHANGES = "/kafka-acl-extended-changes";
    public static final String CHANGE_PREFIX = "acl_changes_";
    private static final int VERSION = 1;

    private AclZnodes() {
    }

    /** The folder of a stored pattern type: {@code /kafka-acl} or {@code /kafka-acl-extended/prefixed}. */
    public static String root(PatternType patternType) {
        return switch (patternType) {
            case LITERAL -> LITERAL_ROOT;
            case PREFIXED -> PREFIXED_ROOT;
            default -> throw new IllegalArgumentException("ACLs are stored for LITERAL and PREFIXED patterns only, not " + patternType);
        };
    }

    public static String typePath(PatternType patternType, ResourceType type) {
        return root(patternType) + "/" + type.kafkaName();
    }

    public static String path(ResourcePattern pattern) {
        return typePath(pattern.patternType(), pattern.resourceType()) + "/" + pattern.name();
    }

    /** The notification folder for changes to {@code patternType}'s ACLs. */
    public static String changesRoot(PatternType patternType) {
        return patternType == PatternType.LITERAL ? LITERAL_CHANGES : EXTENDED_CHANGES;
    }

    public static byte[] encodeAcls(Set<AclEntry> acls) {
        ObjectNode root = ZkJson.object();
        root.put("version", VERSION);
        ArrayNode array = root.putArray("acls");
        acls.stream().sorted(Comparator.comparing(AclEntry::toString)).forEach(acl -> {
            ObjectNode entry = array.addObject();
            entry.put("principal", acl.principal());
            entry.put("permissionType", acl.permissionType().kafkaName());
            entry.put("operation", acl.operation().kafkaName());
            entry.put("host", acl.host());
        });
        return ZkJson.toBytes(root);
    }

    /**
     * Decodes a resource znode's ACLs; empty data means none (as Kafka reads it).
     *
     * @throws ZnodeParseException on a version other than 1, a missing key or an unknown operation or permission
     */
    public static Set<AclEntry> decodeAcls(String path, byte[] data) {
        if (data == null || data.length == 0) {
            return Set.of();
        }
        JsonNode root = ZkJson.parse(path, data).root();
        if (root.path("version").asInt(-1) != VERSION) {
            throw new ZnodeParseException(path, "expected ACL JSON version 1", data);
        }
        Set<AclEntry> acls = new HashSet<>();
        for (JsonNode entry : root.path("acls")) {
            String principal = text(path, data, entry, "principal");
            if (principal.indexOf(':') <= 0) {
                throw new ZnodeParseException(path, "principal '" + principal + "' is not Type:name", data);
            }
            AclOperation operation = AclOperation.fromName(text(path, data, entry, "operation"));
            AclPermissionType permission = AclPermissionType.fromName(text(path, data, entry, "permissionType"));
            if (operation == AclOperation.UNKNOWN || operation == AclOperation.ANY
                    || permission == AclPermissionType.UNKNOWN || permission == AclPermissionType.ANY) {
                throw new ZnodeParseException(path, "unknown operation or permission type in " + entry, data);
            }
            acls.add(new AclEntry(principal, text(path, data, entry, "host"), operation, permission));
        }
        return acls;
    }

    private static String text(String path, byte[] data, JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null || !value.isTextual()) {
            throw new ZnodeParseException(path, "ACL entry without a string '" + key + "'", data);
        }
        return value.asText();
    }

    /** The data of a change notification for {@code pattern}. */
    public static byte[] encodeChange(ResourcePattern pattern) {
        if (pattern.patternType() == PatternType.LITERAL) {
            return (pattern.resourceType().name() + ":" + pattern.name()).getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode root = ZkJson.object();
        root.put("version", VERSION);
        root.put("resourceType", pattern.resourceType().name());
        root.put("name", pattern.name());
        root.put("patternType", pattern.patternType().name());
        return ZkJson.toBytes(root);
    }

    /**
     * Decodes a change notification found under {@code changesRoot} (one of the two notification folders).
     *
     * @throws ZnodeParseException when the data names no known resource type or pattern type
     */
    public static ResourcePattern decodeChange(String changesRoot, String path, byte[] data) {
        if (LITERAL_CHANGES.equals(changesRoot)) {
            String text = new String(data == null ? new byte[0] : data, StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            ResourceType type = colon < 0 ? ResourceType.UNKNOWN : ResourceType.fromName(text.substring(0, colon));
            if (!type.isConcrete()) {
                throw new ZnodeParseException(path, "expected ResourceType:name", data);
            }
            return ResourcePattern.literal(type, text.substring(colon + 1));
        }
        JsonNode root = ZkJson.parse(path, data).root();
        ResourceType type = ResourceType.fromName(root.path("resourceType").asText(null));
        PatternType patternType = PatternType.fromName(root.path("patternType").asText(null));
        JsonNode name = root.get("name");
        if (!type.isConcrete() || !patternType.isSpecific() || name == null || !name.isTextual()) {
            throw new ZnodeParseException(path, "expected resourceType, name and patternType", data);
        }
        return new ResourcePattern(type, name.asText(), patternType);
    }
}
