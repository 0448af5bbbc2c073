package io.gregor.broker.txn;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PartitionVerifierTest {
    private final TopicPartition a = new TopicPartition("t", 0);
    private final TopicPartition b = new TopicPartition("t", 1);
    private final TopicPartition c = new TopicPartition("t", 2);
    private final TopicPartition d = new TopicPartition("t", 3);

    @Test
    void coordinatorAnswersBecomeWhatTheProducerIsToldAndUnansweredPartitionsAreRetriable() {
        Map<TopicPartition, Errors> refused = PartitionVerifier.refusals(Map.of(a, Errors.NONE, b, Errors.INVALID_TXN_STATE,
                c, Errors.PRODUCER_FENCED), Set.of(a, b, c, d));
        assertEquals(Map.of(b, Errors.INVALID_TXN_STATE, c, Errors.INVALID_PRODUCER_EPOCH, d, Errors.NOT_ENOUGH_REPLICAS),
                refused);
        assertEquals(Map.of(a, Errors.NOT_ENOUGH_REPLICAS), PartitionVerifier.refusals(
                Map.of(a, Errors.CONCURRENT_TRANSACTIONS), Set.of(a)), "a coordinator busy or moving is retried");
    }
}
