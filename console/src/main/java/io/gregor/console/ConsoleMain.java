package io.gregor.console;

import io.gregor.clients.tools.CommandLine.UsageException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/gregor-console.sh}: parses the command line, starts the console and serves until the
 * process is stopped. Exit codes: 1 for a bad argument (with the usage) or a cluster it cannot reach at
 * start (ZooKeeper), 0 after {@code --help} or a normal stop.
 */
public final class ConsoleMain {
    private ConsoleMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        if (java.util.Arrays.asList(args).contains("--help")) {
            ConsoleOptions.commandLine().printUsage(out);
            System.exit(0);
        }
        ConsoleServer server = start(args, out, err);
        if (server == null) {
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gregor-console-stop"));
        stopped.await();
    }

    /** Starts the console, or prints why not on {@code err} and returns null. */
    static ConsoleServer start(String[] args, PrintStream out, PrintStream err) {
        ConsoleOptions options;
        try {
            options = ConsoleOptions.parse(args);
        } catch (UsageException e) {
            if (!e.getMessage().isEmpty()) {
                err.println(e.getMessage());
            }
            ConsoleOptions.commandLine().printUsage(err);
            return null;
        }
        try {
            ConsoleServer server = ConsoleServer.start(options);
            out.println("Gregor console on http://" + options.listenHost() + ":" + server.port() + "/"
                    + (options.readOnly() ? " (read-only)" : ""));
            return server;
        } catch (Exception e) {
            err.println("ERROR: the console could not start: " + e.getMessage());
            return null;
        }
    }
}
