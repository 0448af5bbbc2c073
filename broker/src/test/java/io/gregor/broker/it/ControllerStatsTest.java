package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The controller's {@code kafka.controller:type=ControllerStats} metrics on three in-process brokers
 * (broker 0 the controller): a stopped leader's broker marks {@code LeaderElectionRateAndTimeMs} on
 * the controller only, its partition's new leader shows in {@code PreferredReplicaImbalanceCount}
 * ({@code ControllerState} is idle, 0, at rest),
 * and a replica from outside the ISR made leader marks {@code UncleanLeaderElectionsPerSec}; read
 * from each broker's registry, over JMX and on the Prometheus endpoint.
 */
class ControllerStatsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> METRICS_ON = Map.of("metrics.http.listener", "http://127.0.0.1:0");
    private static final String LEADER_ELECTION = "kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs";
    private static final String UNCLEAN = "kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec";
    private static final String STATE = "kafka.controller:type=KafkaController,name=ControllerState";
    private static final String IMBALANCE = "kafka.controller:type=KafkaController,name=PreferredReplicaImbalanceCount";

    @Test
    void aStoppedLeadersBrokerMarksLeaderElectionOnTheControllerAndLeavesItsPartitionImbalanced() throws Exception {
        try (InProcessBrokers c = InProcessBrokers.start(3, METRICS_ON, WAIT)) {
            GregorServer controller = c.brokers()[0];
            c.admin().createTopics(List.of(new NewTopic("elected", Map.of(0, List.of(1, 2, 0))))).all().get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> leader(c.admin(), "elected") == 1);
            await().atMost(WAIT).untilAsserted(() -> assertEquals(0, gauge(controller, IMBALANCE)));
            long before = controller.metrics().registry().timer(LEADER_ELECTION).getCount();
            assertEquals(0, c.brokers()[2].metrics().registry().timer(LEADER_ELECTION).getCount(), "not the controller");

            c.brokers()[1].shutdown();
            await().atMost(WAIT).until(() -> leader(c.admin(), "elected") == 2);
            await().atMost(WAIT).until(() -> controller.metrics().registry().timer(LEADER_ELECTION).getCount() > before);
            assertEquals(0, c.brokers()[2].metrics().registry().timer(LEADER_ELECTION).getCount(), "not the controller");
            await().atMost(WAIT).untilAsserted(() -> assertEquals(1, gauge(controller, IMBALANCE)));
            ObjectName bean = new ObjectName(LEADER_ELECTION); // the first broker's, in this shared JVM: the controller
            assertTrue((Long) ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "Count") > before);
            assertTrue(ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "99thPercentile") instanceof Double);
            String scraped = LogMetricsAcceptanceTest.scrape(controller);
            assertTrue(scraped.contains("kafka_controller_controllerstats_leaderelectionrateandtimems_count "), scraped);
            assertTrue(scraped.contains("kafka_controller_controllerstats_leaderelectionrateandtimems{quantile=\"0.99\"} "),
                    scraped);
            assertTrue(scraped.contains("kafka_controller_kafkacontroller_preferredreplicaimbalancecount 1.0"), scraped);
            await().atMost(WAIT).untilAsserted(() -> assertEquals(0, gauge(controller, STATE), "idle at rest"));
            assertTrue(LogMetricsAcceptanceTest.scrape(controller).contains("kafka_controller_kafkacontroller_controllerstate 0.0"));
        }
    }

    @Test
    void aReplicaFromOutsideTheIsrMadeLeaderMarksUncleanLeaderElections() throws Exception {
        try (InProcessBrokers c = InProcessBrokers.start(3, METRICS_ON, WAIT)) {
            GregorServer controller = c.brokers()[0];
            c.admin().createTopics(List.of(new NewTopic("unclean", Map.of(0, List.of(1, 2)))
                    .configs(Map.of("unclean.leader.election.enable", "true")))).all().get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> leader(c.admin(), "unclean") == 1 && isr(c.admin(), "unclean").size() == 2);
            Path followerDir = c.brokers()[2].config().logDirs().get(0);
            c.brokers()[2].shutdown();
            await().atMost(WAIT).until(() -> isr(c.admin(), "unclean").equals(List.of(1)));
            c.brokers()[1].shutdown(); // the last in-sync replica: the partition goes offline
            await().atMost(WAIT).until(() -> leader(c.admin(), "unclean") == Node.noNode().id());
            assertEquals(0, controller.metrics().registry().meter(UNCLEAN).getCount());

            GregorServer restarted = c.cluster().joinInProcessBroker(2, followerDir, METRICS_ON);
            await().atMost(WAIT).until(() -> leader(c.admin(), "unclean") == 2);
            assertEquals(1, controller.metrics().registry().meter(UNCLEAN).getCount());
            assertEquals(0, restarted.metrics().registry().meter(UNCLEAN).getCount(), "not the controller");
            assertTrue(LogMetricsAcceptanceTest.scrape(controller)
                    .contains("kafka_controller_controllerstats_uncleanleaderelections_total 1.0"));
            restarted.shutdown();
        }
    }

    private static Object gauge(GregorServer broker, String name) {
        return broker.metrics().registry().getGauges().get(name).getValue();
    }

    private static TopicPartitionInfo partition(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().get(0);
    }

    private static int leader(Admin admin, String topic) throws Exception {
        Node leader = partition(admin, topic).leader();
        return leader == null ? Node.noNode().id() : leader.id();
    }

    private static List<Integer> isr(Admin admin, String topic) throws Exception {
        return partition(admin, topic).isr().stream().map(Node::id).toList();
    }
}
