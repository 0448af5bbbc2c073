package io.gregor.faults.harness;

import io.gregor.faults.harness.ClusterView.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Carries out one fault of a kind through the {@link Actuator}: picks its victim from what the
 * cluster says now (the leader of a random partition, the controller, the group's coordinator, ...),
 * does it, holds it for a time derived from the cluster's timeouts, and undoes it. It does not
 * wait for the cluster to heal; the fault loop does that.
 *
 * <p>Holds are deliberate fault durations (a pause must outlast the ZooKeeper session), not waits
 * for a condition. Not thread-safe: the fault loop's thread only.
 */
final class FaultInjector {

    /** What {@link #inject} did: the victim, its roles at the time, the fault's span, notes and violations. */
    record Injection(String target, String roles, long startNanos, long endNanos, List<String> notes,
                     List<String> violations, Optional<CutWindow> cutWindow) {
        Injection(String target, String roles, long startNanos, long endNanos, List<String> notes) {
            this(target, roles, startNanos, endNanos, notes, List.of(), Optional.empty());
        }
    }

    /** A cut-leader fault's window: the partitions the cut broker led, and when the cut was healed (it began at the fault's start). */
    record CutWindow(List<Integer> ledPartitions, long healNanos) {
    }

    private final HarnessOptions options;
    private final ClusterView view;
    private final Actuator actuator;
    private final AckLog acks;
    private final Random random;

    FaultInjector(HarnessOptions options, ClusterView view, Actuator actuator, AckLog acks, Random random) {
        this.options = options;
        this.view = view;
        this.actuator = actuator;
        this.acks = acks;
        this.random = random;
    }

    Injection inject(FaultKind kind) throws InterruptedException {
        return switch (kind) {
            case KILL_LEADER -> killAndRestart(leaderOfSomePartition());
            case KILL_FOLLOWER -> killAndRestart(followerOfSomePartition());
            case KILL_CONTROLLER -> killAndRestart(controller());
            case KILL_COORDINATOR -> killAndRestart(view.coordinator(HarnessOptions.GROUP));
            case PAUSE_LEADER -> pauseLeader();
            case PAUSE_ZOOKEEPER -> pauseZooKeeper();
            case RESTART_ZOOKEEPER -> restartZooKeeper();
            case ISOLATE_BROKER -> isolateBroker();
            case CUT_LEADER -> cutLeaderFromFollowers();
            case KILL_TXN_COORDINATOR -> killAndRestart(view.transactionCoordinator(
                    TransactionalWriter.transactionalId(random.nextInt(TransactionalWriter.PRODUCERS))));
            case FENCE_PRODUCER -> fenceProducer(random.nextInt(TransactionalWriter.PRODUCERS));
        };
    }

    private Injection killAndRestart(int broker) {
        String roles = roles(broker);
        long start = RunClock.now();
        actuator.call("kill " + Actuator.broker(broker));
        actuator.call("start " + Actuator.broker(broker));
        return new Injection(Actuator.broker(broker), roles, start, RunClock.now(), List.of());
    }

    private Injection pauseLeader() throws InterruptedException {
        int broker = leaderOfSomePartition();
        String roles = roles(broker);
        long holdMs = options.sessionTimeoutMs() + 2000L + random.nextInt(3000);
        long start = RunClock.now();
        actuator.call("stop " + Actuator.broker(broker));
        Thread.sleep(holdMs);
        actuator.call("cont " + Actuator.broker(broker));
        return new Injection(Actuator.broker(broker), roles, start, RunClock.now(),
                List.of("paused " + holdMs + " ms"));
    }

    private Injection fenceProducer(int producer) {
        String id = TransactionalWriter.transactionalId(producer);
        long start = RunClock.now();
        try {
            TransactionalWriter.fence(options.bootstrap(), producer);
        } catch (RuntimeException e) {
            throw new Actuator.ActuatorException("could not fence " + id + ": " + e);
        }
        return new Injection(id, "", start, RunClock.now(), List.of("fenced by a second producer's initTransactions()"));
    }

    private Injection pauseZooKeeper() throws InterruptedException {
        long holdMs = 1000L + random.nextInt(Math.max(1, options.sessionTimeoutMs() * 3 / 2 - 1000));
        long start = RunClock.now();
        actuator.call("stop zk");
        Thread.sleep(holdMs);
        actuator.call("cont zk");
        return new Injection("zk", "", start, RunClock.now(), List.of("paused " + holdMs + " ms"));
    }

    private Injection restartZooKeeper() {
        long start = RunClock.now();
        actuator.call("kill zk");
        actuator.call("start zk");
        return new Injection("zk", "", start, RunClock.now(), List.of());
    }

    private Injection isolateBroker() throws InterruptedException {
        int broker = options.brokerIds().get(random.nextInt(options.brokerIds().size()));
        String roles = roles(broker);
        List<String> peers = new ArrayList<>(otherBrokers(broker));
        peers.add("zk");
        long holdMs = options.sessionTimeoutMs() + 4000L + random.nextInt(4000);
        long start = RunClock.now();
        actuator.call("cut " + Actuator.broker(broker) + " " + String.join(" ", peers));
        Thread.sleep(holdMs);
        actuator.call("heal");
        return new Injection(Actuator.broker(broker), roles, start, RunClock.now(),
                List.of("cut off from " + String.join(",", peers) + " for " + holdMs + " ms"));
    }

    /**
     * The leader keeps ZooKeeper and the clients but loses its followers: it must stop
     * acknowledging acks=all writes within {@code replica.lag.time.max.ms} (min.insync.replicas=2
     * cannot be met), and what it acknowledged must survive the heal. Both are judged after the
     * verifying read ({@link CutLeaderCheck}), which knows each record's leader epoch: a partition
     * may get a new leader during the cut (a preferred-leader election), whose acknowledgements are legitimate.
     */
    private Injection cutLeaderFromFollowers() throws InterruptedException {
        Map<Integer, PartitionState> states = view.partitions(HarnessOptions.TOPIC);
        int broker = leaderOf(states, random.nextInt(options.partitions()));
        List<Integer> led = states.values().stream().filter(s -> s.leader() == broker)
                .map(PartitionState::partition).sorted().toList();
        String roles = roles(broker);
        long holdMs = options.replicaLagTimeMaxMs() + 5000L + random.nextInt(3000);
        long start = RunClock.now();
        actuator.call("cut " + Actuator.broker(broker) + " " + String.join(" ", otherBrokers(broker)));
        Thread.sleep(holdMs);
        long healAt = RunClock.now();
        actuator.call("heal");
        long latest = -1;
        for (int p : led) {
            latest = Math.max(latest, acks.lastAckBetween(p, start, healAt));
        }
        String note = "cut " + holdMs + " ms; it led " + HarnessOptions.TOPIC + " " + led + "; "
                + (latest < 0 ? "no acknowledgement on them during the cut"
                        : "last acknowledgement on them (by any leader) " + RunClock.millisBetween(start, latest)
                                + " ms after the cut");
        return new Injection(Actuator.broker(broker), roles, start, RunClock.now(), List.of(note), List.of(),
                Optional.of(new CutWindow(led, healAt)));
    }

    private int leaderOfSomePartition() {
        return leaderOf(view.partitions(HarnessOptions.TOPIC), random.nextInt(options.partitions()));
    }

    private static int leaderOf(Map<Integer, PartitionState> states, int partition) {
        PartitionState state = states.get(partition);
        if (state == null || state.leader() < 0) {
            throw new ClusterView.ViewUnavailable(HarnessOptions.TOPIC + "-" + partition + " has no leader");
        }
        return state.leader();
    }

    private int followerOfSomePartition() {
        PartitionState state = view.partitions(HarnessOptions.TOPIC).get(random.nextInt(options.partitions()));
        List<Integer> followers = state.replicas().stream().filter(r -> r != state.leader()).toList();
        if (followers.isEmpty()) {
            throw new ClusterView.ViewUnavailable(HarnessOptions.TOPIC + "-" + state.partition() + " has no follower");
        }
        return followers.get(random.nextInt(followers.size()));
    }

    private int controller() {
        int controller = view.controller();
        if (controller < 0) {
            throw new ClusterView.ViewUnavailable("no controller");
        }
        return controller;
    }

    private List<String> otherBrokers(int broker) {
        return options.brokerIds().stream().filter(id -> id != broker).map(Actuator::broker).toList();
    }

    /** What the broker is right now: controller, group coordinator, leader of which partitions. */
    private String roles(int broker) {
        List<String> roles = new ArrayList<>();
        try {
            if (view.controller() == broker) {
                roles.add("controller");
            }
        } catch (ClusterView.ViewUnavailable e) {
            roles.add("controller?");
        }
        try {
            if (view.coordinator(HarnessOptions.GROUP) == broker) {
                roles.add("coordinator");
            }
        } catch (ClusterView.ViewUnavailable e) {
            roles.add("coordinator?");
        }
        if (options.workload() == Workload.TRANSACTIONAL) {
            for (int producer = 0; producer < TransactionalWriter.PRODUCERS; producer++) {
                String id = TransactionalWriter.transactionalId(producer);
                try {
                    if (view.transactionCoordinator(id) == broker) {
                        roles.add("transaction coordinator of " + id);
                    }
                } catch (ClusterView.ViewUnavailable e) {
                    roles.add("transaction coordinator of " + id + "?");
                }
            }
        }
        try {
            String led = view.partitions(HarnessOptions.TOPIC).values().stream().filter(s -> s.leader() == broker)
                    .map(s -> Integer.toString(s.partition())).sorted().collect(Collectors.joining(","));
            if (!led.isEmpty()) {
                roles.add("leader of " + led);
            }
        } catch (ClusterView.ViewUnavailable e) {
            roles.add("leader?");
        }
        return String.join("; ", roles);
    }
}
