package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.ConsumerGroupDescription;
import io.gregor.clients.admin.ConsumerGroupListing;
import io.gregor.clients.admin.MemberDescription;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.tools.ConsumerGroupsOutput.OffsetRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gregor-consumer-groups.sh without a cluster: argument rules and the layout of its tables. */
class ConsumerGroupsCommandTest {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConsumerGroupsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero() {
        Outcome o = run("--help");
        assertEquals(0, o.code);
        assertTrue(o.out.contains("--reset-offsets") && o.out.contains("--bootstrap-server"), o.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--list",
            "--bootstrap-server h:1",
            "--bootstrap-server h:1 --list --describe",
            "--bootstrap-server h:1 --describe",
            "--bootstrap-server h:1 --describe --group g --all-groups",
            "--bootstrap-server h:1 --describe --group g --members --state",
            "--bootstrap-server h:1 --describe --group g --state Stable",
            "--bootstrap-server h:1 --describe --group g --verbose",
            "--bootstrap-server h:1 --describe --group g --to-earliest",
            "--bootstrap-server h:1 --list --group g",
            "--bootstrap-server h:1 --list --state Sleepy",
            "--bootstrap-server h:1 --delete",
            "--bootstrap-server h:1 --delete --group g --topic t",
            "--bootstrap-server h:1 --delete-offsets --group g",
            "--bootstrap-server h:1 --delete-offsets --topic t",
            "--bootstrap-server h:1 --delete-offsets --all-groups --topic t",
            "--bootstrap-server h:1 --delete-offsets --group g --group h --topic t",
            "--bootstrap-server h:1 --delete-offsets --group g --topic t --execute",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t",
            "--bootstrap-server h:1 --reset-offsets --group g --to-earliest",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t --all-topics --to-earliest",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t --to-earliest --to-latest",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t --to-offset ten",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t --shift-by",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t --to-earliest --dry-run --execute",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t: --to-earliest",
            "--bootstrap-server h:1 --reset-offsets --group g --topic t:0,x --to-earliest",
            "--bootstrap-server h:1 --list --timeout 0",
            "--bootstrap-server h:1 --list --nonsense",
            "stray --list"})
    void badArgumentsPrintUsageToStderrAndExitOne(String args) {
        Outcome o = run(args.split(" "));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("Option                                   Description"), "usage follows the message: " + o.err);
        assertEquals("", o.out);
    }

    @Test
    void topicArgumentsNameWholeTopicsOrSomeOfTheirPartitions() throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        ConsumerGroupsCommand.parseTopics(List.of("a", "b:0,2", "c:1"), partitions, topics);
        assertEquals(List.of("a"), topics);
        assertEquals(List.of(new TopicPartition("b", 0), new TopicPartition("b", 2), new TopicPartition("c", 1)), partitions);
    }

    @Test
    void statesAreMatchedCaseInsensitively() throws Exception {
        assertEquals(java.util.Set.of("stable", "empty"), ConsumerGroupsCommand.parseStates("stable,EMPTY"));
        assertThrows(CommandLine.UsageException.class, () -> ConsumerGroupsCommand.parseStates("Stable,Asleep"));
    }

    @Test
    void describeTableHasKafkasColumnsAndDashesForTheUnknown() {
        List<OffsetRow> rows = List.of(
                OffsetRow.of("g", new TopicPartition("orders", 0), 4L, 10L, "consumer-g-1-abc", "/127.0.0.1", "consumer-g-1"),
                OffsetRow.of("g", new TopicPartition("orders", 1), null, 6L, "consumer-g-1-abc", "/127.0.0.1", "consumer-g-1"),
                OffsetRow.of("g", new TopicPartition("gone", 0), 3L, null, "-", "-", "-"));
        String expected = "\n"
                + "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID      HOST            CLIENT-ID\n"
                + "g               orders          0          4               10              6               consumer-g-1-abc /127.0.0.1      consumer-g-1\n"
                + "g               orders          1          -               6               -               consumer-g-1-abc /127.0.0.1      consumer-g-1\n"
                + "g               gone            0          3               -               -               -                -               -\n";
        assertEquals(expected, ConsumerGroupsOutput.offsets(rows));
    }

    @Test
    void membersTableCountsPartitionsAndListsThemWhenVerbose() {
        MemberDescription m = new MemberDescription("m-1", null, "c1", "/10.0.0.1",
                List.of(new TopicPartition("t", 1), new TopicPartition("t", 0), new TopicPartition("a", 3)));
        String expected = "\n"
                + "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     ASSIGNMENT\n"
                + "g               m-1             /10.0.0.1       c1              3               a(3), t(0,1)\n";
        assertEquals(expected, ConsumerGroupsOutput.members("g", List.of(m), true));
        assertTrue(ConsumerGroupsOutput.members("g", List.of(new MemberDescription("m-2", "static-1", "c", "h", List.of())), false)
                .contains("GROUP-INSTANCE-ID"));
    }

    @Test
    void stateAndListAndResetTablesFollowKafkasLayout() {
        ConsumerGroupDescription d = new ConsumerGroupDescription("g", "Stable", "consumer", "range",
                new Node(0, "127.0.0.1", 9092), List.of(new MemberDescription("m", null, "c", "h", List.of())));
        assertEquals("\nGROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS"
                + "\ng                         127.0.0.1:9092  (0)       range                Stable          1\n",
                ConsumerGroupsOutput.state(d));
        assertEquals("GROUP                     STATE               \ng                         Empty               \n",
                ConsumerGroupsOutput.listWithState(List.of(new ConsumerGroupListing("g", "consumer", "Empty"))));
        Map<String, Map<TopicPartition, Long>> plan = new LinkedHashMap<>();
        plan.put("g", Map.of(new TopicPartition("t", 0), 7L));
        assertEquals("\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     "
                + "\ng                              t                              0          7              \n",
                ConsumerGroupsOutput.resetPlan(plan));
    }
}
