package io.gregor.faults.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At the end of a run, with the workload stopped: are the replicas of every partition of the topic
 * byte-identical on disk? The script digests each broker's log segments of the partition
 * (concatenated in offset order); followers may still be catching up, so each partition is polled
 * until its digests agree, within a bound.
 */
final class ReplicaComparison {

    /** How many partitions had identical replicas, and what differed where they did not. */
    record Result(int partitions, int identical, List<String> differences) {
    }

    private ReplicaComparison() {
    }

    static Result compare(Actuator actuator, List<Integer> brokers, String topic, int partitions, Duration bound)
            throws InterruptedException {
        int identical = 0;
        List<String> differences = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long deadline = RunClock.now() + bound.toNanos();
            Map<String, String> digests;
            while (true) {
                digests = new LinkedHashMap<>();
                for (int broker : brokers) {
                    digests.put(Actuator.broker(broker), actuator.call("digest " + Actuator.broker(broker) + " " + topic + " " + p));
                }
                if (new HashSet<>(digests.values()).size() == 1 || RunClock.now() > deadline) {
                    break;
                }
                Thread.sleep(1000);
            }
            if (new HashSet<>(digests.values()).size() == 1) {
                identical++;
            } else {
                differences.add(topic + "-" + p + ": " + digests);
            }
        }
        return new Result(partitions, identical, differences);
    }
}
