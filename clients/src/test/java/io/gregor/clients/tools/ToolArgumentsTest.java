package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.ConfigEntry;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(Function<PrintStream[], Integer> tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.apply(new PrintStream[] {new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)});
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome topics(String... args) {
        return run(s -> TopicsCommand.run(args, s[0], s[1]));
    }

    private static Outcome producer(String... args) {
        return run(s -> ConsoleProducer.run(args, new ByteArrayInputStream(new byte[0]), s[0], s[1]));
    }

    private static Outcome consumer(String... args) {
        return run(s -> ConsoleConsumer.run(args, s[0], s[1]));
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero() {
        for (Outcome o : List.of(topics("--help"), producer("--help"), consumer("--help"))) {
            assertEquals(0, o.code);
            assertTrue(o.out.contains("--bootstrap-server"), o.out);
            assertEquals("", o.err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--bootstrap-server h:1 --list --describe",
            "--bootstrap-server h:1",
            "--list",
            "--bootstrap-server h:1 --create",
            "--bootstrap-server h:1 --create --topic t --partitions x",
            "--bootstrap-server h:1 --create --topic t --partitions 0",
            "--bootstrap-server h:1 --create --topic t --replication-factor 0",
            "--bootstrap-server h:1 --list --partitions 3",
            "--bootstrap-server h:1 --describe --if-not-exists",
            "--bootstrap-server h:1 --create --topic t --config retention.ms",
            "--bootstrap-server h:1 --nonsense",
            "--bootstrap-server",
            "stray --list"})
    void badTopicsArgumentsPrintUsageToStderrAndExitOne(String args) {
        Outcome o = topics(args.split(" "));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("Option"), o.err);
        assertEquals("", o.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--topic t",
            "--bootstrap-server h:1",
            "--bootstrap-server h:1 --topic t --producer-property novalue",
            "--bootstrap-server h:1 --topic t --topic u",
            "--bootstrap-server h:1 --topic t --property key.separator="})
    void badProducerArgumentsExitOne(String args) {
        Outcome o = producer(args.split(" "));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("--bootstrap-server"), o.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--topic t",
            "--bootstrap-server h:1 --topic t --offset 5",
            "--bootstrap-server h:1 --topic t --partition 0 --offset -3",
            "--bootstrap-server h:1 --topic t --partition 0 --offset soon",
            "--bootstrap-server h:1 --topic t --partition 0 --offset 1 --from-beginning",
            "--bootstrap-server h:1 --topic t --max-messages many",
            "--bootstrap-server h:1 --topic t --group g --consumer-property group.id=other",
            "--bootstrap-server h:1 --topic t --group g --from-beginning --consumer-property auto.offset.reset=latest",
            "--bootstrap-server h:1 --topic t --isolation-level read_mostly"})
    void badConsumerArgumentsExitOne(String args) {
        Outcome o = consumer(args.split(" "));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("--bootstrap-server"), o.err);
    }

    @Test
    void optionValuesMayFollowAnEqualsSignAndRepeatableOptionsCollectEveryValue() throws Exception {
        CommandLine cl = TopicsCommand.options().parse(new String[] {"--bootstrap-server=h:1", "--create", "--topic", "t",
                "--config", "a=1", "--config=b=x=y"});
        assertEquals("h:1", cl.get("bootstrap-server"));
        assertEquals(java.util.Map.of("a", "1", "b", "x=y"), cl.keyValues("config"));
    }

    @Test
    void compressionCodecWithoutAValueMeansGzipAsInKafka() throws Exception {
        CommandLine bare = ConsoleProducer.options().parse(new String[] {"--compression-codec", "--topic", "t"});
        assertEquals("gzip", bare.get("compression-codec"));
        assertEquals("t", bare.get("topic"));
        CommandLine given = ConsoleProducer.options().parse(new String[] {"--compression-codec", "zstd"});
        assertEquals("zstd", given.get("compression-codec"));
    }

    @Test
    void describeOutputFollowsKafkasLayout() {
        UUID id = new UUID(0x0123456789abcdefL, 0x0fedcba987654321L);
        TopicDescription d = new TopicDescription("t", id, false, List.of(
                new PartitionInfo(new TopicPartition("t", 0), Errors.NONE, 1, 0, List.of(1, 2), List.of(1, 2), List.of()),
                new PartitionInfo(new TopicPartition("t", 1), Errors.NONE, -1, 0, List.of(2, 1), List.of(), List.of())));
        List<ConfigEntry> configs = List.of(
                new ConfigEntry("cleanup.policy", "compact", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, false, false),
                new ConfigEntry("retention.ms", "1000", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, false, false),
                new ConfigEntry("segment.bytes", "1073741824", ConfigEntry.ConfigSource.DEFAULT_CONFIG, false, false));
        String kafkaId = org.apache.kafka.common.Uuid.fromString(TopicsCommand.kafkaUuid(id)).toString();
        assertEquals(new org.apache.kafka.common.Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits()).toString(), kafkaId);
        assertEquals("Topic: t\tTopicId: " + kafkaId + "\tPartitionCount: 2\tReplicationFactor: 2\t"
                        + "Configs: cleanup.policy=compact,retention.ms=1000\n"
                        + "\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\n"
                        + "\tTopic: t\tPartition: 1\tLeader: none\tReplicas: 2,1\tIsr: \n",
                TopicsCommand.formatDescription(d, configs));
    }
}
