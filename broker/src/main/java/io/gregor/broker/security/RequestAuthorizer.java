package io.gregor.broker.security;

import io.gregor.broker.network.RequestContext;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import java.util.List;

/**
 * The authorizer bound to one request's principal and client address, as the checks of every API
 * use it: {@link #authorize} for what the request asks (a denial is logged, as Kafka's audit log
 * does), {@link #isAllowed} for filtering and authorized-operation bit sets (silent). Confined to
 * the request's thread.
 */
public final class RequestAuthorizer {
    private static final List<AclOperation> TOPIC_OPERATIONS = List.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final List<AclOperation> GROUP_OPERATIONS = List.of(AclOperation.READ, AclOperation.DESCRIBE,
            AclOperation.DELETE);
    private static final List<AclOperation> CLUSTER_OPERATIONS = List.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER,
            AclOperation.DESCRIBE);

    private final AclAuthorizer authorizer;
    private final KafkaPrincipal principal;
    private final String host;

    RequestAuthorizer(AclAuthorizer authorizer, RequestContext context) {
        this.authorizer = authorizer;
        this.principal = context.principal();
        this.host = context.clientAddress().getAddress().getHostAddress();
    }

    public boolean authorize(AclOperation operation, ResourceType type, String name) {
        return authorizer.authorize(principal, host, operation, type, name);
    }

    public boolean isAllowed(AclOperation operation, ResourceType type, String name) {
        return authorizer.isAllowed(principal, host, operation, type, name);
    }

    public boolean authorizeCluster(AclOperation operation) {
        return authorize(operation, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME);
    }

    public boolean isAllowedOnCluster(AclOperation operation) {
        return isAllowed(operation, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME);
    }

    public boolean isAllowedOnAnyResource(AclOperation operation, ResourceType type) {
        return authorizer.isAllowedOnAnyResource(principal, host, operation, type);
    }

    /** KIP-430's bit set: bit n set when the caller may do the operation of code n on the resource. */
    public int authorizedOperations(ResourceType type, String name) {
        List<AclOperation> supported = switch (type) {
            case TOPIC -> TOPIC_OPERATIONS;
            case GROUP -> GROUP_OPERATIONS;
            case CLUSTER -> CLUSTER_OPERATIONS;
            default -> List.of();
        };
        int bits = 0;
        for (AclOperation operation : supported) {
            if (isAllowed(operation, type, name)) {
                bits |= 1 << operation.code();
            }
        }
        return bits;
    }
}
