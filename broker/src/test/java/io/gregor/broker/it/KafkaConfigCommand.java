package io.gregor.broker.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import kafka.admin.ConfigCommand;
import org.apache.kafka.clients.admin.Admin;

/**
 * Kafka 3.9.1's own {@code kafka-configs.sh} ({@code kafka.admin.ConfigCommand} from the
 * kafka_2.13 jar), run in this JVM with an Admin client of the test's: the same argument parsing,
 * checks, requests and printing as the script, without its {@code System.exit}. What it prints is
 * captured.
 */
final class KafkaConfigCommand {

    private KafkaConfigCommand() {
    }

    /** Runs {@code args} against {@code bootstrap} (prepended as {@code --bootstrap-server}); see {@link #run}. */
    static String runAgainst(Admin admin, String bootstrap, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = bootstrap;
        System.arraycopy(args, 0, all, 2, args.length);
        return run(admin, all);
    }

    /**
     * Runs {@code args} ({@code --alter} or {@code --describe}, with {@code --bootstrap-server})
     * and returns what the command printed.
     *
     * @throws Exception what the command threw (e.g. the ExecutionException of a refused change)
     */
    static String run(Admin admin, String... args) throws Exception {
        ConfigCommand.ConfigCommandOptions options = new ConfigCommand.ConfigCommandOptions(args);
        options.checkArgs();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exception[] failure = new Exception[1];
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            scala.Console.withOut(print, () -> {
                try {
                    if (options.options.has(options.alterOpt())) {
                        ConfigCommand.alterConfig(admin, options);
                    } else {
                        ConfigCommand.describeConfig(admin, options);
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
                return null;
            });
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
