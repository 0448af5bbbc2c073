package io.gregor.clients.admin;

/**
 * One component of a DescribeClientQuotas filter: entities of {@code entityType} named
 * {@code match} (EXACT), the type's default entity (DEFAULT) or any entity of the type (ANY).
 */
public record ClientQuotaFilter(String entityType, Match matchType, String match) {
    /** Kafka's match type codes. */
    public enum Match {
        EXACT(0), DEFAULT(1), ANY(2);

        public final byte code;

        Match(int code) {
            this.code = (byte) code;
        }
    }

    public static ClientQuotaFilter exact(String entityType, String name) {
        return new ClientQuotaFilter(entityType, Match.EXACT, name);
    }

    public static ClientQuotaFilter ofDefault(String entityType) {
        return new ClientQuotaFilter(entityType, Match.DEFAULT, null);
    }

    public static ClientQuotaFilter any(String entityType) {
        return new ClientQuotaFilter(entityType, Match.ANY, null);
    }
}
