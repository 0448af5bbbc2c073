package io.gregor.coordination.controller;

import io.gregor.clients.security.ClientSecurity;

/**
 * The controller's settings: the broker default of {@code unclean.leader.election.enable} (a topic
 * override in {@code /config/topics/<t>} wins), the connect timeout and retry backoff of its
 * channels to the brokers, and the automatic preferred-leader election
 * ({@code auto.leader.rebalance.enable}, {@code leader.imbalance.check.interval.seconds} as
 * milliseconds, {@code leader.imbalance.per.broker.percentage}), and the interval of the early
 * failure detector's rounds ({@code controller.broker.probe.interval.ms}, Gregor's; 0 = off: see
 * {@link BrokerLivenessProbe}), and how long a broker granted a controlled shutdown may stay
 * registered before it is taken as live again ({@link #DEFAULT_SHUTDOWN_GRANT_EXPIRY_MS}; not a
 * broker key). The controller sends its requests to each broker's {@code brokerListenerName} endpoint
 * ({@code control.plane.listener.name}, else the inter-broker listener; null: the first endpoint a
 * broker registered), connecting as {@code brokerSecurity} says (TLS for an SSL listener).
 */
public record ControllerConfig(boolean uncleanLeaderElectionEnable, int connectTimeoutMs, long retryBackoffMs,
                               boolean autoLeaderRebalanceEnable, long leaderImbalanceCheckIntervalMs,
                               int leaderImbalancePerBrokerPercentage, long brokerProbeIntervalMs,
                               long shutdownGrantExpiryMs, String brokerListenerName, ClientSecurity brokerSecurity) {

    /** Channels to each broker's first endpoint, over PLAINTEXT. */
    public ControllerConfig(boolean uncleanLeaderElectionEnable, int connectTimeoutMs, long retryBackoffMs,
                            boolean autoLeaderRebalanceEnable, long leaderImbalanceCheckIntervalMs,
                            int leaderImbalancePerBrokerPercentage, long brokerProbeIntervalMs, long shutdownGrantExpiryMs) {
        this(uncleanLeaderElectionEnable, connectTimeoutMs, retryBackoffMs, autoLeaderRebalanceEnable,
                leaderImbalanceCheckIntervalMs, leaderImbalancePerBrokerPercentage, brokerProbeIntervalMs,
                shutdownGrantExpiryMs, null, ClientSecurity.PLAINTEXT);
    }

    /** This configuration with channels to each broker's {@code listenerName} endpoint, connected as {@code security}. */
    public ControllerConfig withBrokerChannel(String listenerName, ClientSecurity security) {
        return new ControllerConfig(uncleanLeaderElectionEnable, connectTimeoutMs, retryBackoffMs, autoLeaderRebalanceEnable,
                leaderImbalanceCheckIntervalMs, leaderImbalancePerBrokerPercentage, brokerProbeIntervalMs,
                shutdownGrantExpiryMs, listenerName, security);
    }

    /** Kafka's default of {@code leader.imbalance.check.interval.seconds} (300 s). */
    public static final long DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS = 300_000;
    /** Kafka's default of {@code leader.imbalance.per.broker.percentage}. */
    public static final int DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = 10;
    /**
     * A Gregor broker gives up its registration right after its controlled shutdown is granted (it
     * asks again every {@code controlled.shutdown.retry.backoff.ms} while it still leads partitions);
     * one still registered this long after its last grant is not shutting down.
     */
    public static final long DEFAULT_SHUTDOWN_GRANT_EXPIRY_MS = 30_000;

    public ControllerConfig {
        if (leaderImbalanceCheckIntervalMs <= 0) {
            throw new IllegalArgumentException("leader.imbalance.check.interval must be positive, got "
                    + leaderImbalanceCheckIntervalMs + " ms");
        }
        if (brokerProbeIntervalMs < 0) {
            throw new IllegalArgumentException("controller.broker.probe.interval.ms must not be negative, got "
                    + brokerProbeIntervalMs);
        }
        if (shutdownGrantExpiryMs <= 0) {
            throw new IllegalArgumentException("shutdown grant expiry must be positive, got " + shutdownGrantExpiryMs + " ms");
        }
        if (leaderImbalancePerBrokerPercentage < 0 || leaderImbalancePerBrokerPercentage > 100) {
            throw new IllegalArgumentException("leader.imbalance.per.broker.percentage must be in [0, 100], got "
                    + leaderImbalancePerBrokerPercentage);
        }
    }

    /** Kafka's defaults for the automatic preferred-leader election (enabled, every 300 s, 10 %); no early failure detector. */
    public ControllerConfig(boolean uncleanLeaderElectionEnable, int connectTimeoutMs, long retryBackoffMs) {
        this(uncleanLeaderElectionEnable, connectTimeoutMs, retryBackoffMs, true,
                DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS, DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE, 0,
                DEFAULT_SHUTDOWN_GRANT_EXPIRY_MS);
    }

    /** This configuration with the early failure detector probing every {@code intervalMs} (0 = off). */
    public ControllerConfig withBrokerProbeIntervalMs(long intervalMs) {
        return new ControllerConfig(uncleanLeaderElectionEnable, connectTimeoutMs, retryBackoffMs, autoLeaderRebalanceEnable,
                leaderImbalanceCheckIntervalMs, leaderImbalancePerBrokerPercentage, intervalMs, shutdownGrantExpiryMs,
                brokerListenerName, brokerSecurity);
    }

    /** This configuration with a granted controlled shutdown expiring after {@code expiryMs} (tests). */
    public ControllerConfig withShutdownGrantExpiryMs(long expiryMs) {
        return new ControllerConfig(uncleanLeaderElectionEnable, connectTimeoutMs, retryBackoffMs, autoLeaderRebalanceEnable,
                leaderImbalanceCheckIntervalMs, leaderImbalancePerBrokerPercentage, brokerProbeIntervalMs, expiryMs);
    }

    public static ControllerConfig defaults() {
        return new ControllerConfig(false, 30_000, 100);
    }
}
