package io.gregor.faults.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harness's command line ({@code --key value} pairs, given by {@code run.sh}), parsed and
 * checked once. The cluster-side settings ({@code sessionTimeoutMs}, {@code replicaLagTimeMaxMs})
 * must be those the script started the brokers with: the faults' hold times and the cut-leader
 * check are derived from them.
 */
record HarnessOptions(
        String bootstrap,
        String zookeeper,
        List<Integer> brokerIds,
        Path commandsPipe,
        Path repliesPipe,
        Path workDir,
        Path resultsDir,
        int faults,
        Duration duration,
        long seed,
        List<FaultKind> kinds,
        int partitions,
        int recordsPerSecond,
        int sessionTimeoutMs,
        long replicaLagTimeMaxMs,
        Duration healTimeout,
        String system,
        String settings,
        Workload workload) {

    static final String TOPIC = "faults";
    static final String GROUP = "faults-group";

    private static final Set<String> KEYS = Set.of("bootstrap", "zookeeper", "broker-ids", "commands", "replies",
            "work-dir", "results-dir", "faults", "duration-s", "seed", "kinds", "partitions", "rate",
            "session-timeout-ms", "replica-lag-time-max-ms", "heal-timeout-s", "system", "settings", "workload");

    static HarnessOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got '" + arg + "'");
            }
            String key = arg.substring(2);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            values.put(key, args[++i]);
        }
        return new HarnessOptions(
                required(values, "bootstrap"),
                required(values, "zookeeper"),
                List.of(required(values, "broker-ids").split(",")).stream().map(Integer::parseInt).toList(),
                Path.of(required(values, "commands")),
                Path.of(required(values, "replies")),
                Path.of(required(values, "work-dir")),
                Path.of(required(values, "results-dir")),
                positive(values, "faults", "100"),
                Duration.ofSeconds(positive(values, "duration-s", "86400")),
                Long.parseLong(values.getOrDefault("seed", "1")),
                FaultKind.parseList(values.getOrDefault("kinds", "all"), workload(values)),
                positive(values, "partitions", "3"),
                positive(values, "rate", "200"),
                positive(values, "session-timeout-ms", "6000"),
                positive(values, "replica-lag-time-max-ms", "10000"),
                Duration.ofSeconds(positive(values, "heal-timeout-s", "120")),
                values.getOrDefault("system", "gregor"),
                values.getOrDefault("settings", ""),
                workload(values));
    }

    private static Workload workload(Map<String, String> values) {
        return Workload.byLabel(values.getOrDefault("workload", "idempotent"));
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private static int positive(Map<String, String> values, String key, String fallback) {
        String text = values.getOrDefault(key, fallback);
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + key + " must be a positive integer, got '" + text + "'");
    }
}
