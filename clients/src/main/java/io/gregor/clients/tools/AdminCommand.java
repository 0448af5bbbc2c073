package io.gregor.clients.tools;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The frame the admin-client tools share ({@code gregor-topics.sh}, {@code gregor-configs.sh},
 * {@code gregor-delete-records.sh}, {@code gregor-log-dirs.sh}, {@code gregor-leader-election.sh},
 * {@code gregor-reassign-partitions.sh}, {@code gregor-acls.sh}, {@code gregor-consumer-groups.sh}):
 * parsing the arguments, {@code --help}, a bad argument answered with its message and the usage on
 * stderr and exit code 1, and the admin client's properties from {@code --bootstrap-server} and the
 * tool's properties-file option. What a tool does with the admin client, and how it reports the
 * admin client's errors, stays in the tool.
 */
public final class AdminCommand {

    /** A tool's work once its arguments are parsed; returns the exit code. */
    @FunctionalInterface
    public interface Body {
        int run(CommandLine cl) throws CommandLine.UsageException;
    }

    private AdminCommand() {
    }

    /**
     * Parses {@code args} into {@code cl} and runs {@code body}: {@code --help} prints the usage on
     * {@code out} (exit code 0); a {@link CommandLine.UsageException}, from parsing or from the
     * body, prints its message and the usage on {@code err} (exit code 1).
     */
    public static int run(CommandLine cl, String[] args, PrintStream out, PrintStream err, Body body) {
        try {
            cl.parse(args);
            if (cl.has("help")) {
                cl.printUsage(out);
                return 0;
            }
            return body.run(cl);
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            cl.printUsage(err);
            return 1;
        }
    }

    /**
     * The admin client's properties: those of the file named by option {@code fileOption} (none
     * when not given), {@code bootstrap.servers} from the required {@code --bootstrap-server}, and
     * {@code defaults} for the keys still unset.
     */
    public static Map<String, Object> adminProperties(CommandLine cl, String fileOption, Map<String, String> defaults)
            throws CommandLine.UsageException {
        String bootstrap = cl.required("bootstrap-server");
        Map<String, Object> props = new HashMap<>(cl.propertiesFile(fileOption));
        props.put("bootstrap.servers", bootstrap);
        defaults.forEach(props::putIfAbsent);
        return props;
    }
}
