package io.gregor.coordination.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.PartitionReassignment;
import io.gregor.clients.network.TopicPartition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gregor-reassign-partitions.sh without a cluster: its arguments, its JSON files and the throttles it works out. */
class ReassignPartitionsCommandArgsTest {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReassignPartitionsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero() {
        Outcome o = run("--help");
        assertEquals(0, o.code);
        assertTrue(o.out.contains("--reassignment-json-file"), o.out);
        assertEquals("", o.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--bootstrap-server h:1",
            "--bootstrap-server h:1 --generate --execute --reassignment-json-file f",
            "--generate --topics-to-move-json-file f --broker-list 1",
            "--bootstrap-server h:1 --generate --broker-list 1",
            "--bootstrap-server h:1 --execute",
            "--bootstrap-server h:1 --verify --reassignment-json-file f --throttle 5",
            "--bootstrap-server h:1 --list --preserve-throttles",
            "--bootstrap-server h:1 --generate --topics-to-move-json-file f --broker-list 1 --additional",
            "--bootstrap-server h:1 --execute --reassignment-json-file f --throttle fast",
            "--bootstrap-server h:1 --list --nonsense",
            "--bootstrap-server h:1 stray --list"})
    void badArgumentsPrintUsageToStderrAndExitOne(String args) {
        Outcome o = run(args.split(" "));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("Option"), o.err);
        assertEquals("", o.out);
    }

    @Test
    void replicaAlterLogDirsThrottleIsAnOptionOfExecuteOnly() {
        Outcome o = run("--bootstrap-server", "h:1", "--verify", "--reassignment-json-file", "f",
                "--replica-alter-log-dirs-throttle", "1000");
        assertEquals(1, o.code);
        assertTrue(o.err.contains("Option \"[replica-alter-log-dirs-throttle]\" can't be used with action \"[verify]\""), o.err);
    }

    @Test
    void aMissingReassignmentFileFailsWithItsName() {
        Outcome o = run("--bootstrap-server", "127.0.0.1:1", "--execute", "--reassignment-json-file", "/nonexistent/plan.json");
        assertEquals(1, o.code);
        assertTrue(o.err.contains("/nonexistent/plan.json"), o.err);
    }

    @Test
    void reassignmentJsonIsWrittenAsKafkaWritesItAndReadBack() {
        String json = ReassignmentJson.format(Map.of(new TopicPartition("b", 0), List.of(2, 1), new TopicPartition("a", 1), List.of(0)));
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"a\",\"partition\":1,\"replicas\":[0],\"log_dirs\":[\"any\"]},"
                + "{\"topic\":\"b\",\"partition\":0,\"replicas\":[2,1],\"log_dirs\":[\"any\",\"any\"]}]}", json);
        List<ReassignmentJson.Target> targets = ReassignmentJson.parseReassignment(json);
        assertEquals(new ReassignmentJson.Target(new TopicPartition("b", 0), List.of(2, 1), List.of("any", "any")), targets.get(1));
        assertEquals(List.of("x", "y"), ReassignmentJson.parseTopics("{\"topics\":[{\"topic\":\"x\"},{\"topic\":\"y\"}],\"version\":1}"));
    }

    @Test
    void badReassignmentJsonIsRefusedWithTheReason() {
        assertThrows(ReassignmentJson.BadJsonException.class, () -> ReassignmentJson.parseReassignment("{not json"));
        assertTrue(assertThrows(ReassignmentJson.BadJsonException.class, () -> ReassignmentJson.parseReassignment(
                "{\"version\":2,\"partitions\":[]}")).getMessage().contains("Not supported version field value 2"));
        assertTrue(assertThrows(ReassignmentJson.BadJsonException.class, () -> ReassignmentJson.parseReassignment(
                "{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[1,2],\"log_dirs\":[\"any\"]}]}"))
                .getMessage().startsWith("Size of replicas list [1, 2] is different from size of log dirs list [any]"));
    }

    @Test
    void throttlesNameTheSourcesAsLeadersAndTheNewReplicasAsFollowers() {
        TopicPartition t0 = new TopicPartition("t", 0);
        TopicPartition t1 = new TopicPartition("t", 1);
        Map<String, Map<Integer, ReassignmentThrottles.Move>> moves = ReassignmentThrottles.moves(
                Map.of(t1, new PartitionReassignment(List.of(3, 0, 1), List.of(3), List.of(0))),
                Map.of(t0, List.of(1, 2)), Map.of(t0, List.of(0, 1)));
        assertEquals(Map.of("t", "0:0,0:1,1:0,1:1"), ReassignmentThrottles.leaderThrottles(moves));
        assertEquals(Map.of("t", "0:2,1:3"), ReassignmentThrottles.followerThrottles(moves));
        assertEquals(Set.of(0, 1, 2, 3), ReassignmentThrottles.brokers(moves));
    }

    @Test
    void listingPrintsKafkasLines() {
        assertEquals("No partition reassignments found.", ReassignPartitionsCommand.listToString(Map.of()));
        assertEquals("Current partition reassignments:\nt-0: replicas: 2,0,1. adding: 2. removing: 0.",
                ReassignPartitionsCommand.listToString(Map.of(new TopicPartition("t", 0),
                        new PartitionReassignment(List.of(2, 0, 1), List.of(2), List.of(0)))));
    }
}
