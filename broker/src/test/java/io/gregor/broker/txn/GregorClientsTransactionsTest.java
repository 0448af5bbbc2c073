package io.gregor.broker.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.e2e.GregorTestCluster;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.consumer.StringDeserializer;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.StringSerializer;
import io.gregor.clients.tools.ConsoleConsumer;
import io.gregor.clients.tools.TransactionsCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's acceptance for Gregor's own clients and tools against a Gregor broker: GregorProducer
 * commits and aborts transactions, is fenced by a successor with its transactional.id, and commits a group's offsets with sendOffsetsToTransaction,
 * GregorConsumer with isolation.level=read_committed sees only committed records, and
 * {@code gregor-transactions.sh} (list, describe, describe-producers, abort) and
 * {@code gregor-console-consumer.sh --isolation-level read_committed} show and resolve a hanging
 * transaction, run in-process as a user would run them.
 */
class GregorClientsTransactionsTest {
    private static GregorTestCluster cluster;

    record Outcome(int code, String out, String err) {
    }

    interface Tool {
        int run(PrintStream out, PrintStream err);
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start(Map.of(
                "transaction.state.log.num.partitions", "3",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.num.partitions", "3",
                "offsets.topic.replication.factor", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void createTopic(String topic, int partitions) {
        try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)), false).all();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic)).get(topic)
                    .partitions().stream().allMatch(p -> p.hasLeader()));
        }
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "retry.backoff.ms", 10, "fetch.max.wait.ms", 50));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static GregorProducer<String, String> transactional(String id) {
        return new GregorProducer<>(props("transactional.id", id, "max.block.ms", 30_000), new StringSerializer(),
                new StringSerializer());
    }

    private static GregorConsumer<String, String> consumer(Object... kv) {
        return new GregorConsumer<>(props(kv), new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return tps;
    }

    /** Every value of {@code topic} up to the end offsets {@code isolation} sees (the LSO for read_committed), sorted. */
    private static TreeSet<String> readToEnd(String topic, int partitionCount, String isolation) {
        TreeSet<String> values = new TreeSet<>();
        try (GregorConsumer<String, String> c = consumer("isolation.level", isolation)) {
            List<TopicPartition> tps = partitions(topic, partitionCount);
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            Awaitility.await(isolation + " consumer reaches " + end).atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
            });
        }
        return values;
    }

    @Test
    void gregorProducerCommitsAndAbortsAndGregorReadCommittedConsumerSeesOnlyTheCommittedRecords() {
        createTopic("gregor-ledger", 2);
        try (GregorProducer<String, String> producer = transactional("gregor-ledger-writer")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>("gregor-ledger", i % 2, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("gregor-ledger", i % 2, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("gregor-ledger", 1, "k", "committed-last"));
            producer.commitTransaction();
        }
        assertEquals(new TreeSet<>(Set.of("committed-0", "committed-1", "committed-2", "committed-3", "committed-last")),
                readToEnd("gregor-ledger", 2, "read_committed"));
        assertEquals(new TreeSet<>(Set.of("committed-0", "committed-1", "committed-2", "committed-3", "committed-last",
                "aborted-0", "aborted-1", "aborted-2")), readToEnd("gregor-ledger", 2, "read_uncommitted"));
    }

    @Test
    void aSecondGregorProducerWithTheSameTransactionalIdFencesTheFirst() {
        createTopic("gregor-fenced", 1);
        try (GregorProducer<String, String> first = transactional("gregor-zombie");
             GregorProducer<String, String> second = transactional("gregor-zombie")) {
            first.initTransactions();
            second.initTransactions();
            GregorApiException fenced = assertThrows(GregorApiException.class, () -> {
                first.beginTransaction();
                first.send(new ProducerRecord<>("gregor-fenced", 0, "k", "from-the-zombie"));
                first.commitTransaction();
            });
            assertEquals(Errors.PRODUCER_FENCED, fenced.error(), fenced.toString());
            second.beginTransaction();
            second.send(new ProducerRecord<>("gregor-fenced", 0, "k", "from-the-successor"));
            second.commitTransaction();
        }
        assertEquals(new TreeSet<>(Set.of("from-the-successor")), readToEnd("gregor-fenced", 1, "read_committed"));
    }

    @Test
    void sendOffsetsToTransactionCommitsTheGroupsOffsetsOnlyWhenTheTransactionCommits() {
        createTopic("gregor-in", 1);
        createTopic("gregor-out", 1);
        try (GregorProducer<String, String> plain = new GregorProducer<>(props(), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 6; i++) {
                plain.send(new ProducerRecord<>("gregor-in", 0, "k" + i, "in-" + i));
            }
            plain.flush();
        }
        TopicPartition in = new TopicPartition("gregor-in", 0);
        try (GregorProducer<String, String> producer = transactional("gregor-copier");
             GregorConsumer<String, String> consumer = consumer("group.id", "gregor-copiers", "enable.auto.commit", false,
                     "auto.offset.reset", "earliest", "isolation.level", "read_committed")) {
            producer.initTransactions();
            consumer.subscribe(List.of("gregor-in"));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            Awaitility.await("the copier reads the input").atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() >= 6;
            });
            Map<TopicPartition, OffsetAndMetadata> next = Map.of(in, new OffsetAndMetadata(6));

            producer.beginTransaction();
            read.forEach(r -> producer.send(new ProducerRecord<>("gregor-out", 0, r.key(), "aborted-copy-of-" + r.value())));
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.abortTransaction();
            assertNull(consumer.committed(Set.of(in)).get(in), "the aborted transaction's offsets were committed");

            producer.beginTransaction();
            read.forEach(r -> producer.send(new ProducerRecord<>("gregor-out", 0, r.key(), "copy-of-" + r.value())));
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.commitTransaction();
            Awaitility.await("the committed transaction's offsets").atMost(Duration.ofSeconds(10)).until(() -> {
                OffsetAndMetadata committed = consumer.committed(Set.of(in)).get(in);
                return committed != null && committed.offset() == 6;
            });
        }
        try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertEquals(6, admin.listConsumerGroupOffsets("gregor-copiers").get(in).offset());
        }
        TreeSet<String> copies = new TreeSet<>();
        for (int i = 0; i < 6; i++) {
            copies.add("copy-of-in-" + i);
        }
        assertEquals(copies, readToEnd("gregor-out", 1, "read_committed"));
    }

    private static Outcome run(Tool tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome transactions(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers()));
        all.addAll(List.of(args));
        return run((o, e) -> TransactionsCommand.run(all.toArray(String[]::new), o, e));
    }

    private static Outcome consoleConsumer(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers()));
        all.addAll(List.of(args));
        return run((o, e) -> ConsoleConsumer.run(all.toArray(String[]::new), o, e));
    }

    /** The data rows of a tool's table (after the header), each split at its columns. */
    private static List<List<String>> rows(String table) {
        return table.lines().skip(1).map(l -> List.of(l.trim().split("\\s+"))).toList();
    }

    @Test
    void transactionsToolListsDescribesAndAbortsAHangingTransactionAndTheConsoleConsumerReadsCommitted() {
        createTopic("gregor-hanging", 1);
        try (GregorProducer<String, String> producer = transactional("gregor-hanger")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("gregor-hanging", 0, "k", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("gregor-hanging", 0, "k", "hanging"));
            producer.flush();

            Outcome list = transactions("list");
            assertEquals(0, list.code, list.err);
            assertEquals(List.of("TransactionalId", "Coordinator", "ProducerId", "TransactionState"),
                    List.of(list.out.lines().findFirst().orElseThrow().trim().split("\\s+")), list.out);
            List<String> listed = rows(list.out).stream().filter(r -> r.get(0).equals("gregor-hanger")).findFirst()
                    .orElseThrow(() -> new AssertionError("gregor-hanger not listed: " + list.out));
            assertEquals("Ongoing", listed.get(3), list.out);
            String producerId = listed.get(2);

            Outcome describe = transactions("describe", "--transactional-id", "gregor-hanger");
            assertEquals(0, describe.code, describe.err);
            List<String> described = rows(describe.out).get(0);
            assertEquals(List.of("gregor-hanger", producerId, "Ongoing"),
                    List.of(described.get(1), described.get(2), described.get(4)), describe.out);
            assertTrue(described.get(described.size() - 1).equals("gregor-hanging-0"), describe.out);

            Outcome producers = transactions("describe-producers", "--topic", "gregor-hanging", "--partition", "0");
            assertEquals(0, producers.code, producers.err);
            List<String> state = rows(producers.out).stream().filter(r -> r.get(0).equals(producerId)).findFirst()
                    .orElseThrow(() -> new AssertionError("producer " + producerId + " not shown: " + producers.out));
            String startOffset = state.get(state.size() - 1);
            assertEquals("2", startOffset, "the open transaction starts after the first one's record and marker: "
                    + producers.out);

            Outcome committedOnly = consoleConsumer("--topic", "gregor-hanging", "--from-beginning",
                    "--isolation-level", "read_committed", "--timeout-ms", "2000");
            assertEquals(0, committedOnly.code, committedOnly.err);
            assertEquals("committed\n", committedOnly.out, "read_committed stops at the open transaction");

            Outcome abort = transactions("abort", "--topic", "gregor-hanging", "--partition", "0",
                    "--start-offset", startOffset);
            assertEquals(0, abort.code, abort.err);
            Awaitility.await("the partition has no open transaction").atMost(Duration.ofSeconds(10)).until(() -> {
                Outcome after = transactions("describe-producers", "--topic", "gregor-hanging", "--partition", "0");
                return after.code == 0 && rows(after.out).stream().filter(r -> r.get(0).equals(producerId))
                        .allMatch(r -> r.get(r.size() - 1).equals("None"));
            });
        }
        Outcome readCommitted = consoleConsumer("--topic", "gregor-hanging", "--from-beginning",
                "--isolation-level", "read_committed", "--timeout-ms", "2000");
        assertEquals(0, readCommitted.code, readCommitted.err);
        assertEquals("committed\n", readCommitted.out, "the aborted record stays hidden");
        Outcome readUncommitted = consoleConsumer("--topic", "gregor-hanging", "--from-beginning",
                "--isolation-level", "read_uncommitted", "--timeout-ms", "2000");
        assertEquals(0, readUncommitted.code, readUncommitted.err);
        assertEquals("committed\nhanging\n", readUncommitted.out);
    }
}
