package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The controller's early failure detector ({@code controller.broker.probe.interval.ms}, on by
 * default): a broker killed with kill -9 refuses connections at once, so the controller moves its
 * leaderships and drops it from the ISRs while its ZooKeeper session (30 s here) still holds its
 * registration; Kafka would wait for the session to expire.
 */
class EarlyFailureDetectionTest {
    private static final int PARTITIONS = 3;

    @Test
    void leadershipLeavesAKilledBrokerWhileItsZooKeeperSessionStillHoldsItsRegistration() throws Exception {
        String topic = "early";
        try (ThreeBrokers brokers = ThreeBrokers.start(Map.of("zookeeper.session.timeout.ms", "30000"))) {
            brokers.createTopic(topic, PARTITIONS, Map.of());
            int controller = brokers.awaitController();
            int victim = IntStream.range(0, PARTITIONS).map(p -> brokers.state(topic, p).orElseThrow().leader())
                    .filter(leader -> leader != controller).findFirst().orElse((controller + 1) % ThreeBrokers.BROKERS);
            brokers.broker(victim).kill();
            try {
                Awaitility.await("leaders and ISRs without killed broker " + victim).atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(100)).until(() -> IntStream.range(0, PARTITIONS)
                                .allMatch(p -> brokers.state(topic, p).filter(s -> s.leader() >= 0 && s.leader() != victim
                                        && !s.isr().contains(victim)).isPresent()));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; " + brokers.diagnose("EarlyFailureDetectionTest", topic, PARTITIONS), e);
            }
            assertTrue(brokers.cluster().registeredBroker(victim).isPresent(),
                    "the killed broker's session has not expired yet, so only the probe can have found it dead");
        }
    }
}
