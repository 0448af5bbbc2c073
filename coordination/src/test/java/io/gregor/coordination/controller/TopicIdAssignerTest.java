package io.gregor.coordination.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.TopicStates;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Topics written without a topic id (as Kafka's tools before 2.8 wrote them) get one from the
 * controller before any LeaderAndIsr names them, since followers fetch by topic id.
 */
class TopicIdAssignerTest extends ControllerTestBase {

    /** {@code /brokers/topics/<topic>} as Kafka 2.7's tools write it: version 1, no topic id. */
    private void writeLegacyTopic(String topic) throws Exception {
        zk.curator().create().creatingParentsIfNeeded().forPath(zk.paths().topic(topic),
                "{\"version\":1,\"partitions\":{\"0\":[1,2]}}".getBytes(StandardCharsets.UTF_8));
    }

    private KafkaUuid awaitTopicId(String topic) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> zk.topics().getTopicAssignment(topic)
                .map(TopicAssignment::topicId), Optional::isPresent).orElseThrow();
    }

    /** The topic id the first LeaderAndIsr naming {@code topic} that {@code broker} received carries. */
    private static UUID leaderAndIsrTopicId(FakeBroker broker, String topic) {
        Struct topicState = await().atMost(Duration.ofSeconds(15)).until(() -> broker.received(ApiKey.LEADER_AND_ISR)
                .stream().flatMap(r -> r.getStructs(LeaderAndIsrRequest.TOPIC_STATES).stream())
                .filter(t -> t.getString(TopicStates.TOPIC_NAME).equals(topic)).findFirst(),
                        Optional::isPresent).orElseThrow();
        return topicState.getUuid(TopicStates.TOPIC_ID);
    }

    private void assertIdWrittenAndSent(String topic, FakeBroker broker) {
        KafkaUuid id = awaitTopicId(topic);
        assertNotNull(id);
        assertNotEquals(KafkaUuid.ZERO, id);
        TopicAssignment written = zk.topics().getTopicAssignment(topic).orElseThrow();
        assertEquals(TopicAssignment.CURRENT_VERSION, written.version());
        assertEquals(Map.of(0, List.of(1, 2)), written.replicasByPartition(), "the assignment is kept");
        assertEquals(new UUID(id.mostSignificantBits(), id.leastSignificantBits()), leaderAndIsrTopicId(broker, topic));
    }

    @Test
    void aNewTopicWrittenWithoutATopicIdGetsOneBeforeItsLeaderAndIsr() throws Exception {
        FakeBroker first = broker(1);
        broker(2);
        controller(1);
        await().until(() -> !first.received(ApiKey.UPDATE_METADATA).isEmpty());

        writeLegacyTopic("legacy");
        awaitState(new TopicPartition("legacy", 0), s -> s.leader() == 1);
        assertIdWrittenAndSent("legacy", first);
    }

    @Test
    void aTopicWithoutATopicIdFoundAtStartupGetsOne() throws Exception {
        writeLegacyTopic("older");
        FakeBroker first = broker(1);
        broker(2);
        controller(2);
        awaitState(new TopicPartition("older", 0), s -> s.leader() == 1);
        assertIdWrittenAndSent("older", first);
    }
}
