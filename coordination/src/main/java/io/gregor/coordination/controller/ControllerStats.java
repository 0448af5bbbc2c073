package io.gregor.coordination.controller;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's {@code kafka.controller:type=ControllerStats} metrics the controller records:
 * {@code LeaderElectionRateAndTimeMs}, a timer of the broker-change events it handles (brokers
 * leaving or arriving, and the leader elections they bring: Kafka times its BrokerChange event
 * under this name), and {@code UncleanLeaderElectionsPerSec}, marked per partition given a leader
 * from outside its ISR. Every broker has them; only the active controller's move. Thread-safe.
 */
public final class ControllerStats {
    static final String PREFIX = "kafka.controller:type=ControllerStats,name=";
    static final String LEADER_ELECTION = PREFIX + "LeaderElectionRateAndTimeMs";
    static final String UNCLEAN_LEADER_ELECTIONS = PREFIX + "UncleanLeaderElectionsPerSec";

    private final Timer leaderElection;
    private final Meter uncleanLeaderElections;

    private ControllerStats(Timer leaderElection, Meter uncleanLeaderElections) {
        this.leaderElection = leaderElection;
        this.uncleanLeaderElections = uncleanLeaderElections;
    }

    /** Stats kept nowhere visible (a controller whose broker publishes no metrics, tests). */
    static ControllerStats unregistered() {
        return new ControllerStats(new Timer(), new Meter());
    }

    /** Stats registered in {@code registry} under Kafka's names (the existing ones if already there). */
    static ControllerStats registeredIn(MetricRegistry registry) {
        return new ControllerStats(registry.timer(LEADER_ELECTION), registry.meter(UNCLEAN_LEADER_ELECTIONS));
    }

    /** A broker change (some broker left or arrived) was handled in {@code nanos}. */
    void brokerChangeHandled(long nanos) {
        leaderElection.update(nanos, TimeUnit.NANOSECONDS);
    }

    /** A partition got a leader from outside its ISR. */
    void uncleanLeaderElected() {
        uncleanLeaderElections.mark();
    }
}
