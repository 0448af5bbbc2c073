package io.gregor.coordination.tools;

import io.gregor.clients.admin.AlterConfigOp;
import io.gregor.clients.admin.ConfigResource;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.LogDirInfo;
import io.gregor.clients.admin.TopicPartitionReplica;
import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.tools.ReassignPartitionsCommand.CommandFailedException;
import io.gregor.coordination.tools.ReassignmentJson.Target;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The log-directory half of {@code gregor-reassign-partitions.sh}, as Kafka's tool does it: the
 * replicas a reassignment file names a log dir for (not "any") are moved there with
 * AlterReplicaLogDirs after the partition reassignment starts, retried while their broker does not
 * hold them yet; {@code --verify} reports each replica's move, {@code --cancel} moves the replicas
 * still moving back to their current dir, {@code --replica-alter-log-dirs-throttle} sets
 * {@code replica.alter.log.dirs.io.max.bytes.per.second} on the brokers moving replicas. Stateless.
 */
final class LogDirMoves {
    static final Comparator<TopicPartitionReplica> REPLICA_ORDER = Comparator
            .comparing((TopicPartitionReplica r) -> r.topicPartition(), ReassignmentJson.PARTITION_ORDER)
            .thenComparingInt(TopicPartitionReplica::brokerId);
    private static final long RETRY_BACKOFF_MS = 100;

    /** Where one replica's move stands, as DescribeLogDirs shows it (Kafka's LogDirMoveState). */
    sealed interface MoveState permits Missing, Offline, Active, Cancelled, Completed {
        default boolean done() {
            return !(this instanceof Active);
        }
    }

    /** The broker does not hold the replica in any live dir (or does not answer for it). */
    record Missing() implements MoveState {
    }

    /** The broker has an offline log dir, where the replica presumably was. */
    record Offline() implements MoveState {
    }

    record Active(String currentLogDir, String futureLogDir) implements MoveState {
    }

    record Cancelled(String currentLogDir) implements MoveState {
    }

    record Completed() implements MoveState {
    }

    private LogDirMoves() {
    }

    /** The replicas of a reassignment file with a named log dir, and that dir. */
    static Map<TopicPartitionReplica, String> requested(List<Target> targets) {
        Map<TopicPartitionReplica, String> out = new TreeMap<>(REPLICA_ORDER);
        for (Target t : targets) {
            for (int i = 0; i < t.replicas().size(); i++) {
                String dir = t.logDirs().get(i);
                if (!dir.equals(ReassignmentJson.ANY_LOG_DIR)) {
                    out.put(new TopicPartitionReplica(t.partition(), t.replicas().get(i)), dir);
                }
            }
        }
        return out;
    }

    /** Sets the log dir move throttle of every broker moving a replica (Kafka's modifyLogDirThrottle). */
    static void setThrottle(GregorAdmin admin, Map<TopicPartitionReplica, String> moves, long throttle, PrintStream out) {
        Set<Integer> brokers = moves.keySet().stream().map(TopicPartitionReplica::brokerId)
                .collect(Collectors.toCollection(TreeSet::new));
        for (int broker : brokers) {
            admin.alterConfigs(ConfigResource.broker(broker), List.of(
                    AlterConfigOp.set(ReassignmentThrottles.LOG_DIRS_RATE, Long.toString(throttle))), false);
        }
        out.println("The replica-alter-dir throttle limit was set to " + throttle + " B/s");
    }

    /**
     * Sends AlterReplicaLogDirs for {@code moves} until every broker accepted its replicas, retrying
     * those it does not hold yet (a replica new to a broker arrives with the reassignment) every
     * 100 ms for up to {@code timeoutMs}; another error fails the command.
     */
    static void execute(GregorAdmin admin, Map<TopicPartitionReplica, String> moves, long timeoutMs, PrintStream out) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Map<TopicPartitionReplica, String> pending = new TreeMap<>(REPLICA_ORDER);
        pending.putAll(moves);
        while (true) {
            Map<TopicPartitionReplica, Errors> results = admin.alterReplicaLogDirs(pending);
            List<TopicPartitionReplica> started = new ArrayList<>();
            for (TopicPartitionReplica replica : pending.keySet()) {
                Errors error = results.getOrDefault(replica, Errors.REPLICA_NOT_AVAILABLE);
                if (error == Errors.NONE) {
                    started.add(replica);
                } else if (error != Errors.REPLICA_NOT_AVAILABLE) {
                    throw new CommandFailedException("Error: Failed to alter dir for " + replica + ": " + error.message());
                }
            }
            for (TopicPartitionReplica replica : started) {
                out.printf("Successfully started moving log directory to %s for replica %s-%s with broker %s %n",
                        pending.get(replica), replica.topicPartition().topic(), replica.topicPartition().partition(),
                        replica.brokerId());
                pending.remove(replica);
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new CommandFailedException(String.format("Timed out before log directory move%s could be started for: %s",
                        pending.size() == 1 ? "" : "s",
                        pending.keySet().stream().map(Object::toString).collect(Collectors.joining(","))));
            }
            try {
                Thread.sleep(RETRY_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("Error: interrupted while starting log directory moves");
            }
        }
    }

    /** The state of each requested move, from DescribeLogDirs of the brokers concerned. */
    static Map<TopicPartitionReplica, MoveState> states(GregorAdmin admin, Map<TopicPartitionReplica, String> moves) {
        Set<Integer> brokers = moves.keySet().stream().map(TopicPartitionReplica::brokerId).collect(Collectors.toSet());
        Map<Integer, Map<String, LogDirInfo>> dirs = brokers.isEmpty() ? Map.of() : admin.describeLogDirs(brokers);
        Map<TopicPartitionReplica, MoveState> out = new TreeMap<>(REPLICA_ORDER);
        moves.forEach((replica, target) -> {
            String current = null;
            String future = null;
            boolean offlineDir = false;
            for (LogDirInfo dir : dirs.getOrDefault(replica.brokerId(), Map.of()).values()) {
                offlineDir |= dir.error() != Errors.NONE;
                LogDirInfo.ReplicaInfo info = dir.replicas().get(replica.topicPartition());
                if (info != null && info.isFuture()) {
                    future = dir.path();
                } else if (info != null) {
                    current = dir.path();
                }
            }
            MoveState state;
            if (current == null) {
                state = offlineDir ? new Offline() : new Missing();
            } else if (future != null) {
                state = new Active(current, future);
            } else {
                state = current.equals(target) ? new Completed() : new Cancelled(current);
            }
            out.put(replica, state);
        });
        return out;
    }

    /** Kafka's lines for the replica moves of --verify. */
    static String toString(Map<TopicPartitionReplica, MoveState> states, Map<TopicPartitionReplica, String> targets) {
        List<String> lines = new ArrayList<>();
        states.forEach((replica, state) -> {
            String partition = replica.topicPartition().toString();
            String target = targets.get(replica);
            if (state instanceof Offline) {
                lines.add("Partition " + partition + " is not found in any live log dir on broker " + replica.brokerId()
                        + ". There is likely an offline log directory on the broker.");
            } else if (state instanceof Missing) {
                lines.add("Partition " + partition + " cannot be found in any live log directory on broker "
                        + replica.brokerId() + ".");
            } else if (state instanceof Active a) {
                lines.add(a.futureLogDir().equals(target)
                        ? "Reassignment of replica " + replica + " is still in progress."
                        : "Partition " + partition + " on broker " + replica.brokerId() + " is being moved to log dir "
                                + a.futureLogDir() + " instead of " + target + ".");
            } else if (state instanceof Cancelled c) {
                lines.add("Partition " + partition + " on broker " + replica.brokerId()
                        + " is not being moved from log dir " + c.currentLogDir() + " to " + target + ".");
            } else {
                lines.add("Reassignment of replica " + replica + " completed successfully.");
            }
        });
        return String.join(System.lineSeparator(), lines);
    }

    /** --cancel: the replicas still moving go back to their current dir. Returns false if none was moving. */
    static boolean cancel(GregorAdmin admin, Map<TopicPartitionReplica, String> moves, long timeoutMs, PrintStream out) {
        Map<TopicPartitionReplica, String> back = new LinkedHashMap<>();
        states(admin, moves).forEach((replica, state) -> {
            if (state instanceof Active a) {
                back.put(replica, a.currentLogDir());
            }
        });
        if (back.isEmpty()) {
            return false;
        }
        execute(admin, back, timeoutMs, out);
        return true;
    }
}
