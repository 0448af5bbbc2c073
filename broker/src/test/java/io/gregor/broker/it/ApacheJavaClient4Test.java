package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.broker.GregorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Apache Kafka 4.x Java client against an in-process broker, run as {@link Kafka4Driver} in a
 * child JVM with {@code target/kafka4/*} (copied there by the broker pom at process-test-resources)
 * instead of the module's 3.9 test dependency.
 */
class ApacheJavaClient4Test {
    private static GregorCluster cluster;
    private static GregorServer broker;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        broker = cluster.startInProcessBroker(0, Map.of());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** target/kafka4 with the 4.x jar, next to target/test-classes where this class was loaded from. */
    private static Path kafka4Dir(Path testClasses) throws Exception {
        Path dir = testClasses.resolveSibling("kafka4");
        try (Stream<Path> jars = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            if (jars.noneMatch(p -> p.getFileName().toString().matches("kafka-clients-4\\..*\\.jar"))) {
                throw new AssertionError("no kafka-clients-4.*.jar in " + dir + ": run the tests through Maven"
                        + " (broker/pom.xml copies it at process-test-resources)");
            }
        }
        return dir;
    }

    @Test
    void kafka4ClientCreatesATopicDescribesTheClusterProducesWithEveryCompressionAndConsumes() throws Exception {
        Path testClasses = Path.of(Kafka4Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classpath = kafka4Dir(testClasses) + "/*" + java.io.File.pathSeparator + testClasses;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port = broker.boundPort("PLAINTEXT");
        ExternalCommand.Result result = ExternalCommand.run(List.of(java, "-Xmx256m", "-cp", classpath,
                Kafka4Driver.class.getName(), "127.0.0.1:" + port), new byte[0], Duration.ofSeconds(120));
        result.assertSuccess();
        List<String> lines = result.stdout().lines().toList();
        assertEquals("kafka-clients 4.1.1", lines.get(0), result.describe("ran another client version"));
        assertEquals(List.of("created " + Kafka4Driver.TOPIC, "cluster nodes [0@127.0.0.1:" + port + "]",
                "produced 50 with none", "produced 50 with gzip", "produced 50 with snappy", "produced 50 with lz4",
                "produced 50 with zstd", "consumed 250", "OK"), lines.subList(1, lines.size()), result.describe("output"));
    }
}
