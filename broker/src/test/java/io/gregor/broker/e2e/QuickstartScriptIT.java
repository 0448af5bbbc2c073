package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/gregor-quickstart.sh run as a user would, after {@code package} (this class runs in the
 * integration-test phase): ZooKeeper and three brokers come up on free loopback ports, a topic
 * with replication factor 3 and min.insync.replicas=2 is created, five messages go through the
 * console producer and consumer, gregor-cluster.sh shows the controller, leaders and full ISR, and
 * {@code --stop} stops every process through its PID file.
 */
class QuickstartScriptIT {
    private static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();

    record Run(int code, String output) {
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Run run(Path workDir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(CHECKOUT.resolve("bin/gregor-quickstart.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(CHECKOUT.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("quickstart-" + args.length + ".txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gregor-quickstart.sh " + String.join(" ", args) + " did not finish within 240 s");
        }
        return new Run(p.exitValue(), Files.readString(workDir.resolve("quickstart-" + args.length + ".txt"), StandardCharsets.UTF_8));
    }

    @Test
    void quickstartBringsUpZooKeeperAndThreeBrokersRoundTripsMessagesAndStops(@TempDir Path tmp) throws Exception {
        Path work = tmp.resolve("qs");
        Map<String, String> env = Map.of("GREGOR_QUICKSTART_DIR", work.toString(),
                "GREGOR_ZOOKEEPER_PORT", String.valueOf(freePort()), "GREGOR_BROKER_PORT", String.valueOf(freePort()),
                "GREGOR_BROKER1_PORT", String.valueOf(freePort()), "GREGOR_BROKER2_PORT", String.valueOf(freePort()));
        Run start;
        try {
            start = run(tmp, env);
        } finally {
            Run stop = run(tmp, env, "--stop");
            assertEquals(0, stop.code, stop.output);
        }
        assertEquals(0, start.code, start.output);
        assertTrue(start.output.contains("user-1: placed order 17\n"), start.output);
        assertTrue(start.output.contains("Processed a total of 5 messages"), start.output);
        assertTrue(java.util.regex.Pattern.compile("Controller: broker [012] \\(epoch \\d+\\)").matcher(start.output).find(),
                start.output);
        assertTrue(start.output.contains("quickstart-events  id: "), start.output);
        assertTrue(start.output.contains("ReplicationFactor: 3\tConfigs: min.insync.replicas=2"), start.output);
        for (int p = 0; p < 3; p++) {
            assertTrue(java.util.regex.Pattern.compile("partition " + p + "  leader: [012]  leader epoch: \\d+  replicas: "
                    + "[012],[012],[012]  isr: [012],[012],[012]\n").matcher(start.output).find(),
                    "partition " + p + " led and fully in sync in gregor-cluster.sh:\n" + start.output);
        }
        assertTrue(start.output.contains(" --stop"), start.output);
        for (int id = 0; id < 3; id++) {
            assertFalse(Files.exists(work.resolve("logs/server-broker-" + id + ".pid")),
                    "broker " + id + "'s PID file is gone after --stop");
        }
        assertFalse(Files.exists(work.resolve("logs/zookeeper.pid")), "ZooKeeper's PID file is gone after --stop");
    }
}
