package io.gregor.broker;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.config.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's command line: {@code Main server.properties [--override key=value]...}. A bad
 * configuration or a failed startup ends the process with exit code 1 and one line on stderr;
 * SIGTERM (and Ctrl-C) shuts the broker down cleanly; a thread dying of an out-of-memory error ends
 * the process ({@link FatalErrors}).
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        FatalErrors.install();
        BrokerConfig config;
        try {
            config = BrokerConfig.load(Path.of(configFile(args)), overrides(args));
        } catch (ConfigException | IllegalArgumentException e) {
            fatal(e.getMessage());
            return;
        }
        GregorServer server = new GregorServer(config);
        server.onLastLogDirFailure(() -> Runtime.getRuntime().halt(1)); // as Kafka: no log dir left, the process ends
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "gregor-shutdown-hook"));
        try {
            server.startup();
        } catch (Exception e) {
            log.error("Broker {} failed to start: {}", config.brokerId(), e.toString());
            log.debug("Startup failure of broker {}", config.brokerId(), e);
            fatal("Broker " + config.brokerId() + " failed to start: " + e);
            return;
        }
        try {
            server.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String configFile(String[] args) {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new IllegalArgumentException("USAGE: gregor-server-start.sh [-daemon] server.properties [--override property=value]*");
        }
        return args[0];
    }

    /** Parses Kafka's {@code --override k=v} pairs following the properties file. */
    static Map<String, String> overrides(String[] args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--override") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unexpected argument '" + args[i] + "': expected --override key=value");
            }
            String pair = args[++i];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Override '" + pair + "' is not of the form key=value");
            }
            overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }
        return overrides;
    }

    private static void fatal(String message) {
        System.err.println("FATAL: " + message);
        System.exit(1);
    }
}
