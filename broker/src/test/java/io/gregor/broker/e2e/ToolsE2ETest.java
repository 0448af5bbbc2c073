package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.tools.ConsoleConsumer;
import io.gregor.clients.tools.ConsoleProducer;
import io.gregor.clients.tools.TopicsCommand;
import io.gregor.coordination.tools.ClusterCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command-line tools driven as a user would, against real ZooKeeper and a real broker. */
class ToolsE2ETest {
    private static GregorTestCluster cluster;

    record Outcome(int code, String out, String err) {
    }

    interface Tool {
        int run(PrintStream out, PrintStream err);
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static Outcome run(Tool tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome topics(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return run((o, e) -> TopicsCommand.run(all, o, e));
    }

    private static void awaitLeaders(String topic) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            Outcome d = topics("--describe", "--topic", topic);
            return d.code == 0 && !d.out.contains("Leader: none");
        });
    }

    @Test
    void topicsCommandCreatesDescribesAltersListsAndDeletes() {
        Outcome created = topics("--create", "--topic", "tt", "--partitions", "3", "--replication-factor", "1",
                "--config", "retention.ms=1000");
        assertEquals(0, created.code, created.err);
        assertEquals("Created topic tt.\n", created.out);

        Outcome again = topics("--create", "--topic", "tt");
        assertEquals(1, again.code);
        assertTrue(again.err.contains("TOPIC_ALREADY_EXISTS"), again.err);
        Outcome quiet = topics("--create", "--topic", "tt", "--if-not-exists");
        assertEquals(0, quiet.code, quiet.err);

        awaitLeaders("tt");
        Outcome described = topics("--describe", "--topic", "tt");
        String[] lines = described.out.split("\n");
        assertEquals(4, lines.length, described.out);
        assertTrue(lines[0].startsWith("Topic: tt\tTopicId: "), lines[0]);
        assertTrue(lines[0].endsWith("\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=1000"), lines[0]);
        assertEquals("\tTopic: tt\tPartition: 2\tLeader: 0\tReplicas: 0\tIsr: 0", lines[3]);

        Outcome altered = topics("--alter", "--topic", "tt", "--config", "cleanup.policy=compact", "--delete-config", "retention.ms");
        assertEquals(0, altered.code, altered.err);
        Outcome afterAlter = topics("--describe", "--topic", "tt");
        assertTrue(afterAlter.out.split("\n")[0].endsWith("\tConfigs: cleanup.policy=compact"), afterAlter.out);

        assertTrue(topics("--list").out.lines().toList().contains("tt"));

        assertEquals(0, topics("--delete", "--topic", "tt").code);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !topics("--list").out.lines().toList().contains("tt"));
        Outcome missing = topics("--describe", "--topic", "tt");
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("Topic 'tt' does not exist as expected"), missing.err);
    }

    @Test
    void consoleProducerParsesKeysAndConsoleConsumerPrintsThemFromTheBeginning() throws Exception {
        assertEquals(0, topics("--create", "--topic", "console", "--partitions", "2", "--replication-factor", "1").code);
        awaitLeaders("console");
        String bs = cluster.bootstrapServers();
        byte[] input = "a:1\nb:2\nc:3:with colon\n".getBytes(StandardCharsets.UTF_8);
        Outcome produced = run((o, e) -> ConsoleProducer.run(new String[] {"--bootstrap-server", bs, "--topic", "console",
                "--property", "parse.key=true", "--property", "key.separator=:", "--compression-codec", "lz4",
                "--producer-property", "linger.ms=0"}, new ByteArrayInputStream(input), o, e));
        assertEquals(0, produced.code, produced.err);
        List<String> stored = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (RecordBatch b : cluster.batches("console", p)) {
                assertEquals(CompressionType.LZ4, b.compressionType());
                for (Record r : b.recordList()) {
                    stored.add(new String(r.keyBytes(), StandardCharsets.UTF_8) + "=" + new String(r.valueBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of("a=1", "b=2", "c=3:with colon"), stored.stream().sorted().toList());

        Outcome consumed = run((o, e) -> ConsoleConsumer.run(new String[] {"--bootstrap-server", bs, "--topic", "console",
                "--from-beginning", "--max-messages", "3", "--property", "print.key=true", "--property", "key.separator=|"}, o, e));
        assertEquals(0, consumed.code, consumed.err);
        assertEquals(List.of("a|1", "b|2", "c|3:with colon"), List.of(consumed.out.split("\n")).stream().sorted().toList());
        assertTrue(consumed.err.contains("Processed a total of 3 messages"), consumed.err);

        Outcome one = run((o, e) -> ConsoleConsumer.run(new String[] {"--bootstrap-server", bs, "--topic", "console",
                "--partition", "0", "--offset", "earliest", "--timeout-ms", "1000", "--property", "print.offset=true"}, o, e));
        assertEquals(0, one.code, one.err);
        assertTrue(one.out.startsWith("Offset:0\t"), one.out);
    }

    @Test
    void consoleProducerRefusesALineWithoutTheKeySeparator() {
        assertEquals(0, topics("--create", "--topic", "nosep", "--partitions", "1", "--replication-factor", "1").code);
        awaitLeaders("nosep");
        Outcome o = run((out, err) -> ConsoleProducer.run(new String[] {"--bootstrap-server", cluster.bootstrapServers(),
                "--topic", "nosep", "--property", "parse.key=true"},
                new ByteArrayInputStream("no-separator\n".getBytes(StandardCharsets.UTF_8)), out, err));
        assertEquals(1, o.code);
        assertTrue(o.err.contains("No key separator found on line number 1"), o.err);
    }

    @Test
    void clusterCommandShowsTheLiveBrokerControllerAndTopicLeaders() {
        assertEquals(0, topics("--create", "--topic", "shown", "--partitions", "2", "--replication-factor", "1").code);
        awaitLeaders("shown");
        Outcome tree = run((o, e) -> ClusterCommand.run(new String[] {"--zookeeper", cluster.zookeeperConnect()}, o, e));
        assertEquals(0, tree.code, tree.err);
        assertTrue(tree.out.startsWith("Cluster " + cluster.server().clusterId() + " "), tree.out);
        assertTrue(tree.out.contains("Controller: broker 0 (epoch "), tree.out);
        assertTrue(tree.out.contains("broker 0  PLAINTEXT://" + cluster.bootstrapServers() + "  rack: none"), tree.out);
        assertTrue(tree.out.contains("partition 1  leader: 0  leader epoch: 0  replicas: 0  isr: 0"), tree.out);
        Outcome json = run((o, e) -> ClusterCommand.run(new String[] {"--zookeeper", cluster.zookeeperConnect(), "--json"}, o, e));
        assertEquals(0, json.code, json.err);
        assertTrue(json.out.contains("\"name\" : \"shown\""), json.out);
    }
}
