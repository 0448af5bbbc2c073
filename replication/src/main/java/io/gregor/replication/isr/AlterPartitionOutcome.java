package io.gregor.replication.isr;

import io.gregor.clients.protocol.Errors;
import java.util.List;

/**
 * The controller's answer to one {@link IsrProposal}: on NONE the partition state it committed
 * (leader, leader epoch, ISR, partition epoch); otherwise the error, and the other fields are -1/empty.
 */
public record AlterPartitionOutcome(Errors error, int leaderId, int leaderEpoch, List<Integer> isr, int partitionEpoch) {
    public AlterPartitionOutcome {
        isr = List.copyOf(isr);
    }

    public static AlterPartitionOutcome failed(Errors error) {
        return new AlterPartitionOutcome(error, -1, -1, List.of(), -1);
    }
}
