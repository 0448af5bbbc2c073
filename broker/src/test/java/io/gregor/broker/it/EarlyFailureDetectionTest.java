package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The controller's early failure detector ({@code controller.broker.probe.interval.ms}, on by
 * default): a broker killed with kill -9 refuses connections at once, so the controller moves its
 * leaderships and drops it from the ISRs while its ZooKeeper session (30 s here) still holds its
 * registration, and topics created meanwhile get no replica on it (they are assigned over the brokers
 * the metadata names live, not the registrations); likewise a killed controller's registration and
 * election latch node are removed by the broker that finds it refusing connections, so another broker
 * takes over at once and new topics get no replica on it. Kafka would wait for the sessions to expire.
 */
class EarlyFailureDetectionTest {
    private static final int PARTITIONS = 3;

    @Test
    void leadershipAndNewTopicsLeaveAKilledBrokerWhileItsZooKeeperSessionStillHoldsItsRegistration() throws Exception {
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

            // every live broker's metadata has dropped the victim (the controller's UpdateMetadata), so a new
            // topic is assigned over the two live brokers although the victim is still registered
            Awaitility.await("metadata without killed broker " + victim).atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100)).until(() -> IntStream.range(0, ThreeBrokers.BROKERS)
                            .filter(id -> id != victim).allMatch(id -> !brokers.metadataBrokers(id).contains(victim)));
            String created = "created-after-kill";
            try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
                admin.createTopics(List.of(new NewTopic(created, PARTITIONS, (short) 2))).all().get(30, TimeUnit.SECONDS);
            }
            Map<Integer, List<Integer>> assignment = brokers.assignment(created);
            assertEquals(PARTITIONS, assignment.size(), "partitions of " + created + ": " + assignment);
            assertTrue(assignment.values().stream().noneMatch(replicas -> replicas.contains(victim)),
                    "no replica of " + created + " on killed broker " + victim + ": " + assignment);
            assertTrue(brokers.cluster().registeredBroker(victim).isPresent(),
                    "the topic was created while the killed broker's registration still lasted");
            Awaitility.await("leaders of " + created).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> IntStream.range(0, PARTITIONS).allMatch(p -> brokers.state(created, p)
                            .filter(st -> st.leader() >= 0 && st.isr().size() == 2).isPresent()));
        }
    }

    @Test
    void anotherBrokerBecomesControllerWhileTheKilledControllersSessionStillHoldsItsRegistration() throws Exception {
        String topic = "after-controller";
        try (ThreeBrokers brokers = ThreeBrokers.start(Map.of("zookeeper.session.timeout.ms", "30000"))) {
            int controller = brokers.awaitController();
            brokers.broker(controller).kill();
            try {
                Awaitility.await("a controller other than killed broker " + controller).atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> brokers.controllerId().filter(id -> id != controller).isPresent());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; " + brokers.diagnose("EarlyControllerFailover", topic, 0), e);
            }
            // within 15 s of kill -9 a 30 s session cannot have expired: the probes found the controller dead (and
            // removed its registration, so the new controller does not count it as live)
            assertTrue(brokers.cluster().registeredBroker(controller).isEmpty(),
                    "the dead controller's registration was removed by the broker that found it dead");
            try (org.apache.kafka.clients.admin.Admin admin = ApacheClients.admin(brokers.bootstrap())) {
                admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 2)))
                        .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            // brokers' metadata may still name the dead controller live (the new controller's UpdateMetadata
            // can arrive after the topic is created), but its registration is gone: no replica goes to it
            Map<Integer, List<Integer>> assignment = brokers.assignment(topic);
            assertTrue(assignment.values().stream().noneMatch(replicas -> replicas.contains(controller)),
                    "no replica of " + topic + " on the killed controller " + controller + ": " + assignment);
            Awaitility.await("leaders of " + topic + " from the new controller").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100)).until(() -> IntStream.range(0, 2)
                            .allMatch(p -> brokers.state(topic, p).filter(st -> st.leader() >= 0 && st.leader() != controller).isPresent()));
        }
    }
}
