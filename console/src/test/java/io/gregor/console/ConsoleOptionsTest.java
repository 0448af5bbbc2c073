package io.gregor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleOptionsTest {
    @Test
    void defaultsToLoopbackPort9080AndReadWrite() throws Exception {
        ConsoleOptions o = ConsoleOptions.parse(new String[] {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181/c"});
        assertEquals("127.0.0.1", o.listenHost());
        assertEquals(9080, o.listenPort());
        assertFalse(o.readOnly());
        assertEquals("z:2181/c", o.zookeeper());
    }

    @Test
    void readsEveryOption(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_PLAINTEXT\n");
        ConsoleOptions o = ConsoleOptions.parse(new String[] {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181",
                "--listen", "0.0.0.0:8080", "--read-only", "--command-config", config.toString(),
                "--metrics", "0=http://h:9308/metrics,1=http://i:9308/metrics"});
        assertEquals("0.0.0.0", o.listenHost());
        assertEquals(8080, o.listenPort());
        assertTrue(o.readOnly());
        assertEquals(Map.of("security.protocol", "SASL_PLAINTEXT"), o.clientProperties());
        assertEquals(Map.of(0, URI.create("http://h:9308/metrics"), 1, URI.create("http://i:9308/metrics")), o.metrics());
    }

    @Test
    void badArgumentsPrintTheUsageAndStartNothing() {
        for (String[] args : new String[][] {
                {"--zookeeper", "z:2181"},
                {"--bootstrap-server", "h:9092"},
                {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181", "--listen", "nocolon"},
                {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181", "--listen", "h:port"},
                {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181", "--metrics", "zero=http://h/"},
                {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181", "--metrics", "0=ftp://h/"},
                {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181", "--command-config", "/no/such/file"},
                {"--bootstrap-server", "h:9092", "--zookeeper", "z:2181", "--unknown"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertNull(ConsoleMain.start(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), String.join(" ", args));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: gregor-console.sh"), String.join(" ", args));
        }
    }
}
