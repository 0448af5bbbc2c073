package io.gregor.broker.security;

import io.gregor.broker.config.AuthorizerSettings;
import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.acl.AclChangeWatcher;
import io.gregor.clients.acl.AclBinding;
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclFilter;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.AclPermissionType;
import io.gregor.coordination.acl.AclStore;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.coordination.acl.VersionedAcls;
import io.gregor.coordination.zk.GregorZkClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorization with the semantics of Kafka's ZooKeeper-mode {@code AclAuthorizer}: ACLs stored in
 * ZooKeeper ({@link AclStore}) and cached on every broker, kept current by the change
 * notifications every broker writes after a change ({@link AclChangeWatcher}).
 *
 * <p>A request is allowed when its principal is a super user; else when no ACL applies to the
 * resource and {@code allow.everyone.if.no.acl.found} is set; else when no applying Deny ACL
 * matches and an applying Allow ACL does. ACLs apply to a resource by its literal name, by the
 * {@code *} wildcard and by every prefix of its name stored as a PREFIXED pattern; an ACL matches
 * the principal (or {@code User:*}), the client's IP (or {@code *}) and the operation (or All);
 * an Allow of Read, Write, Delete or Alter also allows Describe, and AlterConfigs allows
 * DescribeConfigs. Deny always wins.
 *
 * <p>Thread-safe: checks read an immutable {@link AclCache} snapshot without locking; changes (the
 * CreateAcls/DeleteAcls of this broker and notifications from others) are serialized by
 * {@link #updates} and write ZooKeeper conditionally on the znode version, retrying on conflict,
 * so concurrent changes on several brokers lose nothing.
 */
public final class AclAuthorizer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AclAuthorizer.class);
    /** Kafka's audit logger name: operators grep for it. */
    private static final Logger audit = LoggerFactory.getLogger("kafka.authorizer.logger");
    private static final int MAX_UPDATE_RETRIES = 10;
    private static final long NOTIFICATION_MAX_AGE_MS = 15 * 60 * 1000L;

    private final AclStore store;
    private final Set<KafkaPrincipal> superUsers;
    private final boolean allowEveryoneIfNoAclFound;
    private final AclChangeWatcher watcher;
    private final GregorZkClient zk;
    private final Executor changeExecutor;
    /** After a reconnect every ACL is read again: notifications may have come and gone meanwhile. */
    private final ConnectionStateListener reconnects = (client, state) -> {
        if (state == ConnectionState.RECONNECTED) {
            reloadAllSoon();
        }
    };
    /** Serializes cache updates and ZooKeeper writes. */
    private final Object updates = new Object();
    /** Replaced under {@link #updates}, read without a lock. */
    private volatile AclCache cache = AclCache.EMPTY;

    /**
     * @param changeExecutor where change notifications are applied (they read ZooKeeper, so not on Curator's thread)
     */
    public AclAuthorizer(GregorZkClient zk, AuthorizerSettings settings, Executor changeExecutor) {
        this.store = new AclStore(zk);
        this.zk = zk;
        this.changeExecutor = changeExecutor;
        this.superUsers = settings.superUsers();
        this.allowEveryoneIfNoAclFound = settings.allowEveryoneIfNoAclFound();
        this.watcher = new AclChangeWatcher(zk, pattern -> changeExecutor.execute(() -> reload(pattern)));
    }

    /** Creates Kafka's ACL paths, starts the change watch, then loads every ACL (in this order: no change is missed). */
    public void start() {
        store.ensurePaths();
        watcher.start();
        synchronized (updates) {
            cache = AclCache.of(store.loadAll());
        }
        zk.curator().getConnectionStateListenable().addListener(reconnects);
        log.info("ACL authorizer loaded {} resource patterns (super users {}, allow.everyone.if.no.acl.found={})",
                cache.all().size(), superUsers, allowEveryoneIfNoAclFound);
    }

    private void reloadAllSoon() {
        changeExecutor.execute(() -> {
            try {
                synchronized (updates) {
                    cache = AclCache.of(store.loadAll());
                }
                log.info("ACL authorizer reloaded {} resource patterns after a ZooKeeper reconnect", cache.all().size());
            } catch (RuntimeException e) {
                log.error("Could not reload the ACLs after a ZooKeeper reconnect; changes made meanwhile apply at their next notification", e);
            }
        });
    }

    // ---- checks ----------------------------------------------------------------------------

    /** Whether {@code principal} from {@code host} (an IP address as text) may do {@code operation} on the named resource; a denial is logged. */
    public boolean authorize(KafkaPrincipal principal, String host, AclOperation operation, ResourceType type, String name) {
        boolean allowed = isAllowed(principal, host, operation, type, name);
        if (!allowed) {
            audit.info("Principal = {} is Denied Operation = {} from host = {} on resource = {}:LITERAL:{}", principal,
                    operation.kafkaName(), host, type.kafkaName(), name);
        }
        return allowed;
    }

    /** As {@link #authorize}, silent: for filtering and authorized-operation bit sets. */
    public boolean isAllowed(KafkaPrincipal principal, String host, AclOperation operation, ResourceType type, String name) {
        if (superUsers.contains(principal)) {
            return true;
        }
        List<AclEntry> acls = cache.matching(type, name);
        if (acls.isEmpty()) {
            return allowEveryoneIfNoAclFound;
        }
        if (anyMatches(acls, principal, host, operation, AclPermissionType.DENY)) {
            return false;
        }
        if (anyMatches(acls, principal, host, operation, AclPermissionType.ALLOW)) {
            return true;
        }
        return switch (operation) {
            case DESCRIBE -> anyMatches(acls, principal, host, AclOperation.READ, AclPermissionType.ALLOW)
                    || anyMatches(acls, principal, host, AclOperation.WRITE, AclPermissionType.ALLOW)
                    || anyMatches(acls, principal, host, AclOperation.DELETE, AclPermissionType.ALLOW)
                    || anyMatches(acls, principal, host, AclOperation.ALTER, AclPermissionType.ALLOW);
            case DESCRIBE_CONFIGS -> anyMatches(acls, principal, host, AclOperation.ALTER_CONFIGS, AclPermissionType.ALLOW);
            default -> false;
        };
    }

    private static boolean anyMatches(List<AclEntry> acls, KafkaPrincipal principal, String host, AclOperation operation,
                                      AclPermissionType permission) {
        for (int i = 0; i < acls.size(); i++) {
            AclEntry acl = acls.get(i);
            if (acl.permissionType() == permission
                    && (acl.operation() == operation || acl.operation() == AclOperation.ALL)
                    && (acl.host().equals(host) || acl.host().equals(AclEntry.WILDCARD_HOST))
                    && principalMatches(acl.principal(), principal)) {
                return true;
            }
        }
        return false;
    }

    private static boolean principalMatches(String aclPrincipal, KafkaPrincipal principal) {
        if (aclPrincipal.equals(AclEntry.WILDCARD_PRINCIPAL)) {
            return true;
        }
        String type = principal.type();
        String name = principal.name();
        return aclPrincipal.length() == type.length() + 1 + name.length()
                && aclPrincipal.startsWith(type) && aclPrincipal.charAt(type.length()) == ':'
                && aclPrincipal.endsWith(name);
    }

    /**
     * Whether the principal may do {@code operation} on at least one resource of {@code type}, as
     * Kafka's authorizeByResourceType decides it (used by InitProducerId: Write on any topic):
     * a Deny on the literal wildcard refuses; otherwise an Allow on some literal or prefixed
     * pattern not covered by a Deny on the same name or a shorter prefix grants.
     */
    public boolean isAllowedOnAnyResource(KafkaPrincipal principal, String host, AclOperation operation, ResourceType type) {
        if (superUsers.contains(principal)) {
            return true;
        }
        Set<String> denyLiterals = new HashSet<>();
        Set<String> denyPrefixes = new HashSet<>();
        Set<String> allowLiterals = new HashSet<>();
        Set<String> allowPrefixes = new HashSet<>();
        for (Map.Entry<ResourcePattern, VersionedAcls> entry : cache.ofType(type)) {
            ResourcePattern pattern = entry.getKey();
            for (AclEntry acl : entry.getValue().acls()) {
                if ((acl.operation() != operation && acl.operation() != AclOperation.ALL)
                        || !(acl.host().equals(host) || acl.host().equals(AclEntry.WILDCARD_HOST))
                        || !principalMatches(acl.principal(), principal)) {
                    continue;
                }
                boolean literal = pattern.patternType() == PatternType.LITERAL;
                Set<String> into = acl.permissionType() == AclPermissionType.DENY
                        ? (literal ? denyLiterals : denyPrefixes) : (literal ? allowLiterals : allowPrefixes);
                into.add(pattern.name());
            }
        }
        if (denyLiterals.contains(ResourcePattern.WILDCARD)) {
            return false;
        }
        if (allowEveryoneIfNoAclFound) {
            return true;
        }
        for (String prefix : allowPrefixes) {
            if (!hasDominantPrefixedDeny(prefix, denyPrefixes)) {
                return true;
            }
        }
        for (String literal : allowLiterals) {
            if (literal.equals(ResourcePattern.WILDCARD)
                    || (!denyLiterals.contains(literal) && !hasDominantPrefixedDeny(literal, denyPrefixes))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDominantPrefixedDeny(String name, Set<String> denyPrefixes) {
        for (int i = 1; i <= name.length(); i++) {
            if (denyPrefixes.contains(name.substring(0, i))) {
                return true;
            }
        }
        return false;
    }

    // ---- ACL management --------------------------------------------------------------------

    /** Every stored binding {@code filter} matches (DescribeAcls), from this broker's cache. */
    public List<AclBinding> acls(AclFilter filter) {
        List<AclBinding> found = new ArrayList<>();
        cache.all().forEach((pattern, versioned) -> versioned.acls().forEach(acl -> {
            AclBinding binding = new AclBinding(pattern, acl);
            if (filter.matches(binding)) {
                found.add(binding);
            }
        }));
        return found;
    }

    /** Adds {@code bindings} (CreateAcls), one result per binding in order. */
    public List<AclChangeResult> createAcls(List<AclBinding> bindings) {
        AclChangeResult[] results = new AclChangeResult[bindings.size()];
        Map<ResourcePattern, List<Integer>> byPattern = new LinkedHashMap<>();
        for (int i = 0; i < bindings.size(); i++) {
            String problem = problem(bindings.get(i));
            if (problem != null) {
                results[i] = AclChangeResult.failed(Errors.INVALID_REQUEST, problem);
            } else {
                byPattern.computeIfAbsent(bindings.get(i).pattern(), p -> new ArrayList<>()).add(i);
            }
        }
        synchronized (updates) {
            byPattern.forEach((pattern, indexes) -> {
                AclChangeResult result;
                try {
                    update(pattern, current -> {
                        Set<AclEntry> next = new LinkedHashSet<>(current);
                        indexes.forEach(i -> next.add(bindings.get(i).entry()));
                        return next;
                    });
                    result = AclChangeResult.SUCCESS;
                } catch (RuntimeException e) {
                    log.error("Could not add ACLs to {}", pattern, e);
                    result = AclChangeResult.failed(Errors.UNKNOWN_SERVER_ERROR, e.getMessage());
                }
                for (int i : indexes) {
                    results[i] = result;
                }
            });
        }
        return List.of(results);
    }

    private static String problem(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        AclEntry entry = binding.entry();
        if (!pattern.resourceType().isConcrete() || !pattern.patternType().isSpecific()
                || entry.operation() == AclOperation.ANY || entry.operation() == AclOperation.UNKNOWN
                || entry.permissionType() == AclPermissionType.ANY || entry.permissionType() == AclPermissionType.UNKNOWN) {
            return "ACL binding contains unknown elements";
        }
        if (pattern.resourceType() == ResourceType.CLUSTER && !pattern.name().equals(ResourcePattern.CLUSTER_NAME)) {
            return "The only valid name for the CLUSTER resource is " + ResourcePattern.CLUSTER_NAME;
        }
        if (pattern.name().isEmpty()) {
            return "Invalid empty resource name";
        }
        if (pattern.name().contains("/")) {
            return "ACL binding contains invalid resource name: " + pattern.name();
        }
        try {
            KafkaPrincipal.parse(entry.principal());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Removes the bindings each filter matches (DeleteAcls), one result per filter in order. */
    public List<AclChangeResult> deleteAcls(List<AclFilter> filters) {
        List<List<AclBinding>> deleted = new ArrayList<>();
        filters.forEach(f -> deleted.add(new ArrayList<>()));
        Errors[] errors = new Errors[filters.size()];
        String[] messages = new String[filters.size()];
        synchronized (updates) {
            Set<ResourcePattern> candidates = new LinkedHashSet<>(cache.all().keySet());
            filters.forEach(f -> candidates.addAll(f.exactPatterns()));
            for (ResourcePattern pattern : candidates) {
                List<Integer> matching = new ArrayList<>();
                for (int i = 0; i < filters.size(); i++) {
                    if (!filters.get(i).isUnknown() && filters.get(i).matches(pattern)) {
                        matching.add(i);
                    }
                }
                if (matching.isEmpty()) {
                    continue;
                }
                Map<AclBinding, Integer> removing = new LinkedHashMap<>();
                try {
                    update(pattern, current -> {
                        removing.clear();
                        Set<AclEntry> next = new LinkedHashSet<>(current);
                        for (AclEntry acl : current) {
                            for (int i : matching) {
                                if (filters.get(i).matches(acl)) {
                                    removing.putIfAbsent(new AclBinding(pattern, acl), i);
                                    next.remove(acl);
                                }
                            }
                        }
                        return next;
                    });
                    removing.forEach((binding, i) -> deleted.get(i).add(binding));
                } catch (RuntimeException e) {
                    log.error("Could not delete ACLs of {}", pattern, e);
                    for (int i : matching) {
                        errors[i] = Errors.UNKNOWN_SERVER_ERROR;
                        messages[i] = e.getMessage();
                    }
                }
            }
        }
        List<AclChangeResult> results = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i).isUnknown()) {
                results.add(AclChangeResult.failed(Errors.INVALID_REQUEST, "The filter contains unknown elements"));
            } else if (errors[i] != null) {
                results.add(AclChangeResult.failed(errors[i], messages[i]));
            } else {
                results.add(new AclChangeResult(Errors.NONE, null, deleted.get(i)));
            }
        }
        return results;
    }

    /**
     * Applies {@code change} to the ACLs of {@code pattern} in ZooKeeper, conditionally on the
     * version read, re-reading and retrying on a conflict; then updates the cache and notifies the
     * other brokers. A change that changes nothing writes nothing (after making sure the cached view is current). Caller holds {@link #updates}.
     */
    private void update(ResourcePattern pattern, UnaryOperator<Set<AclEntry>> change) {
        VersionedAcls current = cache.contains(pattern) ? cache.get(pattern) : store.read(pattern);
        for (int attempt = 0; attempt <= MAX_UPDATE_RETRIES; attempt++) {
            Set<AclEntry> next = change.apply(current.acls());
            if (next.equals(current.acls())) {
                // nothing to change here, unless this view is stale (a notification still on its way)
                VersionedAcls stored = store.read(pattern);
                if (stored.zkVersion() == current.zkVersion()) {
                    return;
                }
                current = stored;
                continue;
            }
            OptionalInt written;
            if (next.isEmpty()) {
                written = !current.exists() || store.deleteIfVersion(pattern, current.zkVersion())
                        ? OptionalInt.of(VersionedAcls.NO_ZNODE) : OptionalInt.empty();
            } else if (current.exists()) {
                written = store.setIfVersion(pattern, next, current.zkVersion());
            } else {
                written = store.createIfAbsent(pattern, next);
            }
            if (written.isPresent()) {
                VersionedAcls now = new VersionedAcls(next, written.getAsInt());
                cache = cache.with(pattern, now);
                store.notifyChange(pattern);
                log.info("Updated ACLs of {}: {}", pattern, now.acls());
                return;
            }
            sleepQuietly(100 + ThreadLocalRandom.current().nextInt(50));
            current = store.read(pattern);
        }
        throw new IllegalStateException("Failed to update the ACLs of " + pattern + " after " + MAX_UPDATE_RETRIES + " retries");
    }

    /** A notification said {@code pattern}'s ACLs changed: read them again. */
    private void reload(ResourcePattern pattern) {
        try {
            synchronized (updates) {
                VersionedAcls now = store.read(pattern);
                cache = cache.with(pattern, now);
                log.info("ACL change notification for {}: now {}", pattern, now.acls());
            }
            store.purgeNotificationsOlderThan(NOTIFICATION_MAX_AGE_MS, System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.error("Could not apply the ACL change notification for {}", pattern, e);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an ACL update", e);
        }
    }

    @Override
    public void close() {
        zk.curator().getConnectionStateListenable().removeListener(reconnects);
        watcher.close();
    }
}
