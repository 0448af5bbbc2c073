package io.gregor.broker.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (kcat, python, a child JVM) to completion with a bounded time, feeding
 * it stdin and capturing stdout and stderr separately. Also finds the tools the compatibility
 * tests need and fails (never skips) with a message naming the fix when one is missing.
 */
public final class ExternalCommand {
    /** The outcome of one run. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Fails with the command, exit code and both streams unless the exit code is 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(describe("exited with " + exitCode));
            }
            return this;
        }

        public String describe(String what) {
            return String.join(" ", command) + " " + what + "\n--- stdout ---\n" + abbreviate(stdout)
                    + "\n--- stderr ---\n" + abbreviate(stderr);
        }

        private static String abbreviate(String s) {
            return s.length() <= 4000 ? s : s.substring(0, 2000) + "\n...\n" + s.substring(s.length() - 2000);
        }
    }

    private static final String INSTALL_HINT = " (.ci/run installs it: apt-get install -y kcat python3-kafka)";

    private ExternalCommand() {
    }

    /** Runs {@code command} with {@code stdin} as its input; kills it and fails after {@code timeout}. */
    public static Result run(List<String> command, byte[] stdin, Duration timeout) throws Exception {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the program exited without reading all its input; its exit code and output tell why
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Result partial = new Result(command, -1, text(stdout.getNow(new byte[0])), text(stderr.getNow(new byte[0])));
            throw new AssertionError(partial.describe("did not finish within " + timeout));
        }
        return new Result(command, process.exitValue(), text(stdout.get(10, TimeUnit.SECONDS)),
                text(stderr.get(10, TimeUnit.SECONDS)));
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The path of the Debian {@code kcat} binary; fails when it is not installed. */
    public static String kcat() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
            Path candidate = Path.of(dir, "kcat");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("kcat is not installed (looked in /usr/bin, /usr/local/bin, /bin)" + INSTALL_HINT);
    }

    /**
     * Debian's {@code /usr/bin/python3}, which sees the {@code python3-kafka} package (a pyenv
     * python on the PATH does not); fails when it or the {@code kafka} module is missing.
     */
    public static String pythonWithKafka() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            throw new AssertionError("/usr/bin/python3 is not installed" + INSTALL_HINT);
        }
        Result probe = run(List.of(python.toString(), "-c", "import kafka; print(kafka.__version__)"), new byte[0],
                Duration.ofSeconds(30));
        if (probe.exitCode() != 0) {
            throw new AssertionError("/usr/bin/python3 cannot import kafka (Debian package python3-kafka)"
                    + INSTALL_HINT + ": " + probe.stderr().strip());
        }
        return python.toString();
    }
}
