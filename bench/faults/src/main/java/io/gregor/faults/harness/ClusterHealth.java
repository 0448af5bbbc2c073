package io.gregor.faults.harness;

import io.gregor.faults.harness.ClusterView.PartitionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;

/**
 * When the cluster counts as healed after a fault: every process of the cluster runs, ZooKeeper
 * serves, every broker is registered and a controller is named, every partition of the topic and of
 * {@code __consumer_offsets} (and, under the transactional workload, of {@code __transaction_state})
 * has a leader and a full ISR, every partition of the topic acknowledged
 * a write after the fault ended, and the group is Stable with its member consuming again. Checked by
 * polling with a bound; a process found dead (that no fault killed) is reported and restarted.
 */
final class ClusterHealth {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final String TRANSACTION_STATE_TOPIC = "__transaction_state";

    /** The outcome of a wait: when it was first healthy (-1: not within the bound), the last problem seen, processes found dead. */
    record HealResult(long healedNanos, String lastProblem, List<String> unexpectedExits) {
    }

    private final HarnessOptions options;
    private final ClusterView view;
    private final ZooKeeperProbe zookeeper;
    private final Actuator actuator;
    private final AckLog acks;
    private final GroupMember member;

    ClusterHealth(HarnessOptions options, ClusterView view, ZooKeeperProbe zookeeper, Actuator actuator, AckLog acks,
                  GroupMember member) {
        this.options = options;
        this.view = view;
        this.zookeeper = zookeeper;
        this.actuator = actuator;
        this.acks = acks;
        this.member = member;
    }

    /**
     * Polls until the cluster is healthy in two polls in a row (with progress since {@code sinceNanos}),
     * or until {@code bound} has passed.
     */
    HealResult awaitHealed(long sinceNanos, Duration bound) throws InterruptedException {
        long deadline = RunClock.now() + bound.toNanos();
        long firstHealthy = -1;
        String problem = "not checked yet";
        List<String> exits = new ArrayList<>();
        while (RunClock.now() < deadline) {
            long checkedAt = RunClock.now();
            Optional<String> now;
            try {
                exits.addAll(restartDeadProcesses());
                now = problem(sinceNanos);
            } catch (Actuator.ActuatorException e) {
                now = Optional.of("the script's process check failed: " + e.getMessage()); // ask again next poll
            }
            if (now.isEmpty()) {
                if (firstHealthy >= 0) {
                    return new HealResult(firstHealthy, "", exits);
                }
                firstHealthy = checkedAt;
            } else {
                firstHealthy = -1;
                problem = now.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        return new HealResult(-1, problem, exits);
    }

    /** What is not healthy now (empty: healthy). */
    Optional<String> problem(long sinceNanos) {
        try {
            if (!zookeeper.serving()) {
                return Optional.of("ZooKeeper does not serve");
            }
            Set<Integer> live = view.liveBrokers();
            if (!live.equals(new HashSet<>(options.brokerIds()))) {
                return Optional.of("live brokers " + live);
            }
            if (view.controller() < 0) {
                return Optional.of("no controller");
            }
            Optional<String> topic = notFullyReplicated(HarnessOptions.TOPIC, view.partitions(HarnessOptions.TOPIC));
            if (topic.isPresent()) {
                return topic;
            }
            Optional<String> offsets = notFullyReplicated(OFFSETS_TOPIC, view.partitions(OFFSETS_TOPIC));
            if (offsets.isPresent()) {
                return offsets;
            }
            if (options.workload() == Workload.TRANSACTIONAL) {
                Optional<String> transactionState = notFullyReplicated(TRANSACTION_STATE_TOPIC,
                        view.partitions(TRANSACTION_STATE_TOPIC));
                if (transactionState.isPresent()) {
                    return transactionState;
                }
            }
            for (int p = 0; p < options.partitions(); p++) {
                if (acks.lastAckNanos(p) <= sinceNanos) {
                    return Optional.of(HarnessOptions.TOPIC + "-" + p + " has acknowledged nothing since the fault");
                }
            }
            if (member.lastProgressNanos() <= sinceNanos) {
                return Optional.of("the group member has consumed nothing since the fault");
            }
            ConsumerGroupDescription group = view.group(HarnessOptions.GROUP);
            if (group.state() != ConsumerGroupState.STABLE || group.members().size() != 1) {
                return Optional.of("group " + group.state() + " with " + group.members().size() + " members");
            }
            return Optional.empty();
        } catch (ClusterView.ViewUnavailable e) {
            return Optional.of("no answer: " + e.getMessage());
        }
    }

    private static Optional<String> notFullyReplicated(String topic, Map<Integer, PartitionState> states) {
        for (PartitionState state : states.values()) {
            if (!state.fullyReplicated()) {
                return Optional.of(topic + "-" + state.partition() + " leader " + state.leader() + " isr " + state.isr()
                        + " of " + state.replicas());
            }
        }
        return states.isEmpty() ? Optional.of(topic + " has no partitions") : Optional.empty();
    }

    /**
     * Asks the script which cluster processes run; one that exited although no fault is under way
     * (a crash) is reported and started again, so that the run goes on and the report says so.
     */
    List<String> restartDeadProcesses() {
        List<String> exits = new ArrayList<>();
        for (String entry : actuator.call("alive").split(" ")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] nodeAndState = entry.split("=", 2);
            if (!nodeAndState[1].equals("up")) {
                exits.add(nodeAndState[0] + " " + nodeAndState[1]);
                actuator.call("start " + nodeAndState[0]);
            }
        }
        return exits;
    }
}
