package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs {@link Kafka4Driver} (or another driver class) in its own JVM with the Apache 4.x client (target/kafka4, copied there by
 * the broker pom) and the given client settings written to a properties file in {@code dir}, and
 * asserts that it was a 4.x client and that every step passed.
 */
final class Kafka4Run {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Kafka4Run() {
    }

    static ExternalCommand.Result roundTrip(String bootstrap, Map<String, ?> clientConfig, Path dir) throws Exception {
        Properties props = new Properties();
        clientConfig.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        props.remove("bootstrap.servers");
        Path config = dir.resolve("kafka4-client.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Apache Java client 4.x");
        }
        return run(Kafka4Driver.class, List.of(bootstrap, config.toString()));
    }

    /**
     * Runs {@code driver}'s main with {@code args} in a JVM with the 4.x client and this module's test
     * classes, and asserts that it exited 0, ran a 4.x client (first line) and ended with {@code OK}.
     */
    static ExternalCommand.Result run(Class<?> driver, List<String> args) throws Exception {
        Path testClasses = Path.of(driver.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classpath = testClasses.resolveSibling("kafka4") + "/*" + File.pathSeparator + testClasses;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, driver.getName()));
        command.addAll(args);
        ExternalCommand.Result result = ExternalCommand.run(command, new byte[0], TIMEOUT);
        result.assertSuccess();
        List<String> lines = result.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("kafka-clients 4."), result.describe("ran another client version"));
        assertEquals("OK", lines.get(lines.size() - 1), result.describe("last line"));
        return result;
    }
}
