package io.gregor.broker.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Exit;

/**
 * Runs Apache Kafka 3.9.1's own command-line tools (kafka-tools and kafka_2.13, test-scoped)
 * unmodified in this JVM: their {@code main}, with Kafka's {@link Exit} hook turned into an exit code
 * instead of ending the JVM, and their standard output captured (the brokers under test run in
 * their own JVMs, so nothing else writes to it meanwhile). One tool at a time.
 */
final class KafkaTools {

    private static final class Exited extends RuntimeException {
        final int code;

        Exited(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private KafkaTools() {
    }

    /** Runs {@code main} with {@code args}; exit code 0 when it returns without calling Exit. */
    static synchronized ThreeBrokers.ToolRun run(Consumer<String[]> main, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exit.setExitProcedure((code, message) -> {
            throw new Exited(code);
        });
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code = 0;
        try {
            main.accept(args);
        } catch (Exited exited) {
            code = exited.code;
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        original.println(printed);
        return new ThreeBrokers.ToolRun(code, printed, "");
    }

    /** Writes {@code json} to a new file under {@code dir} for a tool's {@code --...-json-file} flag. */
    static String jsonFile(Path dir, String name, String json) {
        try {
            return Files.writeString(dir.resolve(name), json).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
