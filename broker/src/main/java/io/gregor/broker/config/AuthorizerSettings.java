package io.gregor.broker.config;

import io.gregor.broker.security.KafkaPrincipal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The authorizer keys, as Kafka reads them in ZooKeeper mode: {@code authorizer.class.name} (empty:
 * no authorizer; Kafka's {@code kafka.security.authorizer.AclAuthorizer}, its older
 * {@code kafka.security.auth.SimpleAclAuthorizer} and Gregor's {@code io.gregor.broker.security.AclAuthorizer}
 * all name Gregor's ACL authorizer), {@code super.users} (principals separated by semicolons) and
 * {@code allow.everyone.if.no.acl.found} (default false). Immutable.
 */
public record AuthorizerSettings(boolean enabled, Set<KafkaPrincipal> superUsers, boolean allowEveryoneIfNoAclFound) {
    public static final String CLASS_KEY = "authorizer.class.name";
    public static final String SUPER_USERS_KEY = "super.users";
    public static final String ALLOW_EVERYONE_KEY = "allow.everyone.if.no.acl.found";
    /** Class names that mean Gregor's ACL authorizer. */
    public static final List<String> ACL_AUTHORIZER_CLASSES = List.of("kafka.security.authorizer.AclAuthorizer",
            "kafka.security.auth.SimpleAclAuthorizer", "io.gregor.broker.security.AclAuthorizer");

    public static final AuthorizerSettings NONE = new AuthorizerSettings(false, Set.of(), false);

    public AuthorizerSettings {
        superUsers = Set.copyOf(superUsers);
    }

    /** @throws ConfigException naming the key on an unknown class name or a super user that is not Type:name */
    static AuthorizerSettings parse(String className, String superUsers, boolean allowEveryone) {
        String name = className == null ? "" : className.trim();
        if (!name.isEmpty() && !ACL_AUTHORIZER_CLASSES.contains(name)) {
            throw new ConfigException(CLASS_KEY, name, "unknown authorizer; use one of " + ACL_AUTHORIZER_CLASSES
                    + " or leave it empty for none");
        }
        Set<KafkaPrincipal> principals = new LinkedHashSet<>();
        if (superUsers != null) {
            for (String entry : superUsers.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    principals.add(KafkaPrincipal.parse(entry.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(SUPER_USERS_KEY, superUsers, e.getMessage());
                }
            }
        }
        return new AuthorizerSettings(!name.isEmpty(), principals, allowEveryone);
    }
}
