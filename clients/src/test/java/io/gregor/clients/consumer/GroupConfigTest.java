package io.gregor.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.consumer.assignor.Assignors;
import io.gregor.clients.consumer.assignor.ConsumerPartitionAssignor;
import io.gregor.clients.consumer.assignor.ConsumerPartitionAssignor.RebalanceProtocol;
import io.gregor.clients.network.ConfigValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group settings with Kafka's defaults, and assignor names as Kafka users write them. */
class GroupConfigTest {
    private static GroupConfig config(Map<String, ?> values) {
        return GroupConfig.from(new ConfigValues(values));
    }

    @Test
    void defaultsAreKafkasAndAutoCommitNeedsAGroup() {
        GroupConfig g = config(Map.of("group.id", "g"));
        assertEquals(45000, g.sessionTimeoutMs());
        assertEquals(3000, g.heartbeatIntervalMs());
        assertEquals(300000, g.maxPollIntervalMs());
        assertEquals(5000, g.autoCommitIntervalMs());
        assertTrue(g.enableAutoCommit());
        assertEquals(GroupConfig.DEFAULT_STRATEGIES, g.assignmentStrategies());
        assertFalse(config(Map.of()).enableAutoCommit());
        assertFalse(config(Map.of()).hasGroup());
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("enable.auto.commit", "true")));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("group.id", "g", "heartbeat.interval.ms", 45000)));
    }

    @Test
    void kafkasDefaultStrategiesMakeAnEagerGroupOfferingRangeFirst() {
        List<ConsumerPartitionAssignor> assignors = Assignors.create(GroupConfig.DEFAULT_STRATEGIES);
        assertEquals(List.of("range", "cooperative-sticky"), assignors.stream().map(ConsumerPartitionAssignor::name).toList());
        assertEquals(RebalanceProtocol.EAGER, ConsumerCoordinator.commonProtocol(assignors));
        assertEquals(RebalanceProtocol.COOPERATIVE, ConsumerCoordinator.commonProtocol(Assignors.create(List.of("cooperative-sticky"))));
    }

    @Test
    void assignorsAreFoundByProtocolNameKafkaClassNameOrGregorClassName() {
        assertEquals(List.of("range", "roundrobin", "cooperative-sticky"), Assignors.create(List.of("range",
                "org.apache.kafka.clients.consumer.RoundRobinAssignor",
                "io.gregor.clients.consumer.assignor.CooperativeStickyAssignor")).stream().map(ConsumerPartitionAssignor::name).toList());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Assignors.create(List.of("sticky")));
        assertTrue(unknown.getMessage().contains("range, roundrobin, cooperative-sticky"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Assignors.create(List.of("range", "org.apache.kafka.clients.consumer.RangeAssignor")));
        assertThrows(IllegalArgumentException.class, () -> Assignors.create(List.of("java.lang.String")));
    }
}
