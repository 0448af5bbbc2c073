package io.gregor.coordination.tools;

import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkClientSecurity;
import io.gregor.coordination.zk.ZkPaths;
import io.gregor.coordination.zk.ZkRequestLimit;
import io.gregor.coordination.zk.ZkTlsKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code bin/gregor-cluster.sh}: prints what ZooKeeper holds about a cluster (cluster id, brokers with
 * endpoints and rack, the controller and its epoch, topics with topic id and per partition leader,
 * leader epoch, replicas and ISR), as a tree or with {@code --json} as one JSON document. It only
 * reads. Exit codes: 0 printed, 1 bad arguments or ZooKeeper unreachable.
 */
public final class ClusterCommand {
    static final String USAGE = """
            Usage: gregor-cluster.sh --zookeeper host:port[/chroot] [--json] [--timeout-ms N]
                                     [--zk-tls-config-file FILE]
              --zookeeper           ZooKeeper connect string of the cluster (as zookeeper.connect in server.properties)
              --json                print one JSON document instead of a tree
              --timeout-ms          how long to wait for the ZooKeeper connection (default 10000)
              --zk-tls-config-file  a properties file with Kafka's zookeeper.ssl.* and zookeeper.clientCnxnSocket
                                    keys: connect to ZooKeeper over TLS (other keys in it are ignored)
              --help                print this help
            """;

    private ClusterCommand() {
    }

    public static void main(String[] args) {
        ZkToolFrame.main(args, ClusterCommand::run);
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String zookeeper = null;
        String tlsConfigFile = null;
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
                case "--zookeeper", "--timeout-ms", "--zk-tls-config-file" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, "Missing value for " + a);
                    }
                    String v = args[++i];
                    if (a.equals("--zookeeper")) {
                        zookeeper = v;
                    } else if (a.equals("--zk-tls-config-file")) {
                        tlsConfigFile = v;
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
        ZkClientSecurity security = ZkClientSecurity.NONE;
        if (tlsConfigFile != null) {
            try {
                security = new ZkClientSecurity(tlsProperties(Path.of(tlsConfigFile)), false);
            } catch (IOException e) {
                return usage(err, "Cannot read --zk-tls-config-file " + tlsConfigFile + ": " + e);
            } catch (ZkTlsKeys.BadKeyException e) {
                return usage(err, "Bad --zk-tls-config-file " + tlsConfigFile + ": " + e.getMessage());
            }
        }
        try (GregorZkClient zk = GregorZkClient.connect(zookeeper, Math.max(timeoutMs, 4_000), timeoutMs,
                ZkRequestLimit.fromSystemProperty(), security)) {
            ClusterSnapshot snapshot = ClusterSnapshot.read(zk);
            out.print(json ? ClusterRendering.json(snapshot) : ClusterRendering.tree(snapshot, zookeeper));
            return 0;
        } catch (RuntimeException e) {
            err.println("ERROR: cannot read the cluster from ZooKeeper " + zookeeper + ": " + e.getMessage());
            return 1;
        }
    }

    /** ZooKeeper client properties from a file of Kafka's keys, TLS on, as Kafka's {@code --zk-tls-config-file}. */
    static Map<String, String> tlsProperties(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Map<String, String> given = new LinkedHashMap<>();
        ZkTlsKeys.TO_ZOOKEEPER.keySet().stream().filter(props::containsKey)
                .forEach(key -> given.put(key, props.getProperty(key)));
        return ZkTlsKeys.toClientProperties(given, true);
    }

    private static int usage(PrintStream err, String problem) {
        return ZkToolFrame.usage(err, USAGE, problem);
    }
}
