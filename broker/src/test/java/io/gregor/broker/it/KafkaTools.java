package io.gregor.broker.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Exit;

/**
 * Runs one of Kafka's own command-line tools (kafka-tools, kafka_2.13; test-scoped) unmodified in
 * this JVM: its standard output and error are captured, and a call to Kafka's {@code Exit.exit}
 * ends the run with that code instead of ending the JVM. One tool runs at a time (System.out is
 * process-wide).
 */
public final class KafkaTools {
    private KafkaTools() {
    }

    /** A tool's entry point, e.g. {@code DeleteRecordsCommand::main}. */
    @FunctionalInterface
    public interface Main {
        void run(String[] args) throws Exception;
    }

    private static final class ExitCalled extends RuntimeException {
        final int code;

        ExitCalled(int code) {
            super("exit " + code, null, false, false);
            this.code = code;
        }
    }

    /** Runs {@code main} with {@code args}; the exit code is 0 when the tool returned without exiting. */
    public static synchronized ThreeBrokers.ToolRun run(Main main, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int code = 0;
        Exit.setExitProcedure((status, message) -> {
            throw new ExitCalled(status);
        });
        PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(capturedOut);
        System.setErr(capturedErr);
        try {
            // Scala's Console (println in kafka_2.13's tools) keeps the System.out of its first use,
            // an earlier tool's capture: bind it to this run's streams too
            Exception[] failure = new Exception[1];
            scala.Console$.MODULE$.withOut(capturedOut, (scala.Function0<Object>) () ->
                    scala.Console$.MODULE$.withErr(capturedErr, (scala.Function0<Object>) () -> {
                        try {
                            main.run(args);
                        } catch (ExitCalled exit) {
                            throw exit;
                        } catch (Exception e) {
                            failure[0] = e;
                        }
                        return null;
                    }));
            if (failure[0] != null) {
                throw failure[0];
            }
        } catch (ExitCalled exit) {
            code = exit.code;
        } catch (Exception e) {
            e.printStackTrace(System.err);
            code = -1;
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
            Exit.resetExitProcedure();
        }
        ThreeBrokers.ToolRun run = new ThreeBrokers.ToolRun(code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
        originalOut.println("[" + String.join(" ", args) + "] exit " + code + "\n" + run.out() + run.err());
        return run;
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
