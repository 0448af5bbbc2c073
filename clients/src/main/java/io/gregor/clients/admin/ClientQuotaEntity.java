package io.gregor.clients.admin;

import java.util.Map;
import java.util.TreeMap;

/**
 * A client quota entity: entity type ({@code user}, {@code client-id}) to name, a null name meaning
 * the type's default entity.
 */
public record ClientQuotaEntity(Map<String, String> entries) {
    public static final String USER = "user";
    public static final String CLIENT_ID = "client-id";

    public ClientQuotaEntity {
        entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
    }
}
