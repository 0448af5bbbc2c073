package io.gregor.core.log;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures what idle partitions cost one {@link LogManager} (issue 16): memory mappings, open file
 * descriptors and heap per replica, and the startup time of the log manager after an unclean stop
 * (the process halts, as after kill -9) and after a clean one. Not a test: run it by hand, one JVM
 * per step, on Linux (it reads {@code /proc/self}):
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$DEPS io.gregor.core.log.IdlePartitionFootprint create DIR 10000
 * java ... IdlePartitionFootprint restart DIR     # after the halt: unclean; shuts down cleanly
 * java ... IdlePartitionFootprint restart DIR     # after the clean shutdown
 * java ... IdlePartitionFootprint create DIR 10000 60   # 60 one-record batches in each partition
 * java ... IdlePartitionFootprint crash-restart DIR     # unclean start; halts again (repeatable)
 * </pre>
 *
 * {@code create} starts an empty log manager in {@code DIR}, creates the partitions of topic
 * {@code idle} (appending {@code RECORDS} one-record batches of 100 bytes to each when given, as a
 * slow producer spread over many partitions does), prints the figures, writes the offset
 * checkpoints (as the periodic task would) and halts without shutting down. {@code restart} times
 * {@code startup()}, prints the figures and shuts down cleanly (writing the clean-shutdown marker);
 * {@code crash-restart} does the same but halts instead, so the next start is unclean again.
 */
public final class IdlePartitionFootprint {
    private IdlePartitionFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IdlePartitionFootprint create DIR PARTITIONS [RECORDS] | restart DIR"
                    + " | crash-restart DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toAbsolutePath();
        long heapBefore = heapUsedAfterGc();
        LogManager manager = new LogManager(LogManagerConfig.defaults(List.of(dir), 0, null));
        switch (args[0]) {
            case "create" -> {
                int partitions = Integer.parseInt(args[2]);
                int records = args.length > 3 ? Integer.parseInt(args[3]) : 0;
                manager.startup();
                long start = System.nanoTime();
                long cpuStart = processCpuMs();
                for (int p = 0; p < partitions; p++) {
                    Log created = manager.getOrCreateLog(new TopicPartition("idle", p), LogConfig.DEFAULT);
                    for (int r = 0; r < records; r++) {
                        created.appendAsLeader(TestBatches.batch(1, 100, System.currentTimeMillis()), 0);
                    }
                }
                long createMs = (System.nanoTime() - start) / 1_000_000;
                report("create", dir, manager, heapBefore, createMs, processCpuMs() - cpuStart);
                manager.checkpointLogOffsets();
                Runtime.getRuntime().halt(0);
            }
            case "restart", "crash-restart" -> {
                boolean clean = Files.exists(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
                long start = System.nanoTime();
                long cpuStart = processCpuMs();
                manager.startup();
                long startupMs = (System.nanoTime() - start) / 1_000_000;
                report(clean ? "restart-clean" : "restart-unclean", dir, manager, heapBefore, startupMs,
                        processCpuMs() - cpuStart);
                long recovered = manager.loadResults().values().stream().mapToLong(LoadResult::segmentsRecovered).sum();
                System.out.printf("segments recovered: %d%n", recovered);
                if (args[0].equals("crash-restart")) {
                    dumpFlightRecordings();
                    Runtime.getRuntime().halt(0);
                }
                long stop = System.nanoTime();
                manager.shutdown();
                System.out.printf("shutdown: %d ms%n", (System.nanoTime() - stop) / 1_000_000);
            }
            default -> {
                System.err.println("unknown step " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void report(String step, Path dir, LogManager manager, long heapBefore, long ms, long cpuMs)
            throws IOException {
        int logs = manager.allLogs().size();
        long maps = mapsUnder(dir);
        long fds = fdsUnder(dir);
        long heap = heapUsedAfterGc() - heapBefore;
        System.out.printf("%s: %d logs, %d ms wall, %d ms CPU; maps %d (%.2f per replica); fds %d (%.2f per replica); "
                        + "heap %d KiB (%.0f B per replica); threads %d%n",
                step, logs, ms, cpuMs, maps, (double) maps / logs, fds, (double) fds / logs, heap / 1024,
                (double) heap / logs, Thread.activeCount());
    }

    /**
     * Writes the running flight recordings (started with {@code -XX:StartFlightRecording}) to the
     * file named by {@code -Dfootprint.jfr=FILE}, since a halt skips the dump on exit.
     */
    private static void dumpFlightRecordings() throws IOException {
        String file = System.getProperty("footprint.jfr");
        if (file != null) {
            for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
                r.dump(Path.of(file));
            }
        }
    }

    /** Lines of /proc/self/maps that map a file under {@code dir}. */
    static long mapsUnder(Path dir) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains(dir.toString())).count();
        }
    }

    /** Open file descriptors of this process on files under {@code dir}. */
    static long fdsUnder(Path dir) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(dir.toString());
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }

    /** CPU time of the whole process (every thread, the JIT and GC included). */
    private static long processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
