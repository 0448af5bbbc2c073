package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.InMemoryKafka;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tools driven as a user would, against the in-memory protocol stand-in. */
class ToolsRoundTripTest {
    record Outcome(int code, String out, String err) {
    }

    interface Tool {
        int run(PrintStream out, PrintStream err);
    }

    private static Outcome run(Tool tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void topicsCommandCreatesDescribesListsAndDeletes() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            String bs = kafka.bootstrap();
            Outcome created = run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--create", "--topic", "t",
                    "--partitions", "3", "--replication-factor", "1", "--config", "retention.ms=1000"}, o, e));
            assertEquals(0, created.code, created.err);
            assertEquals("Created topic t.\n", created.out);

            Outcome again = run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--create", "--topic", "t"}, o, e));
            assertEquals(1, again.code);
            assertTrue(again.err.contains("TOPIC_ALREADY_EXISTS"), again.err);
            Outcome quiet = run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--create", "--topic", "t",
                    "--if-not-exists"}, o, e));
            assertEquals(0, quiet.code, quiet.err);

            Outcome described = run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--describe", "--topic", "t"}, o, e));
            assertEquals(0, described.code, described.err);
            String[] lines = described.out.split("\n");
            assertEquals(4, lines.length);
            assertTrue(lines[0].startsWith("Topic: t\tTopicId: "), lines[0]);
            assertTrue(lines[0].endsWith("\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=1000"), lines[0]);
            assertEquals("\tTopic: t\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1", lines[3]);

            Outcome altered = run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--alter", "--topic", "t",
                    "--config", "cleanup.policy=compact", "--delete-config", "retention.ms"}, o, e));
            assertEquals(0, altered.code, altered.err);
            assertEquals(java.util.Map.of("cleanup.policy", "compact"), kafka.topics.get("t").configs());

            Outcome listed = run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--list"}, o, e));
            assertEquals("t\n", listed.out);

            assertEquals(0, run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--delete", "--topic", "t"}, o, e)).code);
            Outcome missing = run((o, e) -> TopicsCommand.run(new String[] {"--bootstrap-server", bs, "--describe", "--topic", "t"}, o, e));
            assertEquals(1, missing.code);
            assertTrue(missing.err.contains("Topic 't' does not exist as expected"), missing.err);
        }
    }

    @Test
    void consoleProducerParsesKeysAndConsoleConsumerPrintsThemFromTheBeginning() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 2, java.util.Map.of());
            String bs = kafka.bootstrap();
            byte[] input = "a:1\nb:2\nc:3:with colon\n".getBytes(StandardCharsets.UTF_8);
            Outcome produced = run((o, e) -> ConsoleProducer.run(new String[] {"--bootstrap-server", bs, "--topic", "t",
                    "--property", "parse.key=true", "--property", "key.separator=:", "--compression-codec", "lz4",
                    "--producer-property", "linger.ms=0"}, new ByteArrayInputStream(input), o, e));
            assertEquals(0, produced.code, produced.err);
            List<String> stored = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                for (RecordBatch b : kafka.batches("t", p)) {
                    assertEquals(CompressionType.LZ4, b.compressionType());
                    for (Record r : b.recordList()) {
                        stored.add(new String(r.keyBytes(), StandardCharsets.UTF_8) + "=" + new String(r.valueBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertEquals(List.of("a=1", "b=2", "c=3:with colon"), stored.stream().sorted().toList());

            Outcome consumed = run((o, e) -> ConsoleConsumer.run(new String[] {"--bootstrap-server", bs, "--topic", "t",
                    "--from-beginning", "--max-messages", "3", "--property", "print.key=true", "--property", "key.separator=|"}, o, e));
            assertEquals(0, consumed.code, consumed.err);
            assertEquals(List.of("a|1", "b|2", "c|3:with colon"), List.of(consumed.out.split("\n")).stream().sorted().toList());
            assertTrue(consumed.err.contains("Processed a total of 3 messages"), consumed.err);

            Outcome one = run((o, e) -> ConsoleConsumer.run(new String[] {"--bootstrap-server", bs, "--topic", "t",
                    "--partition", "0", "--offset", "earliest", "--timeout-ms", "500", "--property", "print.offset=true"}, o, e));
            assertEquals(0, one.code, one.err);
            assertTrue(one.out.startsWith("Offset:0\t"), one.out);
        }
    }

    @Test
    void consoleProducerRefusesALineWithoutTheKeySeparator() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, java.util.Map.of());
            Outcome o = run((out, err) -> ConsoleProducer.run(new String[] {"--bootstrap-server", kafka.bootstrap(), "--topic", "t",
                    "--property", "parse.key=true"}, new ByteArrayInputStream("no-separator\n".getBytes(StandardCharsets.UTF_8)), out, err));
            assertEquals(1, o.code);
            assertTrue(o.err.contains("No key separator found on line number 1"), o.err);
        }
    }
}
