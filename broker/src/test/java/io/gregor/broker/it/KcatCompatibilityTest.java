package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** librdkafka's kcat (Debian package) against an in-process broker: metadata listing and keyed round trips per codec. */
class KcatCompatibilityTest {
    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(60);
    private static final int MESSAGES = 1_000;

    private static GregorCluster cluster;
    private static String bootstrap;
    private static String kcat;

    @BeforeAll
    static void startBroker() throws Exception {
        kcat = ExternalCommand.kcat();
        cluster = GregorCluster.start();
        GregorServer broker = cluster.startInProcessBroker(0, Map.of());
        bootstrap = "127.0.0.1:" + broker.boundPort("PLAINTEXT");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void listShowsTheBrokerAndTheTopics() throws Exception {
        ApacheClients.createTopic(bootstrap, "kcat-listed", 3);
        String listing = ExternalCommand.run(List.of(kcat, "-b", bootstrap, "-L", "-m", "15"), new byte[0], KCAT_TIMEOUT)
                .assertSuccess().stdout();
        assertTrue(listing.contains("1 brokers:"), listing);
        assertTrue(listing.contains("broker 0 at " + bootstrap), listing);
        assertTrue(listing.contains("topic \"kcat-listed\" with 3 partitions:"), listing);
        for (int p = 0; p < 3; p++) {
            assertTrue(listing.contains("partition " + p + ", leader 0, replicas: 0, isrs: 0"), listing);
        }
    }

    @ParameterizedTest(name = "-z {0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void producesAndConsumesAThousandKeyedMessagesInOrder(String codec) throws Exception {
        String topic = "kcat-" + codec;
        ApacheClients.createTopic(bootstrap, topic, 1);
        List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "key-" + i + ":value " + i + " via " + codec)
                .toList();
        byte[] input = (String.join("\n", expected) + "\n").getBytes(StandardCharsets.UTF_8);
        ExternalCommand.run(List.of(kcat, "-b", bootstrap, "-P", "-t", topic, "-K:", "-z", codec,
                "-X", "acks=all"), input, KCAT_TIMEOUT).assertSuccess();

        ExternalCommand.Result consumed = ExternalCommand.run(List.of(kcat, "-b", bootstrap, "-C", "-t", topic,
                "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n"), new byte[0], KCAT_TIMEOUT).assertSuccess();
        List<String> lines = new ArrayList<>(consumed.stdout().lines().toList());
        assertEquals(MESSAGES, lines.size(), consumed.describe("returned " + lines.size() + " lines"));
        assertEquals(expected, lines);
    }
}
