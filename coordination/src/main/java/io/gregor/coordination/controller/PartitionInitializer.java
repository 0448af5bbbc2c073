package io.gregor.coordination.controller;

import io.gregor.coordination.zk.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New partitions, a slice per event: the partitions queued in the tenure's
 * {@link PartitionStateMachine} (new topics, added partitions, partitions left without a state) get
 * their states a slice at a time (see {@link PartitionStateMachine#initializeNextSlice()}), their
 * replicas LeaderAndIsr (IsNew) and every live broker UpdateMetadata; while partitions remain, the
 * next slice is queued as an event of its own. So a 10,000-partition topic holds the event thread
 * for one slice at a time, and other events (other topics, broker changes, AlterPartition) run
 * between its slices.
 *
 * <p>Pacing: the next slice goes once the brokers have answered all but the last two slices'
 * requests (a channel holds at most {@link #SLICE_REQUESTS_AHEAD} unanswered requests), or after
 * {@link #SLICE_PACING_MAX_WAIT_MS} at most (a broker that stopped answering but is not yet found
 * dead). So a broker applying a huge topic's partitions has two slices queued, not all of them, and
 * another topic's requests reach it after those two; and the controller writes the states of the
 * next slice while the brokers apply the one before, so neither waits for the other (with one slice
 * ahead, the brokers sat idle while the controller wrote the next slice's states).
 *
 * <p>Runs on the controller's event thread; the pacing checks are fired by the controller's timer
 * and run on the event thread too. At most one slice event per tenure is queued at a time
 * ({@link ControllerTenure#initializationQueued}).
 */
final class PartitionInitializer {

    /** Unanswered requests a channel may hold when the next slice of new partitions goes: two slices' (LeaderAndIsr and UpdateMetadata each). */
    static final int SLICE_REQUESTS_AHEAD = 4;
    static final long SLICE_PACING_CHECK_MS = 20;
    static final long SLICE_PACING_MAX_WAIT_MS = 10_000;
    static final long RETRY_BACKOFF_MS = 1_000;
    private static final String EVENT = "partition initialization";
    private static final Logger log = LoggerFactory.getLogger(PartitionInitializer.class);

    private PartitionInitializer() {
    }

    /**
     * Gives the next slice of queued new partitions their states, tells their replicas and every
     * broker, and queues the next slice while partitions remain (unless one is queued already).
     */
    static void initializeNewPartitions(ControllerTenure t) {
        ControllerContext ctx = t.context;
        Set<TopicPartition> created;
        try {
            created = t.partitionStates.initializeNextSlice();
        } catch (ControllerMovedException moved) {
            throw moved;
        } catch (RuntimeException e) {
            retryLater(t, e);
            return;
        }
        // topics completed by this slice (small ones) are sent first, in their own requests: the
        // brokers apply them before the slice of a huge topic still being created
        Map<Boolean, List<TopicPartition>> byTopicPending = created.stream()
                .collect(Collectors.partitioningBy(tp -> t.partitionStates.initializationPending(tp.topic())));
        for (List<TopicPartition> partitions : List.of(byTopicPending.get(false), byTopicPending.get(true))) {
            if (!partitions.isEmpty()) {
                ControllerRequestBatch batch = t.batch();
                partitions.forEach(tp -> batch.addLeaderAndIsr(ctx.replicas(tp), tp, true));
                batch.addUpdateMetadata(ctx.liveBrokers.keySet(), partitions);
                t.send(batch);
            }
        }
        if (t.partitionStates.initializationPending() && !t.initializationQueued) {
            t.initializationQueued = true;
            long since = System.nanoTime();
            t.enqueue(ControllerState.TOPIC_CHANGE, EVENT, () -> continueInitialization(t, since));
        }
    }

    /**
     * A slice whose ZooKeeper reads or writes failed as a whole (its partitions are queued again):
     * the next attempt goes after {@link #RETRY_BACKOFF_MS}, so that a ZooKeeper timeout under load
     * leaves no partition without a leader until the next controller.
     */
    private static void retryLater(ControllerTenure t, RuntimeException e) {
        log.warn("Controller {} epoch {}: initializing new partitions failed ({}); {} partition(s) wait, retrying in {} ms",
                t.context.controllerId, t.context.epoch, e.toString(), t.partitionStates.queuedForInitialization(),
                RETRY_BACKOFF_MS);
        if (t.initializationQueued) {
            return; // a slice event is queued already: it retries
        }
        t.initializationQueued = true;
        try {
            t.schedule(ControllerState.TOPIC_CHANGE, EVENT, RETRY_BACKOFF_MS, () -> {
                t.initializationQueued = false;
                initializeNewPartitions(t);
            });
        } catch (RejectedExecutionException closing) {
            // the controller is closing: nothing more to initialize
        }
    }

    /** The queued slice event: waits (re-checking every {@link #SLICE_PACING_CHECK_MS}) while brokers are behind. */
    private static void continueInitialization(ControllerTenure t, long sinceNanos) {
        boolean brokersBehind = t.channels.maxQueuedRequests() > SLICE_REQUESTS_AHEAD;
        if (brokersBehind && System.nanoTime() - sinceNanos < TimeUnit.MILLISECONDS.toNanos(SLICE_PACING_MAX_WAIT_MS)) {
            try {
                t.schedule(ControllerState.TOPIC_CHANGE, EVENT, SLICE_PACING_CHECK_MS, () -> continueInitialization(t, sinceNanos));
            } catch (RejectedExecutionException closing) {
                // the controller is closing: nothing more to initialize
            }
            return;
        }
        t.initializationQueued = false;
        initializeNewPartitions(t);
    }
}
