package io.gregor.faults.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * At the end of a run, with the workload stopped: are the replicas of every partition of the topic
 * byte-identical on disk? Each broker's log segments of the partition (its {@code data} directory
 * under the run's work dir, as both systems lay it out) are digested, concatenated in offset order;
 * followers may still be catching up, so each partition is polled until its digests agree, within a
 * bound. The harness reads the files itself: a digest through the script cost five processes, and
 * 30,000 of them took 35-40 minutes at 10,000 partitions.
 */
final class ReplicaComparison {

    /** How many partitions had identical replicas, and what differed where they did not. */
    record Result(int partitions, int identical, List<String> differences) {
    }

    private ReplicaComparison() {
    }

    static Result compare(Path workDir, List<Integer> brokers, String topic, int partitions, Duration bound)
            throws InterruptedException {
        int identical = 0;
        List<String> differences = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long deadline = RunClock.now() + bound.toNanos();
            Map<String, String> digests;
            while (true) {
                digests = new LinkedHashMap<>();
                for (int broker : brokers) {
                    String name = Actuator.broker(broker);
                    digests.put(name, digest(workDir.resolve(name).resolve("data").resolve(topic + "-" + p)));
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

    /**
     * The first 16 hex digits of the SHA-256 of the partition directory's {@code .log} files in
     * offset order (their names), and their total size; "none 0" without any; "unreadable ..." if
     * a file went away while it was read (a segment deleted meanwhile: the next poll reads again).
     */
    static String digest(Path partitionDir) {
        List<Path> segments;
        try (Stream<Path> files = Files.list(partitionDir)) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (NoSuchFileException e) {
            return "none 0";
        } catch (IOException e) {
            return "unreadable " + e;
        }
        if (segments.isEmpty()) {
            return "none 0";
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        for (Path segment : segments) {
            try (InputStream in = Files.newInputStream(segment)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    bytes += n;
                }
            } catch (IOException e) {
                return "unreadable " + e;
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16) + " " + bytes;
    }
}
