package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Fault test: three broker processes started through {@code bin/gregor-server-start.sh} (it runs in
 * the integration-test phase, after {@code package}; see {@link BrokerProcess}) while an idempotent acks=all producer writes; each round kill -9's one broker
 * (by turns the leader of a partition, the controller, and a plain broker) and restarts it at once
 * on its log dir. At the end a consumer must read every acknowledged record exactly once, in order
 * per partition, and the replicas of every partition must be byte-identical.
 *
 * <p>Rounds: system property {@code gregor.fault.rounds} (default 3, the short variant in
 * {@code mvn verify}); by hand, e.g.
 * {@code mvn -B -DskipTests package && mvn -B -pl broker -am test -Dtest=ClusterFaultIT -Dgregor.brokers.throughBinScripts=true -Dgregor.fault.rounds=30 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ClusterFaultIT {
    private static final int PARTITIONS = 3;
    private static final int ROUNDS = Integer.getInteger("gregor.fault.rounds", 3);

    @Test
    void repeatedKillMinus9OfLeadersAndControllersLosesNoAcknowledgedRecord() throws Exception {
        String topic = "faults";
        List<String> victims = new ArrayList<>();
        try (ThreeBrokers brokers = ThreeBrokers.start(Map.of())) {
            brokers.createTopic(topic, PARTITIONS, Map.of("min.insync.replicas", "2"));
            AckedWrites writes = new AckedWrites(brokers.bootstrap(), topic, PARTITIONS);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    int acked = writes.acknowledgedCount();
                    writes.awaitAcknowledged(acked + 300);
                    int victim;
                    String role;
                    switch (round % 3) {
                        case 0 -> {
                            victim = brokers.state(topic, round % PARTITIONS).orElseThrow().leader();
                            role = "leader of " + topic + "-" + (round % PARTITIONS);
                        }
                        case 1 -> {
                            victim = brokers.awaitController();
                            role = "controller";
                        }
                        default -> {
                            victim = (round / 3) % ThreeBrokers.BROKERS;
                            role = "broker";
                        }
                    }
                    victims.add("round " + round + ": " + role + " " + victim);
                    brokers.broker(victim).kill();
                    brokers.start(victim);
                    // the next victim may only go once every partition is fully replicated again
                    try {
                        Awaitility.await("full ISR after " + victims.get(round)).atMost(ThreeBrokers.WAIT)
                                .pollInterval(Duration.ofMillis(100)).until(() -> IntStream.range(0, PARTITIONS)
                                        .allMatch(p -> brokers.state(topic, p).filter(s -> s.leader() >= 0
                                                && s.isr().size() == ThreeBrokers.BROKERS).isPresent()));
                    } catch (ConditionTimeoutException e) {
                        throw new AssertionError(e.getMessage() + "; rounds " + victims + "; "
                                + brokers.diagnose("ClusterFaultIT", topic, PARTITIONS), e);
                    }
                }
                writes.awaitAcknowledged(writes.acknowledgedCount() + 300);
            } finally {
                writes.close();
            }
            int read = writes.verify(brokers.bootstrap());
            assertEquals(writes.acknowledgedCount(), read, "rounds: " + victims);
            for (int p = 0; p < PARTITIONS; p++) {
                brokers.awaitIdenticalReplicas(topic, p);
            }
            assertTrue(victims.size() == ROUNDS);
        }
    }
}
