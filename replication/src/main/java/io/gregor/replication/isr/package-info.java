/**
 * ISR changes of leaders sent to the controller:
 * {@link io.gregor.replication.isr.AlterPartitionManager} batches
 * {@link io.gregor.replication.isr.IsrProposal}s into AlterPartition requests and answers each
 * with the controller's {@link io.gregor.replication.isr.AlterPartitionOutcome}.
 */
package io.gregor.replication.isr;
