package io.gregor.coordination.tools;

import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkPaths;
import java.io.PrintStream;

/**
 * {@code bin/gregor-cluster.sh}: prints what ZooKeeper holds about a cluster (cluster id, brokers with
 * endpoints and rack, the controller and its epoch, topics with topic id and per partition leader,
 * leader epoch, replicas and ISR), as a tree or with {@code --json} as one JSON document. It only
 * reads. Exit codes: 0 printed, 1 bad arguments or ZooKeeper unreachable.
 */
public final class ClusterCommand {
    static final String USAGE = """
            Usage: gregor-cluster.sh --zookeeper host:port[/chroot] [--json] [--timeout-ms N]
              --zookeeper     ZooKeeper connect string of the cluster (as zookeeper.connect in server.properties)
              --json          print one JSON document instead of a tree
              --timeout-ms    how long to wait for the ZooKeeper connection (default 10000)
              --help          print this help
            """;

    private ClusterCommand() {
    }

    public static void main(String[] args) {
        ZkToolFrame.main(args, ClusterCommand::run);
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String zookeeper = null;
        boolean json = false;
        int timeoutMs = 10_000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--json" -> json = true;
                case "--zookeeper", "--timeout-ms" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, "Missing value for " + a);
                    }
                    String v = args[++i];
                    if (a.equals("--zookeeper")) {
                        zookeeper = v;
                    } else {
                        try {
                            timeoutMs = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            return usage(err, "--timeout-ms must be a number of milliseconds, got '" + v + "'");
                        }
                        if (timeoutMs <= 0) {
                            return usage(err, "--timeout-ms must be positive, got " + timeoutMs);
                        }
                    }
                }
                default -> {
                    return usage(err, "Unknown argument: " + a);
                }
            }
        }
        if (zookeeper == null || zookeeper.isBlank()) {
            return usage(err, "Missing required argument --zookeeper");
        }
        try {
            ZkPaths.fromConnectString(zookeeper);
        } catch (RuntimeException e) {
            return usage(err, "Bad --zookeeper '" + zookeeper + "': " + e.getMessage());
        }
        try (GregorZkClient zk = GregorZkClient.connect(zookeeper, Math.max(timeoutMs, 4_000), timeoutMs)) {
            ClusterSnapshot snapshot = ClusterSnapshot.read(zk);
            out.print(json ? ClusterRendering.json(snapshot) : ClusterRendering.tree(snapshot, zookeeper));
            return 0;
        } catch (RuntimeException e) {
            err.println("ERROR: cannot read the cluster from ZooKeeper " + zookeeper + ": " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        return ZkToolFrame.usage(err, USAGE, problem);
    }
}
