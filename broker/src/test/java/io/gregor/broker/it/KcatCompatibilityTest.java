package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * librdkafka's kcat (Debian package) against an in-process broker: metadata listing and keyed round
 * trips per codec; the batches kcat sent compressed are stored in its codec, read back from the
 * segment file.
 */
class KcatCompatibilityTest {
    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(60);
    private static final int MESSAGES = 1_000;

    /**
     * librdkafka's debug line for each produced batch, ending with its codec. Debian's librdkafka
     * 2.0.2 compresses only when its feature probe finds the APIs it associates with each codec
     * (Produce v0 for gzip and snappy, among others): with Produce v0-2 and Fetch v0-3 offered, as
     * Kafka 3.9 offers them, it sends every codec compressed.
     */
    private static final Pattern PRODUCED_BATCH = Pattern.compile("Produce MessageSet with \\d+ message\\(s\\) \\(.*, (\\w+)\\)");

    private static GregorCluster cluster;
    private static GregorServer broker;
    private static String bootstrap;
    private static int port;
    private static String kcat;

    @BeforeAll
    static void startBroker() throws Exception {
        kcat = ExternalCommand.kcat();
        cluster = GregorCluster.start();
        broker = cluster.startInProcessBroker(0, Map.of());
        port = broker.boundPort("PLAINTEXT");
        bootstrap = "127.0.0.1:" + port;
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
        ExternalCommand.Result produced = ExternalCommand.run(List.of(kcat, "-b", bootstrap, "-P", "-t", topic, "-K:",
                "-z", codec, "-X", "acks=all", "-d", "msg"), input, KCAT_TIMEOUT).assertSuccess();
        // librdkafka's debug log names the codec of every batch it sent ("uncompressed" when it chose none)
        Matcher sent = PRODUCED_BATCH.matcher(produced.stderr());
        Set<CompressionType> sentCodecs = new HashSet<>();
        while (sent.find()) {
            sentCodecs.add(sent.group(1).equals("uncompressed") ? CompressionType.NONE : CompressionType.forName(sent.group(1)));
        }
        assertEquals(sentCodecs, WireRequests.storedBatches(port, topic, 0).stream().map(RecordBatch::compressionType)
                .collect(Collectors.toSet()), produced.describe("sent batches with " + sentCodecs));
        if (codec.equals("none")) {
            assertEquals(Set.of(CompressionType.NONE), sentCodecs, produced.stderr());
        } else {
            // a batch that compression would not shrink (a single small record) goes uncompressed
            assertTrue(sentCodecs.contains(CompressionType.forName(codec)), produced.stderr());
            assertTrue(segmentCodecs(topic).contains(CompressionType.forName(codec)),
                    "segment of " + topic + " holds " + segmentCodecs(topic));
        }

        ExternalCommand.Result consumed = ExternalCommand.run(List.of(kcat, "-b", bootstrap, "-C", "-t", topic,
                "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n"), new byte[0], KCAT_TIMEOUT).assertSuccess();
        List<String> lines = new ArrayList<>(consumed.stdout().lines().toList());
        assertEquals(MESSAGES, lines.size(), consumed.describe("returned " + lines.size() + " lines"));
        assertEquals(expected, lines);
    }

    /** The codecs in the attributes of the batches of {@code topic}-0's first segment file, read from disk. */
    private static Set<CompressionType> segmentCodecs(String topic) throws Exception {
        Path segment = broker.config().logDirs().get(0).resolve(topic + "-0").resolve("00000000000000000000.log");
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        Set<CompressionType> codecs = new HashSet<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
            batch.ensureValid();
            codecs.add(CompressionType.forId(batch.attributes() & RecordBatch.COMPRESSION_MASK));
        }
        return codecs;
    }
}
