package io.gregor.broker.security;

import io.gregor.clients.acl.AclBinding;
import io.gregor.clients.protocol.Errors;
import java.util.List;

/**
 * The outcome of one CreateAcls binding ({@code deleted} empty) or one DeleteAcls filter: an error
 * (NONE when it worked) with its message, and for a delete the bindings it removed. Immutable.
 */
public record AclChangeResult(Errors error, String message, List<AclBinding> deleted) {
    public static final AclChangeResult SUCCESS = new AclChangeResult(Errors.NONE, null, List.of());

    public AclChangeResult {
        deleted = List.copyOf(deleted);
    }

    static AclChangeResult failed(Errors error, String message) {
        return new AclChangeResult(error, message, List.of());
    }
}
