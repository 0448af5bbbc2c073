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

    @Test
    void scramCredentialConfigsAreCheckedAsKafkaChecksThemBeforeAnythingIsSent() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--entity-type", "users", "--entity-name", "alice",
                "--add-config", "SCRAM-SHA-512=[password=x],producer_byte_rate=1024"));
        assertTrue(err.toString().contains("Cannot alter both quota and SCRAM credential configs simultaneously"), err.toString());

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--entity-type", "users", "--entity-default",
                "--add-config", "SCRAM-SHA-256=[password=x]"));
        assertTrue(err.toString().contains("--entity-default or --user-defaults is not allowed"), err.toString());

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--entity-type", "clients", "--entity-name", "c",
                "--add-config", "SCRAM-SHA-256=[password=x]"));
        assertTrue(err.toString().contains("Only quota configs can be added for 'clients'"), err.toString());

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--entity-type", "users", "--entity-name", "alice",
                "--add-config", "SCRAM-SHA-256=[iterations=100,password=x]"));
        assertTrue(err.toString().contains("Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256"), err.toString());

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--entity-type", "users", "--entity-name", "alice",
                "--add-config", "SCRAM-SHA-256=[secret-without-key]"));
        assertTrue(err.toString().contains("Invalid credential property SCRAM-SHA-256"), err.toString());
        assertTrue(!err.toString().contains("secret-without-key"), "the password is not echoed: " + err);

        err.reset();
        assertEquals(1, run(err, "--bootstrap-server", "127.0.0.1:1", "--alter", "--entity-type", "users", "--entity-name", "alice",
                "--delete-config", "sasl.jaas.config"));
        assertTrue(err.toString().contains("Only quota and SCRAM credential configs can be deleted for 'users'"), err.toString());
    }
}
