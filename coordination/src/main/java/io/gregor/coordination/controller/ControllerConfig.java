package io.gregor.coordination.controller;

/**
 * The controller's settings: the broker default of {@code unclean.leader.election.enable} (a topic
 * override in {@code /config/topics/<t>} wins), and the connect timeout and retry backoff of its
 * channels to the brokers.
 */
public record ControllerConfig(boolean uncleanLeaderElectionEnable, int connectTimeoutMs, long retryBackoffMs) {

    public static ControllerConfig defaults() {
        return new ControllerConfig(false, 30_000, 100);
    }
}
