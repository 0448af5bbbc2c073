package io.gregor.coordination.controller;

import io.gregor.coordination.zk.ChunkedMulti;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The controller's writes of partition state znodes during one tenure: initial states of new
 * partitions and leader/ISR changes decided by {@link PartitionLeaderElection}, all through the
 * tenure's {@link ControllerEpochFence}, keeping the {@link ControllerContext} in step with what was
 * written. New partitions are queued and given their states a slice at a time, so that a huge
 * topic does not hold the event thread for the whole of its creation. Confined to the controller's
 * event thread.
 */
final class PartitionStateMachine {

    private static final Logger log = LoggerFactory.getLogger(PartitionStateMachine.class);
    private static final int MAX_STATE_WRITE_ROUNDS = 5;
    /** Most new partitions given their states (and their requests) in one controller event. */
    static final int INITIALIZATION_SLICE = 250;
    /** Codes of writes not applied because of something else: another write's failure, the connection. */
    private static final Set<KeeperException.Code> HELD_UP = Set.of(KeeperException.Code.RUNTIMEINCONSISTENCY,
            KeeperException.Code.CONNECTIONLOSS, KeeperException.Code.OPERATIONTIMEOUT,
            KeeperException.Code.SESSIONEXPIRED, KeeperException.Code.SESSIONMOVED);

    private final GregorZkClient zk;
    private final ControllerEpochFence fence;
    private final ControllerContext ctx;
    private final boolean uncleanLeaderElectionDefault;
    private final ControllerStats stats;
    /** New partitions waiting for their initial state, per topic, topics in arrival order. */
    private final Map<String, Set<TopicPartition>> initializationQueue = new LinkedHashMap<>();
    /** Partitions whose state creation ZooKeeper refused in this tenure: not tried again by it. */
    private final Set<TopicPartition> unwritable = new HashSet<>();

    PartitionStateMachine(GregorZkClient zk, ControllerEpochFence fence, ControllerContext ctx,
                          boolean uncleanLeaderElectionDefault, ControllerStats stats) {
        this.stats = stats;
        this.zk = zk;
        this.fence = fence;
        this.ctx = ctx;
        this.uncleanLeaderElectionDefault = uncleanLeaderElectionDefault;
    }

    /**
     * Queues partitions that need their initial state (new topics and partitions, partitions left
     * without one); {@link #initializeNextSlice()} creates them a slice at a time. Partitions this
     * tenure could not write are not queued again.
     */
    void queueForInitialization(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (!unwritable.contains(tp) && !ctx.states.containsKey(tp)) {
                initializationQueue.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp);
            }
        }
    }

    /** True while queued partitions wait for {@link #initializeNextSlice()}. */
    boolean initializationPending() {
        return !initializationQueue.isEmpty();
    }

    /** How many partitions wait for {@link #initializeNextSlice()}. */
    int queuedForInitialization() {
        return initializationQueue.values().stream().mapToInt(Set::size).sum();
    }

    /** True while partitions of {@code topic} wait for {@link #initializeNextSlice()}. */
    boolean initializationPending(String topic) {
        return initializationQueue.containsKey(topic);
    }

    /**
     * Creates the states of the next (at most {@link #INITIALIZATION_SLICE}) queued partitions: see
     * {@link #initialize}. The slice is shared fairly between the queued topics, so a small topic
     * created during a huge one's creation gets its leader in the next slice. Partitions whose write
     * was only held up (skipped because another write of their topic failed on an existing znode,
     * or the connection failed) are queued again when the slice made progress, so a write that
     * cannot succeed is not retried forever.
     */
    Set<TopicPartition> initializeNextSlice() {
        List<TopicPartition> slice = new ArrayList<>();
        while (slice.size() < INITIALIZATION_SLICE && !initializationQueue.isEmpty()) {
            int share = Math.max(1, (INITIALIZATION_SLICE - slice.size()) / initializationQueue.size());
            for (var topics = initializationQueue.values().iterator(); topics.hasNext() && slice.size() < INITIALIZATION_SLICE; ) {
                Set<TopicPartition> queued = topics.next();
                var it = queued.iterator();
                for (int taken = 0; taken < share && it.hasNext() && slice.size() < INITIALIZATION_SLICE; taken++) {
                    slice.add(it.next());
                    it.remove();
                }
                if (queued.isEmpty()) {
                    topics.remove();
                }
            }
        }
        try {
            return initialize(slice);
        } catch (RuntimeException e) {
            // a read or write that failed as a whole (a ZooKeeper timeout, a lost connection): the
            // slice's partitions without a state go back to the queue for the next attempt
            for (TopicPartition tp : slice) {
                if (!ctx.states.containsKey(tp) && !unwritable.contains(tp)) {
                    initializationQueue.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp);
                }
            }
            throw e;
        }
    }

    /**
     * Creates the state znodes of new partitions that have a live replica, in chunked fenced
     * multi-ops (see {@link ControllerEpochFence#createPartitionStates}); partitions whose state
     * already exists (a previous controller got there) are read instead, and partitions of topics
     * being deleted are left alone (a half-finished deletion must not get its states back).
     * Returns the partitions given a state here, created or read: their replicas have not heard of
     * them from this controller yet.
     */
    Set<TopicPartition> initialize(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionState> initial = new TreeMap<>();
        Map<String, Integer> withoutLiveReplica = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            if (ctx.states.containsKey(tp) || unwritable.contains(tp) || ctx.topicsToDelete.contains(tp.topic())
                    || ctx.replicas(tp).isEmpty()) {
                continue;
            }
            PartitionLeaderElection.initial(ctx.replicas(tp), ctx.liveBrokers.keySet(), ctx.epoch)
                    .ifPresentOrElse(s -> initial.put(tp, s), () -> withoutLiveReplica.merge(tp.topic(), 1, Integer::sum));
        }
        withoutLiveReplica.forEach((topic, count) -> log.warn("Controller {}: {} partition(s) of topic {} have no live "
                + "replica; they stay without a leader until one arrives", ctx.controllerId, count, topic));
        if (initial.isEmpty()) {
            return Set.of();
        }
        // only a partition whose partitions/<p> znode exists can have a state: in a topic's creation
        // none does, so this costs one getChildren per topic, not a read per partition
        Map<TopicPartition, VersionedPartitionState> existing = zk.topics().getPartitionStates(zk.topics().withPartitionZnode(initial.keySet()));
        existing.forEach(ctx.states::put);
        Set<TopicPartition> given = new TreeSet<>(existing.keySet());
        initial.keySet().removeAll(existing.keySet());
        if (initial.isEmpty()) {
            return given;
        }
        ChunkedMulti.Result<TopicPartition> result = fence.createPartitionStates(initial);
        Set<TopicPartition> created = new TreeSet<>(result.committed().keySet());
        created.forEach(tp -> ctx.states.put(tp, new VersionedPartitionState(tp, initial.get(tp), 0)));
        given.addAll(created);
        if (!result.failed().isEmpty()) {
            given.addAll(handleFailedCreations(result.failed(), !created.isEmpty()));
        }
        if (!created.isEmpty()) {
            Map<String, Integer> byTopic = new TreeMap<>();
            created.forEach(tp -> byTopic.merge(tp.topic(), 1, Integer::sum));
            log.info("Controller {} epoch {}: initialized {} partition state(s) {} in {} multi-op(s)", ctx.controllerId,
                    ctx.epoch, created.size(), created.size() <= 20 ? created : byTopic, result.multiOps());
        }
        return given;
    }

    /**
     * Partitions whose state was not created: an existing state (a race) is read (and returned);
     * partitions only held up (by a race or the connection, not by a refusal in their own topic) are
     * queued again if the attempt made progress; the others (refused by ZooKeeper, or too large to
     * write) are logged once per topic and not tried again by this tenure. They stay without a
     * leader, and the admin request that created them times out waiting for one.
     */
    private Set<TopicPartition> handleFailedCreations(Map<TopicPartition, KeeperException.Code> failed, boolean progress) {
        List<TopicPartition> raced = new ArrayList<>();
        List<TopicPartition> heldUp = new ArrayList<>();
        Map<String, Map<KeeperException.Code, Integer>> refused = new TreeMap<>();
        failed.forEach((tp, code) -> {
            if (code == KeeperException.Code.NODEEXISTS) {
                raced.add(tp);
            } else if (HELD_UP.contains(code)) {
                heldUp.add(tp);
            } else {
                unwritable.add(tp);
                refused.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).merge(code, 1, Integer::sum);
            }
        });
        Map<TopicPartition, VersionedPartitionState> read = raced.isEmpty() ? Map.of() : zk.topics().getPartitionStates(raced);
        ctx.states.putAll(read);
        progress |= !raced.isEmpty();
        for (TopicPartition tp : heldUp) {
            if (refused.containsKey(tp.topic())) { // held up by a refusal of its own topic: refused as well
                unwritable.add(tp);
                refused.get(tp.topic()).merge(failed.get(tp), 1, Integer::sum);
            } else if (progress && !ctx.states.containsKey(tp)) {
                initializationQueue.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp);
            } else if (!ctx.states.containsKey(tp)) {
                unwritable.add(tp);
                refused.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).merge(failed.get(tp), 1, Integer::sum);
            }
        }
        refused.forEach((topic, codes) -> log.error("Controller {} epoch {}: could not create the state znodes of "
                + "partitions of topic {} (ZooKeeper codes and partition counts: {}); they stay without a leader and "
                + "this controller does not try them again", ctx.controllerId, ctx.epoch, topic, codes));
        return read.keySet();
    }

    /**
     * Elects leaders / shrinks ISRs of {@code partitions} against the live brokers, writing the
     * changed states through the fence (conditional on their partition epochs, re-read and retried
     * on conflict). Returns the partitions whose state changed.
     */
    Set<TopicPartition> electLeaders(Collection<TopicPartition> partitions) {
        // A replica on a failed log directory of a live broker counts as dead (Kafka's isReplicaOnline).
        // A partition that needs a new leader never gets a broker in controlled shutdown (nor keeps
        // it in the ISR), as in Kafka; a live leader's partition only loses dead ISR members.
        return updateStates(partitions, (tp, current) -> {
            Set<Integer> live = ctx.replicasOnOfflineDirs.isEmpty() ? ctx.liveBrokers.keySet()
                    : ctx.brokersWithOnlineReplica(tp);
            Set<Integer> eligible = new TreeSet<>(live);
            eligible.removeAll(ctx.shuttingDownBrokers);
            return PartitionLeaderElection.elect(current, ctx.replicas(tp), live.contains(current.leader()) ? live : eligible,
                    ctx.epoch, () -> uncleanLeaderElectionEnabled(tp.topic()));
        });
    }

    /** A controller decision for one partition: its next state given the current one, or empty to leave it. */
    @FunctionalInterface
    interface Decision {
        Optional<PartitionState> next(TopicPartition tp, PartitionState current);
    }

    /**
     * Applies {@code decision} to {@code partitions} (skipping those without state or frozen for
     * deletion, see {@link ControllerContext#isFrozenForDeletion}) and writes the changed states through the fence, each conditional on its partition
     * epoch; a partition whose write conflicts is re-read and decided again, up to a few rounds.
     * Returns the partitions whose state changed.
     */
    Set<TopicPartition> updateStates(Collection<TopicPartition> partitions, Decision decision) {
        Set<TopicPartition> changed = new TreeSet<>();
        Set<TopicPartition> refused = new TreeSet<>();
        List<TopicPartition> todo = new ArrayList<>(partitions);
        for (int round = 1; round <= MAX_STATE_WRITE_ROUNDS && !todo.isEmpty(); round++) {
            List<VersionedPartitionState> writes = new ArrayList<>();
            for (TopicPartition tp : todo) {
                VersionedPartitionState current = ctx.states.get(tp);
                if (current == null || ctx.isFrozenForDeletion(tp.topic())) {
                    continue;
                }
                decision.next(tp, current.state())
                        .ifPresent(next -> writes.add(new VersionedPartitionState(tp, next, current.zkVersion())));
            }
            if (writes.isEmpty()) {
                todo = List.of();
                break;
            }
            List<TopicPartition> conflicts = new ArrayList<>();
            var results = fence.updatePartitionStates(writes);
            for (VersionedPartitionState write : writes) {
                var result = results.get(write.partition());
                switch (result.status()) {
                    case UPDATED -> {
                        VersionedPartitionState before = ctx.states.get(write.partition());
                        if (before != null && PartitionLeaderElection.isUnclean(before.state(), write.state())) {
                            stats.uncleanLeaderElected();
                            log.warn("Controller {} epoch {}: partition {} elected leader {} from outside its ISR {} "
                                    + "(unclean leader election)", ctx.controllerId, ctx.epoch, write.partition(),
                                    write.state().leader(), before.state().isr());
                        }
                        ctx.states.put(write.partition(), new VersionedPartitionState(write.partition(), write.state(),
                                result.newZkVersion()));
                        changed.add(write.partition());
                        log.info("Controller {} epoch {}: partition {} now leader {} epoch {} isr {}", ctx.controllerId,
                                ctx.epoch, write.partition(), write.state().leader(), write.state().leaderEpoch(),
                                write.state().isr());
                    }
                    case VERSION_CONFLICT -> conflicts.add(write.partition());
                    case NO_NODE -> {
                        log.warn("Controller {}: state znode of {} is gone; forgetting it", ctx.controllerId, write.partition());
                        ctx.states.remove(write.partition());
                    }
                    case FAILED -> refused.add(write.partition());
                }
            }
            if (!conflicts.isEmpty()) {
                ctx.states.putAll(zk.topics().getPartitionStates(conflicts));
            }
            todo = conflicts;
        }
        if (!todo.isEmpty()) {
            log.error("Controller {}: gave up updating partition states of {} after {} conflicting rounds",
                    ctx.controllerId, todo, MAX_STATE_WRITE_ROUNDS);
        }
        if (!refused.isEmpty()) {
            log.error("Controller {} epoch {}: ZooKeeper refused the state updates of {} partition(s) {}; left as they are",
                    ctx.controllerId, ctx.epoch, refused.size(), refused.size() <= 20 ? refused : refused.iterator().next() + ", ...");
        }
        return changed;
    }

    /**
     * The topic's {@code unclean.leader.election.enable}, else the controller broker's dynamic config,
     * else the dynamic cluster default, else its static setting (Kafka's precedence; read when an
     * unclean election is the only way left, so a dynamic change applies at once).
     */
    private boolean uncleanLeaderElectionEnabled(String topic) {
        String key = "unclean.leader.election.enable";
        String value = zk.topics().getTopicConfig(topic).map(EntityConfig::config).map(c -> c.get(key)).orElse(null);
        ConfigEntityStore brokers = new ConfigEntityStore(zk);
        for (String entity : List.of(ConfigEntityStore.brokerEntity(Integer.toString(ctx.controllerId)),
                ConfigEntityStore.brokerEntity(""))) {
            if (value == null) {
                value = brokers.get(entity).map(EntityConfig::config).map(c -> c.get(key)).orElse(null);
            }
        }
        return value == null ? uncleanLeaderElectionDefault : Boolean.parseBoolean(value.trim());
    }
}
