package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigsCommandTest {

    private static int run(ByteArrayOutputStream err, String... args) {
        return ConfigsCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
    }

    @Test
    void addConfigKeepsCommasInsideSquareBracketsInTheValue() throws Exception {
        assertEquals(Map.of("cleanup.policy", "compact,delete", "retention.ms", "1000", "x", "a=b"),
                ConfigsCommand.parseAdd("retention.ms=1000,cleanup.policy=[compact,delete],x=a=b"));
        assertEquals(List.of("a", "b"), ConfigsCommand.parseDelete("a, b,"));
    }

    @Test
    void badArgumentsPrintUsageAndExitNonZero() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--entity-type", "topics"));
        assertTrue(err.toString().contains("exactly one action"), err.toString());
        assertTrue(err.toString().contains("--entity-type"), err.toString());

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--entity-type", "brokers",
                "--add-config", "message.max.bytes=1"));
        assertTrue(err.toString().contains("--entity-name or --entity-default must be specified with --alter"), err.toString());

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--describe", "--entity-type", "groups"));
        assertTrue(err.toString().contains("Invalid entity type groups"), err.toString());

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--client", "c", "--add-config", "novalue"));
        assertTrue(err.toString().contains("key=val"), err.toString());
    }
}
