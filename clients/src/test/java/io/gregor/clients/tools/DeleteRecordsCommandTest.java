package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.TopicPartition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gregor-delete-records.sh without a cluster: Kafka's offset JSON and the argument rules. */
class DeleteRecordsCommandTest {
    @TempDir
    Path dir;

    @Test
    void readsKafkasOffsetJsonWithTheVersionOptional() {
        assertEquals(Map.of(new TopicPartition("foo", 1), 10L, new TopicPartition("bar", 0), -1L),
                DeleteRecordsCommand.parseOffsets("{\"partitions\": [{\"topic\": \"foo\", \"partition\": 1, \"offset\": 10},"
                        + " {\"topic\": \"bar\", \"partition\": 0, \"offset\": -1}], \"version\": 1}"));
        assertEquals(Map.of(new TopicPartition("foo", 0), 3L),
                DeleteRecordsCommand.parseOffsets("{\"partitions\": [{\"topic\": \"foo\", \"partition\": 0, \"offset\": 3}]}"));
    }

    @Test
    void refusesDuplicatesOtherVersionsAndMissingFieldsAsKafkaDoes() {
        assertEquals("Offset json file contains duplicate topic partitions: foo-1", assertThrows(
                IllegalArgumentException.class, () -> DeleteRecordsCommand.parseOffsets("{\"partitions\": ["
                        + "{\"topic\": \"foo\", \"partition\": 1, \"offset\": 1}, {\"topic\": \"foo\", \"partition\": 1,"
                        + " \"offset\": 2}], \"version\": 1}")).getMessage());
        assertEquals("Not supported version field value 2", assertThrows(IllegalArgumentException.class,
                () -> DeleteRecordsCommand.parseOffsets("{\"partitions\": [], \"version\": 2}")).getMessage());
        assertEquals("Missing partitions field", assertThrows(IllegalArgumentException.class,
                () -> DeleteRecordsCommand.parseOffsets("{\"version\": 1}")).getMessage());
        assertEquals("The input string is not a valid JSON", assertThrows(IllegalArgumentException.class,
                () -> DeleteRecordsCommand.parseOffsets("{partitions")).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DeleteRecordsCommand.parseOffsets("{\"partitions\": [{\"topic\": \"foo\", \"offset\": 1}]}"));
    }

    @Test
    void aMissingOptionOrFilePrintsUsageOrTheErrorAndExitsOne() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(1, DeleteRecordsCommand.run(new String[] {"--bootstrap-server", "h:1"}, out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--offset-json-file"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, DeleteRecordsCommand.run(new String[] {"--bootstrap-server", "h:1", "--offset-json-file",
                dir.resolve("absent.json").toString()}, out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Cannot read --offset-json-file"));
        err.reset();
        Path twice = Files.writeString(dir.resolve("twice.json"), "{\"partitions\": [{\"topic\": \"t\", \"partition\": 0,"
                + " \"offset\": 1}, {\"topic\": \"t\", \"partition\": 0, \"offset\": 1}]}");
        assertEquals(1, DeleteRecordsCommand.run(new String[] {"--bootstrap-server", "h:1", "--offset-json-file",
                twice.toString()}, out, errStream));
        assertEquals("Error: Offset json file contains duplicate topic partitions: t-0",
                err.toString(StandardCharsets.UTF_8).trim());
    }
}
