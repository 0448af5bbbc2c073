package io.gregor.faults.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's hands: a line protocol over two named pipes to {@code bench/faults/run.sh}, which
 * owns every process and network namespace of the cluster. The harness decides what to do and
 * when; the script does it (kill, start, SIGSTOP/SIGCONT, cut/heal routes)
 * and answers each command with one line, {@code ok [detail]} or {@code error <message>}.
 *
 * <p>Commands (one line each): {@code kill NODE}, {@code start NODE}, {@code stop NODE},
 * {@code cont NODE}, {@code cut NODE PEER...}, {@code heal}, {@code alive},
 * {@code done RESULTS_FILE}. Nodes are {@code zk} and
 * {@code b<broker id>}; {@code client} is the harness's own namespace.
 *
 * <p>Calls are serialised (the fault loop is one thread); every reply is awaited with a bound.
 */
final class Actuator implements AutoCloseable {
    private final Writer commands;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Thread replyReader;
    private final Duration replyTimeout;

    Actuator(Path commandsPipe, Path repliesPipe, Duration replyTimeout) throws IOException {
        this.replyTimeout = replyTimeout;
        // the script holds both pipes open read-write, so these opens do not block
        this.commands = Files.newBufferedWriter(commandsPipe, StandardCharsets.UTF_8);
        BufferedReader in = Files.newBufferedReader(repliesPipe, StandardCharsets.UTF_8);
        this.replyReader = new Thread(() -> readReplies(in), "actuator-replies");
        replyReader.setDaemon(true);
        replyReader.start();
    }

    private void readReplies(BufferedReader in) {
        try (in) {
            String line;
            while ((line = in.readLine()) != null) {
                replies.add(line);
            }
        } catch (IOException e) {
            replies.add("error reply pipe failed: " + e.getMessage());
        }
        replies.add("error the fault script closed its reply pipe");
    }

    /** Sends one command and returns the detail of its {@code ok} reply; throws on an error reply or no reply in time. */
    synchronized String call(String command) {
        try {
            commands.write(command);
            commands.write('\n');
            commands.flush();
            String reply = replies.poll(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new ActuatorException("no reply to '" + command + "' within " + replyTimeout.toSeconds() + " s");
            }
            if (reply.equals("ok")) {
                return "";
            }
            if (reply.startsWith("ok ")) {
                return reply.substring(3);
            }
            throw new ActuatorException("'" + command + "' failed: " + reply);
        } catch (IOException e) {
            throw new ActuatorException("could not send '" + command + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActuatorException("interrupted while waiting for '" + command + "'");
        }
    }

    static String broker(int id) {
        return "b" + id;
    }

    @Override
    public void close() throws IOException {
        commands.close();
    }

    /** A command the script could not carry out (or did not answer). */
    static final class ActuatorException extends RuntimeException {
        ActuatorException(String message) {
            super(message);
        }
    }
}
