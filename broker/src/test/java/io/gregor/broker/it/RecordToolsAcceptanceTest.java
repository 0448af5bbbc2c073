package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.DeleteRecordsCommand;
import org.apache.kafka.tools.GetOffsetShell;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kafka 3.9.1's own record and offset tools, run unmodified in this JVM against three Gregor
 * brokers: GetOffsetShell (earliest, latest, max timestamp), ConsumerGroupCommand
 * {@code --delete-offsets} and DeleteRecordsCommand (the log start offset moves on every replica
 * and survives a restart of the whole cluster), and Gregor's own tools doing the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordToolsAcceptanceTest {
    private ThreeBrokers brokers;

    @BeforeAll
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of());
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    @Order(1)
    void getOffsetShellPrintsEarliestLatestAndTheOffsetOfTheMaxTimestamp() throws Exception {
        String topic = "shell";
        brokers.createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(),
                Map.of("linger.ms", "10000", "batch.size", "1048576"))) {
            long[] timestamps = {1_000L, 9_000L, 3_000L, 9_000L, 2_000L};
            for (int i = 0; i < timestamps.length; i++) {
                producer.send(new ProducerRecord<>(topic, 0, timestamps[i], "k" + i, "v" + i));
            }
            producer.flush(); // one batch: the max timestamp 9000 first appears at offset 1
        }
        String bootstrap = brokers.bootstrap();
        assertEquals("shell:0:0", shell(bootstrap, topic, "-2"));
        assertEquals("shell:0:5", shell(bootstrap, topic, "-1"));
        assertEquals("shell:0:1", shell(bootstrap, topic, "-3"));
    }

    private static String shell(String bootstrap, String topic, String time) {
        ThreeBrokers.ToolRun run = KafkaTools.run(GetOffsetShell::main, "--bootstrap-server", bootstrap,
                "--topic", topic, "--time", time);
        assertEquals(0, run.code(), run.err());
        return run.out().trim();
    }

    @Test
    @Order(2)
    void consumerGroupCommandDeletesTheOffsetsOfATopicTheGroupNoLongerConsumesButNotOfOneItDoes() throws Exception {
        brokers.createTopic("in-use", 1, Map.of());
        brokers.createTopic("left-behind", 1, Map.of());
        String bootstrap = brokers.bootstrap();
        TopicPartition inUse = new TopicPartition("in-use", 0);
        TopicPartition leftBehind = new TopicPartition("left-behind", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "cleaner",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of("in-use"));
            Awaitility.await("the consumer's assignment").atMost(ThreeBrokers.WAIT)
                    .until(() -> !consumer.poll(Duration.ofMillis(100)).isEmpty() || !consumer.assignment().isEmpty());
            consumer.commitSync(Map.of(inUse, new OffsetAndMetadata(0), leftBehind, new OffsetAndMetadata(0)));

            ThreeBrokers.ToolRun subscribed = deleteOffsets(bootstrap, "in-use");
            assertTrue(subscribed.out().contains("Encounter some partition level error"), subscribed.out());
            assertTrue(subscribed.out().matches("(?s).*in-use\\s+0\\s+Error.*"), subscribed.out());
            ThreeBrokers.ToolRun unused = deleteOffsets(bootstrap, "left-behind");
            assertTrue(unused.out().contains("Request succeed for deleting offsets with topic left-behind group cleaner"),
                    unused.out());
            assertTrue(unused.out().matches("(?s).*left-behind\\s+0\\s+Successful.*"), unused.out());

            // Gregor's tool does the same
            consumer.commitSync(Map.of(leftBehind, new OffsetAndMetadata(0)));
            ThreeBrokers.ToolRun gregorSubscribed = gregorDeleteOffsets(bootstrap, "in-use");
            assertEquals(1, gregorSubscribed.code(), gregorSubscribed.out());
            assertTrue(gregorSubscribed.err().contains("Encounter some partition level error"), gregorSubscribed.err());
            assertTrue(gregorSubscribed.out().matches("(?s).*in-use\\s+0\\s+Error: .*subscribed.*"),
                    gregorSubscribed.out());
            ThreeBrokers.ToolRun gregorUnused = gregorDeleteOffsets(bootstrap, "left-behind:0");
            assertEquals(0, gregorUnused.code(), gregorUnused.err());
            assertTrue(gregorUnused.out().contains("Request succeed for deleting offsets with topic left-behind:0 group"
                    + " cleaner"), gregorUnused.out());
            assertTrue(gregorUnused.out().matches("(?s).*left-behind\\s+0\\s+Successful.*"), gregorUnused.out());
        }
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> left = admin.listConsumerGroupOffsets("cleaner")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(java.util.Set.of(inUse), left.keySet(), "only the subscribed topic's offset is left");
        }
        ThreeBrokers.ToolRun emptyGroup = deleteOffsets(bootstrap, "in-use");
        assertTrue(emptyGroup.out().contains("Request succeed for deleting offsets with topic in-use group cleaner"),
                emptyGroup.out() + "\nthe group is Empty once its consumer left");
    }

    private static ThreeBrokers.ToolRun gregorDeleteOffsets(String bootstrap, String topic) {
        return ThreeBrokers.tool(io.gregor.clients.tools.ConsumerGroupsCommand::run, "--bootstrap-server", bootstrap,
                "--delete-offsets", "--group", "cleaner", "--topic", topic);
    }

    private static ThreeBrokers.ToolRun deleteOffsets(String bootstrap, String topic) {
        return KafkaTools.run(ConsumerGroupCommand::main, "--bootstrap-server", bootstrap, "--delete-offsets",
                "--group", "cleaner", "--topic", topic);
    }

    @Test
    @Order(3)
    void deleteRecordsCommandMovesTheLogStartOffsetOnEveryReplicaAndItSurvivesARestartOfTheCluster() throws Exception {
        String topic = "purge";
        brokers.createTopic(topic, 1, Map.of("segment.bytes", "1024"));
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(),
                Map.of("acks", "all", "linger.ms", "0"))) {
            for (int i = 0; i < 100; i++) {
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, 0, "k" + i, "value-" + i));
                ack.get(30, TimeUnit.SECONDS); // one batch per record: many small segments
            }
        }
        for (int id = 0; id < ThreeBrokers.BROKERS; id++) {
            assertTrue(brokers.segments(id, topic, 0).containsKey("00000000000000000000.log"), "broker " + id);
        }

        Path json = brokers.cluster().newDir("delete-records-").resolve("offsets.json");
        Files.writeString(json, "{\"partitions\":[{\"topic\":\"purge\",\"partition\":0,\"offset\":60}],\"version\":1}");
        ThreeBrokers.ToolRun run = KafkaTools.run(args -> DeleteRecordsCommand.execute(args, System.out),
                "--bootstrap-server", brokers.bootstrap(), "--offset-json-file", json.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Records delete operation completed:"), run.out());
        assertTrue(run.out().contains("partition: purge-0\tlow_watermark: 60"), run.out());

        for (int id = 0; id < ThreeBrokers.BROKERS; id++) {
            assertEquals(60L, earliestOn(id, topic), "log start offset on broker " + id + ", answered at once");
            assertTrue(!brokers.segments(id, topic, 0).containsKey("00000000000000000000.log"),
                    "the segments below offset 60 are gone on broker " + id);
        }
        List<ConsumerRecord<String, String>> left = ApacheClients.readAll(brokers.bootstrap(), topic, 1, 40);
        assertEquals("value-60", left.get(0).value());
        assertEquals(40, left.size());

        // Gregor's tool moves it further the same way
        Files.writeString(json, "{\"partitions\":[{\"topic\":\"purge\",\"partition\":0,\"offset\":80}],\"version\":1}");
        ThreeBrokers.ToolRun gregor = ThreeBrokers.tool(io.gregor.clients.tools.DeleteRecordsCommand::run,
                "--bootstrap-server", brokers.bootstrap(), "--offset-json-file", json.toString());
        assertEquals(0, gregor.code(), gregor.err());
        assertEquals("Executing records delete operation\nRecords delete operation completed:\n"
                + "partition: purge-0\tlow_watermark: 80\n", gregor.out());
        for (int id = 0; id < ThreeBrokers.BROKERS; id++) {
            assertEquals(80L, earliestOn(id, topic), "log start offset on broker " + id + " after Gregor's tool");
        }

        for (int id = 0; id < ThreeBrokers.BROKERS; id++) {
            brokers.broker(id).stop();
        }
        for (int id = 0; id < ThreeBrokers.BROKERS; id++) {
            brokers.start(id);
        }
        brokers.awaitController();
        brokers.awaitLeaders(topic, 1);
        for (int id = 0; id < ThreeBrokers.BROKERS; id++) {
            int broker = id;
            Awaitility.await("broker " + id + " serves " + topic).atMost(ThreeBrokers.WAIT)
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> earliestOn(broker, topic) >= 0);
            assertEquals(80L, earliestOn(id, topic), "log start offset on broker " + id + " after the restart");
        }
    }

    /** ListOffsets EARLIEST on broker {@code id} as a debugging tool (replica id -2), which any replica answers. */
    private long earliestOn(int id, String topic) throws Exception {
        try (KafkaConnection conn = WireRequests.connect(brokers.broker(id).port(), "earliest-check")) {
            Struct p = WireRequests.listOffset(conn, topic, 0, -2L, -2);
            assertEquals(Errors.NONE.code(), p.getShort(ListOffsetsResponse.Topics.Partitions.ERROR_CODE),
                    "ListOffsets on broker " + id);
            return p.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET);
        }
    }
}
