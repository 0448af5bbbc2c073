package io.gregor.replication.isr;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlterPartitionManagerLifecycleTest {

    private static IsrProposal proposal(int partition) {
        return new IsrProposal(new TopicPartition("t", partition), 1, List.of(0), 0, Map.of());
    }

    @Test
    void closingCompletesWaitingProposalsAndOneSubmittedLaterIsAnsweredAtOnceNotStranded() throws Exception {
        AlterPartitionManager manager = new AlterPartitionManager(0, Optional::empty, () -> 1L, topic -> Optional.empty(), 50, 1_000);
        CompletableFuture<AlterPartitionOutcome> waiting = manager.submit(proposal(0)); // no controller: it waits
        manager.close();
        manager.close(); // a second close does nothing
        assertEquals(Errors.OPERATION_NOT_ATTEMPTED, waiting.get(5, TimeUnit.SECONDS).error());

        CompletableFuture<AlterPartitionOutcome> late = manager.submit(proposal(1));
        assertTrue(late.isDone(), "a proposal submitted after close is answered at once");
        assertEquals(Errors.OPERATION_NOT_ATTEMPTED, late.get().error());
    }
}
