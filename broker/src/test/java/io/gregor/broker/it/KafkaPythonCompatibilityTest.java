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

/**
 * Debian's kafka-python (run by {@code /usr/bin/python3}) against an in-process broker: the
 * library's own quickstart, with {@code mytopic} created on first use (auto.create.topics.enable),
 * uncompressed and with gzip (Debian ships no python snappy/lz4/zstd modules).
 */
class KafkaPythonCompatibilityTest {
    private static final String SCRIPT = """
            import sys
            from kafka import KafkaConsumer, KafkaProducer, TopicPartition

            bootstrap, topic = sys.argv[1], sys.argv[2]
            compression = None if sys.argv[3] == 'none' else sys.argv[3]
            producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=15000,
                                     compression_type=compression,
                                     linger_ms=(0 if compression is None else 200))
            futures = [producer.send(topic, ('Hello World! This is message %d' % i).encode('utf-8'))
                       for i in range(10)]
            for future in futures:
                metadata = future.get(timeout=30)
                print('sent %d %d' % (metadata.partition, metadata.offset), flush=True)
            producer.close()

            consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset='earliest',
                                     enable_auto_commit=False, consumer_timeout_ms=15000)
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
        Path script = cluster.newDir("python-").resolve("quickstart.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        ExternalCommand.Result result = ExternalCommand.run(List.of(python, script.toString(), bootstrap, topic,
                compression), new byte[0], Duration.ofSeconds(90)).assertSuccess();

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
}
