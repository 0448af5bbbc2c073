package io.gregor.faults.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault harness's driver, started by {@code bench/faults/run.sh} inside the client's network
 * namespace once ZooKeeper and the brokers run: it creates the topic, starts the workload (a
 * {@link SequencedProducer}, or with {@code --workload transactional} a {@link TransactionalWriter},
 * and a {@link GroupMember}), then injects faults one after another
 * through the script ({@link Actuator}), waiting after each for the cluster to heal (bounded), and
 * at the end stops the workload, verifies every acknowledged record ({@link Verifier}; every
 * transaction, read back read_committed, with {@link TxnVerifier}), compares the
 * replicas and writes the {@link Report}. Exit status: 0 the run was clean, 1 the report names a
 * violation, 3 the run could not be carried out.
 */
public final class FaultHarness {
    private static final Logger LOG = LoggerFactory.getLogger(FaultHarness.class);
    /** Stop injecting after this many faults in a row left the cluster unhealed: it is wedged, more faults say nothing. */
    private static final int UNHEALED_IN_A_ROW_LIMIT = 3;
    /** How long the test topic may take to get a leader for every partition (10,000 partitions: about a minute). */
    private static final long TOPIC_LEADERS_WITHIN_MS = 600_000;

    private final HarnessOptions options;
    private final Actuator actuator;
    private final ClusterView view;
    private final List<String> unexpectedExits = new ArrayList<>();   // fault loop thread only
    private final List<String> notCarriedOut = new ArrayList<>();     // fault loop thread only

    private FaultHarness(HarnessOptions options, Actuator actuator, ClusterView view) {
        this.options = options;
        this.actuator = actuator;
        this.view = view;
    }

    public static void main(String[] args) {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("faults harness: " + e.getMessage());
            System.exit(3);
            return;
        }
        try (Actuator actuator = new Actuator(options.commandsPipe(), options.repliesPipe(), Duration.ofMinutes(2));
             ClusterView view = new ClusterView(options.bootstrap())) {
            FaultHarness harness = new FaultHarness(options, actuator, view);
            Report report = harness.run();
            actuator.call("done " + report.file());
            System.exit(report.clean() ? 0 : 1);
        } catch (Exception e) {
            LOG.error("the fault run could not be carried out", e);
            System.exit(3);
        }
    }

    private Report run() throws Exception {
        Instant started = Instant.now();
        String loadAtStart = loadAverage();
        awaitCluster();
        view.createTopic(HarnessOptions.TOPIC, options.partitions(), (short) 3, Map.of("min.insync.replicas", "2"),
                TOPIC_LEADERS_WITHIN_MS);
        LOG.info("created topic {} ({} partitions, RF 3, min.insync.replicas=2)", HarnessOptions.TOPIC, options.partitions());
        boolean transactional = options.workload() == Workload.TRANSACTIONAL;
        try (AckLog acks = new AckLog(options.partitions(), options.workDir().resolve("acks.csv"));
             TxnLog txns = new TxnLog(acks, options.workDir().resolve("txns.csv"))) {
            Writer writer = transactional
                    ? new TransactionalWriter(options.bootstrap(), HarnessOptions.TOPIC, options.partitions(),
                            options.recordsPerSecond(), txns)
                    : new SequencedProducer(options.bootstrap(), HarnessOptions.TOPIC, options.partitions(),
                            options.recordsPerSecond(), acks);
            GroupMember member = new GroupMember(options.bootstrap(), HarnessOptions.TOPIC, HarnessOptions.GROUP,
                    transactional ? Optional.of(txns::deliberatelyAborted) : Optional.empty());
            ClusterHealth health = new ClusterHealth(options, view, new ZooKeeperProbe(options.zookeeper()), actuator,
                    acks, member);
            writer.start();
            member.start();
            long runStart = RunClock.now();
            ClusterHealth.HealResult first = health.awaitHealed(runStart, options.healTimeout());
            unexpectedExits.addAll(first.unexpectedExits());
            if (first.healedNanos() < 0) {
                throw new IllegalStateException("the cluster never became healthy before the first fault: " + first.lastProblem());
            }
            LOG.info("{} workload running ({} records/s); injecting up to {} faults for at most {} s",
                    options.workload().label(), options.recordsPerSecond(), options.faults(), options.duration().toSeconds());
            List<FaultRecord> faults = new ArrayList<>();
            String stopReason = injectFaults(health, acks, faults, runStart);
            long runEnd = RunClock.now();
            LOG.info("stopping the workload ({})", stopReason);
            writer.close();
            member.close();
            Verifier verifier = new Verifier(options.bootstrap(), HarnessOptions.TOPIC, options.partitions());
            Verdict verdict;
            Optional<TxnVerdict> txnVerdict = Optional.empty();
            if (transactional) {
                LOG.info("verifying {} transactions ({} committed) with a read_committed read", txns.snapshot().size(),
                        txns.count(Transaction.Outcome.COMMITTED));
                List<Transaction> transactions = txns.snapshot();
                TxnVerdict judged = TxnVerifier.judge(transactions, options.partitions(), verifier.read(true),
                        member.forbiddenSeen(), member.forbiddenExamples());
                // the evidence that the check has something to find: the log does hold the aborted records
                long inLog = TxnVerifier.neverCommittedRecords(transactions, options.partitions(), verifier.read(false));
                txnVerdict = Optional.of(judged.withNeverCommittedInLog(inLog));
                verdict = judged.records();
            } else {
                LOG.info("verifying {} acknowledged records", acks.count());
                verdict = verifier.verify(acks);
            }
            ReplicaComparison.Result replicas = ReplicaComparison.compare(options.workDir(), options.brokerIds(),
                    HarnessOptions.TOPIC, options.partitions(), Duration.ofSeconds(60));
            Availability availability = new Availability(acks, member.progress(), runStart, runEnd,
                    options.healTimeout().toNanos());
            // the cut-leader check judges produce acknowledgements by the leader epoch they were read in; the
            // transactional workload's acknowledgements are commits, which a cut leader's partitions do not bound
            List<CutLeaderCheck.Result> cutLeaderChecks = transactional ? List.of()
                    : CutLeaderCheck.judge(faults, acks, verdict, options.replicaLagTimeMaxMs());
            RunOutcome outcome = new RunOutcome(faults, stopReason, RunClock.millisBetween(runStart, runEnd),
                    writer.sent(), acks.failedCount(), acks.firstFailures(), verdict, cutLeaderChecks, availability,
                    replicas, List.copyOf(unexpectedExits), List.copyOf(notCarriedOut),
                    "load average (1, 5, 15 min) " + loadAtStart + " at the start, " + loadAverage() + " at the end",
                    member.consumed(), member.assignments(), txnVerdict,
                    writer instanceof TransactionalWriter t ? t.reinitialisations() : 0);
            Report report = new Report(options, outcome, started);
            report.write();
            LOG.info("report written to {}", report.file());
            return report;
        }
    }

    /** Injects faults until the count or the duration is reached, or the cluster stays wedged; returns why it stopped. */
    private String injectFaults(ClusterHealth health, AckLog acks, List<FaultRecord> faults, long runStart)
            throws InterruptedException {
        Random random = new Random(options.seed());
        FaultInjector injector = new FaultInjector(options, view, actuator, acks, random);
        List<FaultKind> round = new ArrayList<>();
        int unhealedInARow = 0;
        long deadline = runStart + options.duration().toNanos();
        while (true) {
            if (faults.size() >= options.faults()) {
                return options.faults() + " faults were injected";
            }
            if (RunClock.now() > deadline) {
                return "the duration of " + options.duration().toSeconds() + " s ran out";
            }
            if (unhealedInARow >= UNHEALED_IN_A_ROW_LIMIT) {
                return UNHEALED_IN_A_ROW_LIMIT + " faults in a row left the cluster unhealed";
            }
            if (round.isEmpty()) {
                round.addAll(options.kinds());   // every kind once per round, in a seeded order
                Collections.shuffle(round, random);
            }
            FaultKind kind = round.remove(0);
            FaultRecord fault;
            try {
                fault = injectOne(faults.size() + 1, kind, injector, health);
            } catch (Actuator.ActuatorException e) {
                // e.g. the victim crashed on its own between the heal and the fault: undo what may be half done,
                // wait for the cluster to heal as after any fault, go on
                LOG.warn("fault {} {} could not be carried out: {}", faults.size() + 1, kind.label(), e.getMessage());
                notCarriedOut.add(kind.label() + ": " + e.getMessage());
                recover(health);
                ClusterHealth.HealResult heal = health.awaitHealed(RunClock.now(), options.healTimeout());
                unexpectedExits.addAll(heal.unexpectedExits());
                unhealedInARow = heal.healedNanos() >= 0 ? 0 : unhealedInARow + 1;
                continue;
            }
            faults.add(fault);
            unhealedInARow = fault.healed() ? 0 : unhealedInARow + 1;
            // a quiet moment between faults, so that each fault's silence is its own
            Thread.sleep(1000 + random.nextInt(2000));
        }
    }

    private FaultRecord injectOne(int index, FaultKind kind, FaultInjector injector, ClusterHealth health)
            throws InterruptedException {
        FaultInjector.Injection injection;
        long attemptStart = RunClock.now();
        while (true) {
            try {
                injection = injector.inject(kind);
                break;
            } catch (ClusterView.ViewUnavailable e) {
                // the victim could not be chosen (the cluster did not answer): try again, bounded
                if (RunClock.now() - attemptStart > options.healTimeout().toNanos()) {
                    throw new IllegalStateException("could not choose a victim for " + kind.label() + ": " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
        ClusterHealth.HealResult heal = health.awaitHealed(injection.endNanos(), options.healTimeout());
        unexpectedExits.addAll(heal.unexpectedExits().stream().map(e -> e + " (after fault " + index + " " + kind.label() + ")").toList());
        List<String> notes = new ArrayList<>(injection.notes());
        if (heal.healedNanos() < 0) {
            notes.add("still unhealthy: " + heal.lastProblem());
        }
        FaultRecord fault = new FaultRecord(index, kind, injection.target(), injection.roles(), injection.startNanos(),
                injection.endNanos(), heal.healedNanos(), notes, injection.violations(), injection.cutWindow());
        LOG.info("fault {}/{} {} {}{}: {}{}", index, options.faults(), kind.label(), fault.target(),
                fault.roles().isEmpty() ? "" : " (" + fault.roles() + ")",
                fault.healed() ? "healed after " + RunClock.millisBetween(fault.startNanos(), fault.healedNanos()) + " ms"
                        : "NOT healed within " + options.healTimeout().toSeconds() + " s (" + heal.lastProblem() + ")",
                notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        for (String violation : fault.violations()) {
            LOG.warn("fault {} VIOLATION: {}", index, violation);
        }
        return fault;
    }

    /** Undoes any cut and pause, and starts any process that is down. */
    private void recover(ClusterHealth health) {
        actuator.call("heal");
        for (String node : nodes()) {
            try {
                actuator.call("cont " + node);
            } catch (Actuator.ActuatorException e) {
                // not running: started below
            }
        }
        unexpectedExits.addAll(health.restartDeadProcesses());
    }

    private List<String> nodes() {
        List<String> nodes = new ArrayList<>(List.of("zk"));
        options.brokerIds().forEach(id -> nodes.add(Actuator.broker(id)));
        return nodes;
    }

    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Until ZooKeeper serves and every broker is registered with a controller named (bounded by the heal bound). */
    private void awaitCluster() throws InterruptedException {
        ZooKeeperProbe zookeeper = new ZooKeeperProbe(options.zookeeper());
        long deadline = RunClock.now() + options.healTimeout().toNanos();
        String problem = "";
        while (RunClock.now() < deadline) {
            try {
                if (!zookeeper.serving()) {
                    problem = "ZooKeeper does not serve";
                } else if (!view.liveBrokers().containsAll(options.brokerIds())) {
                    problem = "brokers registered: " + view.liveBrokers();
                } else if (view.controller() < 0) {
                    problem = "no controller";
                } else {
                    return;
                }
            } catch (ClusterView.ViewUnavailable e) {
                problem = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the cluster did not come up within " + options.healTimeout().toSeconds() + " s: " + problem);
    }
}
