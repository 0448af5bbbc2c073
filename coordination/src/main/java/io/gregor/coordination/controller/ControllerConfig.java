package io.gregor.coordination.controller;

/**
 * The controller's settings: the broker default of {@code unclean.leader.election.enable} (a topic
 * override in {@code /config/topics/<t>} wins), the connect timeout and retry backoff of its
 * channels to the brokers, and the automatic preferred-leader election
 * ({@code auto.leader.rebalance.enable}, {@code leader.imbalance.check.interval.seconds} as
 * milliseconds, {@code leader.imbalance.per.broker.percentage}), and the interval of the early
 * failure detector's rounds ({@code controller.broker.probe.interval.ms}, Gregor's; 0 = off: see
 * {@link BrokerLivenessProbe}).
 */
public record ControllerConfig(boolean uncleanLeaderElectionEnable, int connectTimeoutMs, long retryBackoffMs,
                               boolean autoLeaderRebalanceEnable, long leaderImbalanceCheckIntervalMs,
                               int leaderImbalancePerBrokerPercentage, long brokerProbeIntervalMs) {

    /** Kafka's default of {@code leader.imbalance.check.interval.seconds} (300 s). */
    public static final long DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS = 300_000;
    /** Kafka's default of {@code leader.imbalance.per.broker.percentage}. */
    public static final int DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = 10;

    public ControllerConfig {
        if (leaderImbalanceCheckIntervalMs <= 0) {
            throw new IllegalArgumentException("leader.imbalance.check.interval must be positive, got "
                    + leaderImbalanceCheckIntervalMs + " ms");
        }
        if (brokerProbeIntervalMs < 0) {
            throw new IllegalArgumentException("controller.broker.probe.interval.ms must not be negative, got "
                    + brokerProbeIntervalMs);
        }
        if (leaderImbalancePerBrokerPercentage < 0 || leaderImbalancePerBrokerPercentage > 100) {
            throw new IllegalArgumentException("leader.imbalance.per.broker.percentage must be in [0, 100], got "
                    + leaderImbalancePerBrokerPercentage);
        }
    }

    /** Kafka's defaults for the automatic preferred-leader election (enabled, every 300 s, 10 %); no early failure detector. */
    public ControllerConfig(boolean uncleanLeaderElectionEnable, int connectTimeoutMs, long retryBackoffMs) {
        this(uncleanLeaderElectionEnable, connectTimeoutMs, retryBackoffMs, true,
                DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS, DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE, 0);
    }

    /** This configuration with the early failure detector probing every {@code intervalMs} (0 = off). */
    public ControllerConfig withBrokerProbeIntervalMs(long intervalMs) {
        return new ControllerConfig(uncleanLeaderElectionEnable, connectTimeoutMs, retryBackoffMs, autoLeaderRebalanceEnable,
                leaderImbalanceCheckIntervalMs, leaderImbalancePerBrokerPercentage, intervalMs);
    }

    public static ControllerConfig defaults() {
        return new ControllerConfig(false, 30_000, 100);
    }
}
