package io.gregor.faults.harness;

import java.util.ArrayList;
import java.util.List;

/** The faults the harness injects, each with the name used on the command line and in the table. */
enum FaultKind {
    KILL_LEADER("kill-leader", "kill -9 the leader of a partition, restart it"),
    KILL_FOLLOWER("kill-follower", "kill -9 a follower of a partition, restart it"),
    KILL_CONTROLLER("kill-controller", "kill -9 the controller, restart it"),
    KILL_COORDINATOR("kill-coordinator", "kill -9 the group's coordinator, restart it"),
    PAUSE_LEADER("pause-leader", "SIGSTOP a leader past its ZooKeeper session, SIGCONT (zombie leader)"),
    PAUSE_ZOOKEEPER("pause-zookeeper", "SIGSTOP ZooKeeper for up to 1.5 session timeouts, SIGCONT"),
    RESTART_ZOOKEEPER("restart-zookeeper", "kill -9 ZooKeeper, restart it"),
    ISOLATE_BROKER("isolate-broker", "cut a broker off from the other brokers and ZooKeeper, heal"),
    CUT_LEADER("cut-leader", "cut a leader off from its followers only (it keeps ZooKeeper), heal"),
    KILL_TXN_COORDINATOR("kill-txn-coordinator", "kill -9 a transactional producer's transaction coordinator, restart it"),
    FENCE_PRODUCER("fence-producer", "a second producer with a running producer's transactional.id initialises, fencing it");

    private final String label;
    private final String description;

    FaultKind(String label, String description) {
        this.label = label;
        this.description = description;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    static FaultKind byLabel(String label) {
        for (FaultKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown fault kind '" + label + "'; known: " + labels());
    }

    /** Whether the kind applies to the workload: those of transactions only to the transactional one. */
    boolean appliesTo(Workload workload) {
        return (this != KILL_TXN_COORDINATOR && this != FENCE_PRODUCER) || workload == Workload.TRANSACTIONAL;
    }

    /** Comma-separated labels ({@code all} means every kind that applies to the workload). */
    static List<FaultKind> parseList(String list, Workload workload) {
        if (list.equals("all")) {
            return java.util.Arrays.stream(values()).filter(k -> k.appliesTo(workload)).toList();
        }
        List<FaultKind> kinds = new ArrayList<>();
        for (String label : list.split(",")) {
            FaultKind kind = byLabel(label.trim());
            if (!kind.appliesTo(workload)) {
                throw new IllegalArgumentException("fault kind '" + kind.label + "' needs --workload transactional");
            }
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return List.copyOf(kinds);
    }

    static String labels() {
        List<String> labels = new ArrayList<>();
        for (FaultKind kind : values()) {
            labels.add(kind.label);
        }
        return String.join(",", labels);
    }
}
