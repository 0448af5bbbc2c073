package io.gregor.console;

import io.gregor.clients.tools.CommandLine;
import io.gregor.clients.tools.CommandLine.UsageException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's command line, parsed and checked once: where the cluster is ({@code --bootstrap-server},
 * {@code --zookeeper}), where to listen ({@code --listen host:port}, 127.0.0.1:9080 by default),
 * {@code --read-only}, the admin client's properties ({@code --command-config}: SSL/SASL as Kafka's tools
 * take them) and each broker's metrics endpoint ({@code --metrics ID=URL,...}).
 */
public record ConsoleOptions(String bootstrapServer, String zookeeper, String listenHost, int listenPort,
                             boolean readOnly, Map<String, String> clientProperties, Map<Integer, URI> metrics) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:9080";

    public ConsoleOptions {
        clientProperties = Map.copyOf(clientProperties);
        metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    static CommandLine commandLine() {
        return new CommandLine("""
                Usage: gregor-console.sh --bootstrap-server HOST:PORT --zookeeper HOST:PORT[/chroot]
                         [--listen 127.0.0.1:9080] [--read-only] [--command-config client.properties]
                         [--metrics ID=URL,...]
                Serves a web console of a Gregor cluster: cluster, topics, consumer groups, messages,
                the ZooKeeper tree, live charts, and actions.""")
                .option("bootstrap-server", "String: server to connect to", "REQUIRED: the brokers to connect to (host:port,...).")
                .option("zookeeper", "String: host:port[/chroot]", "REQUIRED: the cluster's zookeeper.connect.")
                .option("listen", "String: host:port", "Where the console's web server listens (default " + DEFAULT_LISTEN + ").")
                .flag("read-only", "Show the cluster only: no actions are offered or accepted.")
                .option("command-config", "String: file", "Admin client properties (security.protocol, ssl.*, sasl.*): "
                        + "the console acts as that principal.")
                .option("metrics", "String: ID=URL,...", "Each broker's Prometheus endpoint, e.g. 0=http://127.0.0.1:9308/metrics.");
    }

    /** Parses the arguments; any mistake is a {@link UsageException} naming it. */
    static ConsoleOptions parse(String[] args) throws UsageException {
        CommandLine cl = commandLine().parse(args);
        if (cl.has("help")) {
            throw new UsageException("");
        }
        String bootstrap = cl.required("bootstrap-server");
        String zookeeper = cl.required("zookeeper");
        if (!zookeeper.contains(":")) {
            throw new UsageException("--zookeeper must be host:port[/chroot], got '" + zookeeper + "'");
        }
        String listen = cl.get("listen") == null ? DEFAULT_LISTEN : cl.get("listen");
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--listen must be host:port, got '" + listen + "'");
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("--listen port must be a number, got '" + listen.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--listen port must be 0-65535, got " + port);
        }
        return new ConsoleOptions(bootstrap, zookeeper, listen.substring(0, colon), port, cl.has("read-only"),
                cl.propertiesFile("command-config"), metrics(cl.get("metrics")));
    }

    private static Map<Integer, URI> metrics(String spec) throws UsageException {
        Map<Integer, URI> out = new TreeMap<>();
        if (spec == null) {
            return out;
        }
        for (String item : spec.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--metrics expects ID=URL,..., got '" + item + "'");
            }
            try {
                int id = Integer.parseInt(item.substring(0, eq).trim());
                URI uri = URI.create(item.substring(eq + 1).trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new UsageException("--metrics URL must be http(s), got '" + uri + "'");
                }
                out.put(id, uri);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--metrics: bad item '" + item + "': " + e.getMessage());
            }
        }
        return out;
    }
}
