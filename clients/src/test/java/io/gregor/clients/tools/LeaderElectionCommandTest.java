package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.ElectionType;
import io.gregor.clients.admin.PartitionResults;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gregor-leader-election.sh without a cluster: its arguments, its JSON file and how it reports outcomes. */
class LeaderElectionCommandTest {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LeaderElectionCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero() {
        Outcome o = run("--help");
        assertEquals(0, o.code);
        assertTrue(o.out.contains("--election-type"), o.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--election-type preferred --all-topic-partitions",
            "--bootstrap-server h:1 --all-topic-partitions",
            "--bootstrap-server h:1 --election-type preferred",
            "--bootstrap-server h:1 --election-type preferred --all-topic-partitions --topic t --partition 0",
            "--bootstrap-server h:1 --election-type preferred --topic t",
            "--bootstrap-server h:1 --election-type preferred --all-topic-partitions --partition 0",
            "--bootstrap-server h:1 --election-type preferred --topic t --partition x",
            "--bootstrap-server h:1 --election-type preferred --topic t --partition -1",
            "--bootstrap-server h:1 --election-type sloppy --all-topic-partitions",
            "--bootstrap-server h:1 --election-type preferred --all-topic-partitions --zookeeper z:1"})
    void badArgumentsPrintUsageToStderrAndExitOne(String args) {
        Outcome o = run(args.split(" "));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("Option"), o.err);
        assertEquals("", o.out);
    }

    @Test
    void theJsonFileNamesThePartitionsAndRefusesDuplicates(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("e.json"), "{\"partitions\":[{\"topic\":\"a\",\"partition\":1},{\"topic\":\"b\",\"partition\":0}]}");
        assertEquals(Set.of(new TopicPartition("a", 1), new TopicPartition("b", 0)),
                LeaderElectionCommand.parseElectionData(file.toString()));
        Path dup = Files.writeString(dir.resolve("d.json"), "{\"partitions\":[{\"topic\":\"a\",\"partition\":1},{\"topic\":\"a\",\"partition\":1}]}");
        assertTrue(assertThrows(LeaderElectionCommand.CommandFailedException.class,
                () -> LeaderElectionCommand.parseElectionData(dup.toString())).getMessage()
                .contains("Replica election data contains duplicate partitions: [a-1]"));
        Path none = Files.writeString(dir.resolve("n.json"), "{\"topics\":[]}");
        assertTrue(assertThrows(LeaderElectionCommand.CommandFailedException.class,
                () -> LeaderElectionCommand.parseElectionData(none.toString())).getMessage()
                .contains("Replica election data is missing \"partitions\" field"));
    }

    @Test
    void outcomesArePrintedAsKafkaPrintsThemAndAFailureExitsOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LeaderElectionCommand.report(ElectionType.PREFERRED, new PartitionResults(
                Set.of(new TopicPartition("t", 1), new TopicPartition("t", 0)),
                Map.of(new TopicPartition("u", 0), new GregorApiException(Errors.ELECTION_NOT_NEEDED, null),
                        new TopicPartition("v", 2), new GregorApiException(Errors.PREFERRED_LEADER_NOT_AVAILABLE, "not live"))),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals("Successfully completed leader election (PREFERRED) for partitions t-0, t-1\n"
                + "Valid replica already elected for partitions u-0\n"
                + "Error completing leader election (PREFERRED) for partition: v-2: PREFERRED_LEADER_NOT_AVAILABLE: not live\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals("1 replica(s) could not be elected\n", err.toString(StandardCharsets.UTF_8));
    }
}
