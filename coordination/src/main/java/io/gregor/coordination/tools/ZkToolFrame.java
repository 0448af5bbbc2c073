package io.gregor.coordination.tools;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the ZooKeeper-side tools ({@code gregor-cluster.sh}, {@code gregor-security-seed.sh}) share:
 * running on UTF-8 stdout/stderr with the exit code as the process's, and a bad argument answered
 * with its problem and the usage on stderr, exit code 1.
 */
final class ZkToolFrame {

    /** A tool's work on its arguments; returns the exit code. */
    @FunctionalInterface
    interface Tool {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    private ZkToolFrame() {
    }

    /** Runs {@code tool} on UTF-8 stdout and stderr and exits the process with its exit code. */
    static void main(String[] args, Tool tool) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(tool.run(args, out, err));
    }

    /** Prints {@code problem} and {@code usage} on {@code err}; returns exit code 1. */
    static int usage(PrintStream err, String usage, String problem) {
        err.println(problem);
        err.print(usage);
        return 1;
    }
}
