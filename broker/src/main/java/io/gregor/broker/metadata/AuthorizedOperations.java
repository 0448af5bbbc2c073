package io.gregor.broker.metadata;

/**
 * The authorized-operations bit sets a broker without an authorizer reports, as Kafka does: every
 * operation a resource type supports (bit {@code n} set for Kafka's AclOperation code {@code n}),
 * and Integer.MIN_VALUE where the request did not ask. With an authorizer, {@code security.MetadataChecks}
 * replaces these by the caller's own operations.
 */
public final class AuthorizedOperations {
    /** Kafka's AclOperation codes. */
    private static final int READ = 3;
    private static final int WRITE = 4;
    private static final int CREATE = 5;
    private static final int DELETE = 6;
    private static final int ALTER = 7;
    private static final int DESCRIBE = 8;
    private static final int CLUSTER_ACTION = 9;
    private static final int DESCRIBE_CONFIGS = 10;
    private static final int ALTER_CONFIGS = 11;
    private static final int IDEMPOTENT_WRITE = 12;

    /** Read, write, create, delete, alter, describe, describe and alter configs: 8 operations. */
    public static final int TOPIC = bits(READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS);
    /** Create, cluster action, describe and alter configs, idempotent write, alter, describe: 7 operations. */
    public static final int CLUSTER = bits(CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE,
            ALTER, DESCRIBE);
    /** Read, describe, delete: 3 operations. */
    public static final int GROUP = bits(READ, DESCRIBE, DELETE);
    /** What a response carries when the request did not ask for authorized operations. */
    public static final int NOT_REQUESTED = Integer.MIN_VALUE;

    private AuthorizedOperations() {
    }

    /** {@code operations} if {@code requested}, else {@link #NOT_REQUESTED}. */
    public static int ifRequested(boolean requested, int operations) {
        return requested ? operations : NOT_REQUESTED;
    }

    private static int bits(int... codes) {
        int set = 0;
        for (int code : codes) {
            set |= 1 << code;
        }
        return set;
    }
}
