package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.isr.AlterPartitionManager;
import io.gregor.replication.isr.ExpansionBackoff;
import io.gregor.replication.isr.IsrProposal;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of ISR changes for the partitions a {@link ReplicaManager} hosts: the periodic
 * shrink check (every half {@code replica.lag.time.max.ms}), expansions proposed on follower fetches
 * (held back by {@link ExpansionBackoff} after refusals), sending the proposals to the controller
 * and applying its answers to the {@link Partition}.
 *
 * <p>Thread safety: the check's schedule is guarded by this; proposals and answers are guarded by
 * each partition and the {@link AlterPartitionManager}.
 */
final class IsrChanges {
    /** Kafka's IsrShrinksPerSec and IsrExpandsPerSec: ISR changes the controller committed (meters are thread-safe). */
    final com.codahale.metrics.Meter isrShrinks = new com.codahale.metrics.Meter();
    final com.codahale.metrics.Meter isrExpands = new com.codahale.metrics.Meter();

    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class); // the category operators grep

    private final int brokerId;
    private final AlterPartitionManager alterPartition; // null: ISR changes are not proposed (no replication)
    private final long replicaLagTimeMaxMs;
    private final long replicaFetchBackoffMs;
    private final ExpansionBackoff expansionBackoff;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Collection<Partition>> partitions;
    private final Consumer<TopicPartition> wake;
    private ScheduledFuture<?> isrCheck; // guarded by this

    /**
     * @param alterPartition sends proposals to the controller; null for a broker without replication
     * @param partitions     the partitions hosted now
     * @param wake           re-checks the produces and fetches waiting on a partition
     */
    IsrChanges(int brokerId, AlterPartitionManager alterPartition, ReplicationConfig config,
               ScheduledExecutorService scheduler, LongSupplier clockMs, Supplier<Collection<Partition>> partitions,
               Consumer<TopicPartition> wake) {
        this.brokerId = brokerId;
        this.alterPartition = alterPartition;
        this.replicaLagTimeMaxMs = config.replicaLagTimeMaxMs();
        this.replicaFetchBackoffMs = config.replicaFetchBackoffMs();
        this.expansionBackoff = new ExpansionBackoff(replicaFetchBackoffMs, clockMs);
        this.scheduler = scheduler;
        this.partitions = partitions;
        this.wake = wake;
    }

    /** Starts the periodic ISR shrink check (every half {@code replica.lag.time.max.ms}), if this broker replicates. */
    synchronized void startup() {
        if (alterPartition != null && isrCheck == null) {
            long period = Math.max(1L, replicaLagTimeMaxMs / 2);
            isrCheck = scheduler.scheduleAtFixedRate(this::maybeShrinkIsr, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the periodic ISR check. */
    synchronized void stopChecking() {
        if (isrCheck != null) {
            isrCheck.cancel(false);
            isrCheck = null;
        }
    }

    /** Stops the AlterPartition sender. */
    void close() {
        if (alterPartition != null) {
            alterPartition.close();
        }
    }

    /** Forgets the expansion backoff of a partition no longer hosted. */
    void forget(TopicPartition tp) {
        expansionBackoff.forget(tp);
    }

    /** After a fetch of follower {@code replicaId}: proposes adding it to the ISR if it caught up and expansions may be proposed. */
    void maybeExpandIsr(Partition p, int replicaId) {
        if (alterPartition != null && expansionBackoff.mayExpand(p.topicPartition())) {
            p.maybeExpandIsr(replicaId).ifPresent(proposal -> sendIsrChange(p, proposal));
        }
    }

    /** Proposes removing followers not caught up within {@code replica.lag.time.max.ms} from the ISRs this broker leads. */
    void maybeShrinkIsr() {
        try {
            for (Partition p : partitions.get()) {
                p.maybeShrinkIsr(replicaLagTimeMaxMs).ifPresent(proposal -> sendIsrChange(p, proposal));
            }
        } catch (RuntimeException | Error e) {
            // a periodic task that throws is never run again: log and keep checking
            log.error("ISR check on broker {} failed", brokerId, e);
        }
    }

    private void sendIsrChange(Partition partition, IsrProposal proposal) {
        log.info("Broker {} proposes ISR {} for {} (was {}, leader epoch {}, partition epoch {})", brokerId,
                proposal.newIsr(), proposal.topicPartition(), partition.isr(), proposal.leaderEpoch(),
                proposal.partitionEpoch());
        alterPartition.submit(proposal).whenComplete((outcome, failure) -> {
            if (outcome == null) {
                log.error("AlterPartition for {} on broker {} failed", proposal.topicPartition(), brokerId, failure);
                return;
            }
            int isrBefore = partition.isr().size();
            long highWatermarkBefore = partition.highWatermark();
            boolean changed = partition.applyAlterPartition(proposal, outcome);
            if (changed && outcome.isr().size() < isrBefore) {
                isrShrinks.mark();
            } else if (changed && outcome.isr().size() > isrBefore) {
                isrExpands.mark();
            }
            boolean report = expansionBackoff.onAnswer(proposal.topicPartition(), outcome.error());
            if (changed) {
                log.info("Broker {}: controller committed ISR {} for {} at partition epoch {}", brokerId,
                        outcome.isr(), proposal.topicPartition(), outcome.partitionEpoch());
            } else if (outcome.error() != Errors.NONE) {
                if (report) {
                    log.warn("Broker {}: controller refused ISR {} for {}: {}{}", brokerId, proposal.newIsr(),
                            proposal.topicPartition(), outcome.error(), expansionBackoff.mayExpand(proposal.topicPartition())
                                    ? "" : " (expansions of it wait " + replicaFetchBackoffMs
                                    + " ms after each such refusal; repeats logged at debug)");
                } else {
                    log.debug("Broker {}: controller refused ISR {} for {} again: {}", brokerId, proposal.newIsr(),
                            proposal.topicPartition(), outcome.error());
                }
            }
            // Only a smaller ISR or a higher high watermark can complete a waiting produce or fetch. An
            // expansion cannot (a member more never raises the high watermark): waking every parked fetch of
            // the partition for each of thousands of expansions after a broker restart cost milliseconds each.
            if ((changed && outcome.isr().size() < isrBefore) || partition.highWatermark() > highWatermarkBefore) {
                wake.accept(proposal.topicPartition());
            }
        });
    }
}
