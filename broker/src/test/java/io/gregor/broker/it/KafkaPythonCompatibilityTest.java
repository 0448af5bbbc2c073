package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Debian's kafka-python (run by {@code /usr/bin/python3}) against an in-process broker: the
 * library's own quickstart, with {@code mytopic} created on first use (auto.create.topics.enable),
 * uncompressed and with gzip (Debian ships no python snappy/lz4/zstd modules); and the same with
 * the client held to the protocol of Kafka 0.8.2 and 0.10 (message formats v0 and v1).
 */
class KafkaPythonCompatibilityTest {
    private static final String SCRIPT = """
            import sys
            from kafka import KafkaConsumer, KafkaProducer, TopicPartition

            bootstrap, topic = sys.argv[1], sys.argv[2]
            compression = None if sys.argv[3] == 'none' else sys.argv[3]
            # 'auto' lets kafka-python probe the broker; '0.8.2' or '0.10' makes it speak that release's
            # protocol: Produce v0 / Fetch v0 with message format v0, or Produce v2 / Fetch v2 with v1
            api_version = None if sys.argv[4] == 'auto' else tuple(int(x) for x in sys.argv[4].split('.'))
            producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=15000,
                                     compression_type=compression, api_version=api_version,
                                     linger_ms=(0 if compression is None else 200))
            futures = [producer.send(topic, ('Hello World! This is message %d' % i).encode('utf-8'))
                       for i in range(10)]
            for future in futures:
                metadata = future.get(timeout=30)
                print('sent %d %d' % (metadata.partition, metadata.offset), flush=True)
            producer.close()

            consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset='earliest',
                                     enable_auto_commit=False, consumer_timeout_ms=15000,
                                     api_version=api_version)
            consumer.assign([TopicPartition(topic, 0)])
            received = 0
            for message in consumer:
                print('received %d %s' % (message.offset, message.value.decode('utf-8')), flush=True)
                received += 1
                if received == 10:
                    break
            consumer.close()
            """;

    private static GregorCluster cluster;
    private static String bootstrap;
    private static int port;
    private static String python;

    @BeforeAll
    static void startBroker() throws Exception {
        python = ExternalCommand.pythonWithKafka();
        cluster = GregorCluster.start();
        GregorServer broker = cluster.startInProcessBroker(0, Map.of());
        port = broker.boundPort("PLAINTEXT");
        bootstrap = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Runs the quickstart script against {@code topic} and checks what it printed. */
    private static void runQuickstart(String topic, String compression) throws Exception {
        runQuickstart(topic, compression, "auto");
    }

    /** As {@link #runQuickstart(String, String)}, with kafka-python's {@code api_version} fixed ("auto": probed). */
    private static void runQuickstart(String topic, String compression, String apiVersion) throws Exception {
        Path script = cluster.newDir("python-").resolve("quickstart.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        ExternalCommand.Result result = ExternalCommand.run(List.of(python, script.toString(), bootstrap, topic,
                compression, apiVersion), new byte[0], Duration.ofSeconds(90)).assertSuccess();

        List<String> lines = result.stdout().lines().toList();
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "sent 0 " + i).toList(),
                lines.stream().filter(l -> l.startsWith("sent ")).toList(), result.describe("sent"));
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "received " + i + " Hello World! This is message " + i).toList(),
                lines.stream().filter(l -> l.startsWith("received ")).toList(), result.describe("received"));
    }

    @Test
    void producerWaitsOnEveryFutureAndAnEarliestConsumerReadsTheTenMessagesBack() throws Exception {
        runQuickstart("mytopic", "none");
    }

    @Test
    void gzipCompressedMessagesRoundTripAndAreStoredCompressed() throws Exception {
        runQuickstart("mytopic-gzip", "gzip");
        List<RecordBatch> stored = WireRequests.storedBatches(port, "mytopic-gzip", 0);
        // kafka-python stores a batch uncompressed when gzip would not make it smaller (a lone small
        // record); every batch of several records must be stored as gzip.
        assertTrue(stored.stream().anyMatch(b -> b.compressionType() == CompressionType.GZIP), stored.toString());
        assertTrue(stored.stream().filter(b -> b.recordCount() > 1)
                .allMatch(b -> b.compressionType() == CompressionType.GZIP), stored.toString());
    }

    @ParameterizedTest(name = "api_version {0}, {1}")
    @CsvSource({"0.8.2, none", "0.8.2, gzip", "0.10, none", "0.10, gzip"})
    void aClientSpeakingAnOldReleasesProtocolProducesAndConsumesInTheOldMessageFormats(String apiVersion,
                                                                                     String compression) throws Exception {
        String topic = "old-python-" + apiVersion.replace('.', '-') + "-" + compression;
        ApacheClients.createTopic(bootstrap, topic, 1);
        runQuickstart(topic, compression, apiVersion);
        List<RecordBatch> stored = WireRequests.storedBatches(port, topic, 0);
        assertEquals(10, stored.stream().mapToInt(RecordBatch::recordCount).sum(), stored.toString());
        if (compression.equals("gzip")) {
            assertTrue(stored.stream().filter(b -> b.recordCount() > 1)
                    .allMatch(b -> b.compressionType() == CompressionType.GZIP), stored.toString());
            assertTrue(stored.stream().anyMatch(b -> b.compressionType() == CompressionType.GZIP), stored.toString());
        }
    }
}
