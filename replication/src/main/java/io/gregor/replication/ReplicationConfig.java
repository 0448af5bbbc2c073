package io.gregor.replication;

import io.gregor.clients.security.ClientSecurity;

/**
 * The broker settings of multi-broker replication, with Kafka's key names.
 *
 * @param numReplicaFetchers       {@code num.replica.fetchers}: fetcher threads per source broker
 * @param replicaFetchMaxBytes     {@code replica.fetch.max.bytes}: per-partition bytes per fetch
 * @param replicaFetchResponseMaxBytes {@code replica.fetch.response.max.bytes}: bytes per fetch response
 * @param replicaFetchMinBytes     {@code replica.fetch.min.bytes}
 * @param replicaFetchWaitMaxMs    {@code replica.fetch.wait.max.ms}: the long poll of a follower fetch
 * @param replicaFetchBackoffMs    {@code replica.fetch.backoff.ms}: pause after a fetch error
 * @param replicaLagTimeMaxMs      {@code replica.lag.time.max.ms}: a follower not caught up for longer leaves the ISR
 * @param connectTimeoutMs         how long a fetcher or the AlterPartition sender waits for a connection
 * @param replicaSocketTimeoutMs   {@code replica.socket.timeout.ms}: how long a fetcher waits for a response before
 *                                 it closes the connection and connects again
 * @param interBrokerSecurity      how fetchers and the AlterPartition sender connect: the inter-broker
 *                                 listener's protocol, with the broker's own keystore and truststore for TLS
 */
public record ReplicationConfig(int numReplicaFetchers, int replicaFetchMaxBytes, int replicaFetchResponseMaxBytes,
                                int replicaFetchMinBytes, int replicaFetchWaitMaxMs, long replicaFetchBackoffMs,
                                long replicaLagTimeMaxMs, int connectTimeoutMs, int replicaSocketTimeoutMs,
                                ClientSecurity interBrokerSecurity) {
    /** Settings over a PLAINTEXT inter-broker listener. */
    public ReplicationConfig(int numReplicaFetchers, int replicaFetchMaxBytes, int replicaFetchResponseMaxBytes,
                             int replicaFetchMinBytes, int replicaFetchWaitMaxMs, long replicaFetchBackoffMs,
                             long replicaLagTimeMaxMs, int connectTimeoutMs, int replicaSocketTimeoutMs) {
        this(numReplicaFetchers, replicaFetchMaxBytes, replicaFetchResponseMaxBytes, replicaFetchMinBytes,
                replicaFetchWaitMaxMs, replicaFetchBackoffMs, replicaLagTimeMaxMs, connectTimeoutMs, replicaSocketTimeoutMs,
                ClientSecurity.PLAINTEXT);
    }

    public ReplicationConfig {
        java.util.Objects.requireNonNull(interBrokerSecurity, "interBrokerSecurity");
        if (numReplicaFetchers < 1) {
            throw new IllegalArgumentException("num.replica.fetchers must be at least 1, not " + numReplicaFetchers);
        }
        if (replicaLagTimeMaxMs < 1) {
            throw new IllegalArgumentException("replica.lag.time.max.ms must be positive, not " + replicaLagTimeMaxMs);
        }
        if (replicaSocketTimeoutMs < replicaFetchWaitMaxMs) {
            throw new IllegalArgumentException("replica.socket.timeout.ms (" + replicaSocketTimeoutMs
                    + ") must be at least replica.fetch.wait.max.ms (" + replicaFetchWaitMaxMs + ")");
        }
    }

    /** Kafka's defaults. */
    public static ReplicationConfig defaults() {
        return new ReplicationConfig(1, 1_048_576, 10_485_760, 1, 500, 1_000L, 30_000L, 10_000, 30_000);
    }
}
