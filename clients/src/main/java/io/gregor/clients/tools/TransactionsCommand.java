package io.gregor.clients.tools;

import io.gregor.clients.admin.AbortTransactionSpec;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.ProducerState;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code bin/gregor-transactions.sh}: the transactional state of the cluster, with the commands,
 * flags and tables of Kafka's {@code kafka-transactions.sh}: {@code list [--duration-filter ms]},
 * {@code describe --transactional-id id}, {@code describe-producers --topic t --partition p
 * [--broker-id b]} and {@code abort --topic t --partition p} with either {@code --start-offset}
 * or {@code --producer-id --producer-epoch --coordinator-epoch}, plus {@code --bootstrap-server}
 * and {@code --command-config}. Kafka's {@code find-hanging} is not offered. Exit code 0 on success,
 * 1 on a usage error or a failed request.
 */
public final class TransactionsCommand {
    static final Set<String> COMMANDS = Set.of("list", "describe", "describe-producers", "abort");

    private TransactionsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static CommandLine options(String command) {
        CommandLine cl = new CommandLine("This tool is used to analyze the transactional state of producers in the "
                + "cluster. It can be used to detect and recover from hanging transactions.\n"
                + "Usage: gregor-transactions.sh --bootstrap-server host:port [--command-config FILE] COMMAND [options]\n"
                + "COMMAND is one of: list, describe, describe-producers, abort")
                .option("bootstrap-server", "host:port", "REQUIRED: hostname and port for the broker to connect to, "
                        + "in the form `host:port` (multiple comma-separated entries can be given)")
                .option("command-config", "FILE", "property file containing configs to be passed to admin client");
        boolean all = command == null; // the usage without a command lists every command's options
        if (all || command.equals("list")) {
            cl.option("duration-filter", "ms", "list: Duration (in millis) to filter by: if < 0, all "
                    + "transactions will be returned; otherwise, only transactions running longer than this duration "
                    + "will be returned");
        }
        if (all || command.equals("describe")) {
            cl.option("transactional-id", "id", "describe: REQUIRED: transactional id");
        }
        if (all || command.equals("describe-producers") || command.equals("abort")) {
            cl.option("topic", "topic", "describe-producers, abort: REQUIRED: topic name")
                    .option("partition", "partition", "describe-producers, abort: REQUIRED: partition number");
        }
        if (all || command.equals("describe-producers")) {
            cl.option("broker-id", "id", "describe-producers: optional broker id to describe the producer state "
                    + "on a specific replica");
        }
        if (all || command.equals("abort")) {
            cl.option("start-offset", "offset", "abort: start offset of the transaction to abort (brokers on "
                            + "versions 3.0 and above)")
                    .option("producer-id", "id", "abort: producer id (brokers on versions older than 3.0)")
                    .option("producer-epoch", "epoch", "abort: producer epoch (brokers on versions older than 3.0)")
                    .option("coordinator-epoch", "epoch", "abort: coordinator epoch (brokers on versions older than 3.0)");
        }
        return cl;
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>();
        String command = null;
        String unexpected = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                rest.add(a);
                if (!a.equals("--help") && !a.contains("=") && i + 1 < args.length) {
                    rest.add(args[++i]); // every option but --help takes a value
                }
            } else if (command == null) {
                command = a;
            } else if (unexpected == null) {
                unexpected = a;
            }
        }
        String[] options = rest.toArray(String[]::new);
        if (command != null && !COMMANDS.contains(command)) {
            String why = command.equals("find-hanging") ? "Gregor's tool does not offer find-hanging"
                    : "invalid choice: '" + command + "' (choose from 'list', 'describe', 'describe-producers', 'abort')";
            return AdminCommand.run(options(null), new String[0], out, err, cl -> {
                throw new CommandLine.UsageException(why);
            });
        }
        String chosen = command;
        String extra = unexpected;
        return AdminCommand.run(options(command), options, out, err, cl -> {
            if (extra != null) {
                throw new CommandLine.UsageException("Unexpected argument '" + extra + "'");
            }
            if (chosen == null) {
                throw new CommandLine.UsageException("too few arguments: a COMMAND is required");
            }
            Map<String, Object> props = AdminCommand.adminProperties(cl, "command-config",
                    Map.of("client.id", "transactions-tool"));
            return switch (chosen) {
                case "list" -> list(cl, props, out, err);
                case "describe" -> describe(cl, props, out, err);
                case "describe-producers" -> describeProducers(cl, props, out, err);
                default -> abort(cl, props, err);
            };
        });
    }

    private static int list(CommandLine cl, Map<String, Object> props, PrintStream out, PrintStream err)
            throws CommandLine.UsageException {
        long duration = cl.longValue("duration-filter", -1);
        try (GregorAdmin admin = GregorAdmin.create(props)) {
            TransactionsOutput.list(admin.listTransactions(List.of(), List.of(), duration), out);
            return 0;
        } catch (GregorApiException e) {
            return failed("Failed to list transactions", e, err);
        }
    }

    private static int describe(CommandLine cl, Map<String, Object> props, PrintStream out, PrintStream err)
            throws CommandLine.UsageException {
        String id = cl.required("transactional-id");
        try (GregorAdmin admin = GregorAdmin.create(props)) {
            TransactionsOutput.describe(admin.describeTransaction(id), System.currentTimeMillis(), out);
            return 0;
        } catch (GregorApiException e) {
            return failed("Failed to describe transaction state of transactional-id `" + id + "`", e, err);
        }
    }

    private static int describeProducers(CommandLine cl, Map<String, Object> props, PrintStream out, PrintStream err)
            throws CommandLine.UsageException {
        TopicPartition tp = partition(cl);
        OptionalInt broker = cl.has("broker-id") ? OptionalInt.of(cl.intValue("broker-id", -1)) : OptionalInt.empty();
        try (GregorAdmin admin = GregorAdmin.create(props)) {
            TransactionsOutput.producers(admin.describeProducers(tp, broker), out);
            return 0;
        } catch (GregorApiException e) {
            return failed("Failed to describe producers for partition " + tp + " on "
                    + (broker.isPresent() ? "broker " + broker.getAsInt() : "leader"), e, err);
        }
    }

    private static int abort(CommandLine cl, Map<String, Object> props, PrintStream err) throws CommandLine.UsageException {
        TopicPartition tp = partition(cl);
        boolean byOffset = cl.has("start-offset");
        if (!byOffset && !cl.has("producer-id")) {
            throw new CommandLine.UsageException("The transaction to abort must be identified either with --start-offset "
                    + "(for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch "
                    + "(for older brokers)");
        }
        long startOffset = cl.longValue("start-offset", -1);
        long producerId = cl.longValue("producer-id", -1);
        int epoch = cl.intValue("producer-epoch", -1);
        int coordinatorEpoch = cl.intValue("coordinator-epoch", -1);
        if (!byOffset) {
            if (!cl.has("producer-epoch")) {
                throw new CommandLine.UsageException("Missing required argument --producer-epoch");
            }
            if (!cl.has("coordinator-epoch")) {
                throw new CommandLine.UsageException("Missing required argument --coordinator-epoch");
            }
            if (epoch < 0 || epoch > Short.MAX_VALUE) {
                throw new CommandLine.UsageException("Option --producer-epoch: " + epoch + " is not a producer epoch");
            }
        }
        try (GregorAdmin admin = GregorAdmin.create(props)) {
            AbortTransactionSpec spec;
            if (byOffset) {
                List<ProducerState> producers;
                try {
                    producers = admin.describeProducers(tp, OptionalInt.empty());
                } catch (GregorApiException e) {
                    return failed("Failed to validate producer state for partition " + tp, e, err);
                }
                ProducerState found = producers.stream().filter(p -> p.currentTransactionStartOffset() == startOffset)
                        .findFirst().orElse(null);
                if (found == null) {
                    err.println("Could not find any open transactions starting at offset " + startOffset
                            + " on partition " + tp);
                    return 1;
                }
                spec = new AbortTransactionSpec(tp, found.producerId(), (short) found.producerEpoch(),
                        Math.max(0, found.coordinatorEpoch()));
            } else {
                // a transaction that never completed has coordinator epoch -1: 0 is at most any real one
                spec = new AbortTransactionSpec(tp, producerId, (short) epoch, Math.max(0, coordinatorEpoch));
            }
            try {
                admin.abortTransaction(spec);
                return 0;
            } catch (GregorApiException e) {
                return failed("Failed to abort transaction " + spec, e, err);
            }
        }
    }

    private static TopicPartition partition(CommandLine cl) throws CommandLine.UsageException {
        String topic = cl.required("topic");
        cl.required("partition");
        int partition = cl.intValue("partition", -1);
        if (partition < 0) {
            throw new CommandLine.UsageException("Option --partition: " + partition + " is not a partition number");
        }
        return new TopicPartition(topic, partition);
    }

    private static int failed(String what, GregorApiException e, PrintStream err) {
        err.println(what + ": " + e.getMessage() + ".");
        return 1;
    }
}
