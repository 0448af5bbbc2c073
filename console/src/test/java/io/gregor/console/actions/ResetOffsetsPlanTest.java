package io.gregor.console.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gregor.clients.network.TopicPartition;
import io.gregor.console.ConsoleError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResetOffsetsPlanTest {
    @Test
    void theConfirmedPlanComesBackExactlyAsReviewed() {
        Map<TopicPartition, Long> plan = new LinkedHashMap<>();
        plan.put(new TopicPartition("a.b-c_d", 0), 5L);
        plan.put(new TopicPartition("a.b-c_d", 11), 0L);
        assertEquals(plan, ResetOffsetsAction.decode(ResetOffsetsAction.encode(plan)));
    }

    @Test
    void aTamperedPlanIsA400() {
        for (String bad : new String[] {"t/0=x", "t=5", "t/-1=5", "t/0=-3", "bad name/0=1", ""}) {
            ConsoleError e = assertThrows(ConsoleError.class, () -> ResetOffsetsAction.decode(bad), bad);
            assertEquals(400, e.status(), bad);
        }
    }

    @Test
    void topicConfigsAreKeyValueLines() {
        assertEquals(Map.of("retention.ms", "1000", "cleanup.policy", "compact"),
                CreateTopicAction.configs("retention.ms=1000\n\n cleanup.policy = compact \r\n"));
        assertEquals(400, assertThrows(ConsoleError.class, () -> CreateTopicAction.configs("nonsense")).status());
    }
}
