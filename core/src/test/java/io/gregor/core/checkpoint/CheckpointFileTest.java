package io.gregor.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.epoch.EpochEntry;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointFileTest {
    @TempDir
    Path dir;

    @Test
    void offsetCheckpointRoundTripsInKafkasTextLayout() throws IOException {
        OffsetCheckpointFile file = new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT));
        Map<TopicPartition, Long> offsets = Map.of(new TopicPartition("orders", 1), 42L,
                new TopicPartition("my-topic", 0), 7L, new TopicPartition("orders", 0), 0L);
        file.write(offsets);
        assertEquals("0\n3\nmy-topic 0 7\norders 0 0\norders 1 42\n", Files.readString(file.file()));
        assertEquals(offsets, file.read());
        assertFalse(Files.exists(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT + ".tmp")));
    }

    @Test
    void missingCheckpointReadsAsEmpty() throws IOException {
        assertEquals(Map.of(), new OffsetCheckpointFile(dir.resolve("absent")).read());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0\n", "1\n0\n", "0\n2\norders 0 5\n", "0\n1\norders 0\n", "0\n1\norders x 5\n",
            "x\n0\n", "0\n1\norders 0 5 9\n", "0\n2\norders 0 5\norders 0 6\n"})
    void malformedOffsetCheckpointIsRejectedNamingTheFile(String content) throws IOException {
        Path path = dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET);
        Files.writeString(path, content);
        MalformedCheckpointException e = assertThrows(MalformedCheckpointException.class,
                () -> new OffsetCheckpointFile(path).read());
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    }

    @Test
    void leaderEpochCheckpointRoundTrips() throws IOException {
        LeaderEpochCheckpointFile file = new LeaderEpochCheckpointFile(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME));
        List<EpochEntry> entries = List.of(new EpochEntry(0, 0), new EpochEntry(3, 120));
        file.write(entries);
        assertEquals("0\n2\n0 0\n3 120\n", Files.readString(file.file()));
        assertEquals(entries, file.read());
    }

    @Test
    void metaPropertiesAreWrittenAsKafkaZooKeeperModeDoesAndChecked() throws IOException {
        new MetaProperties(3, "abcDEF123").write(dir);
        String text = Files.readString(dir.resolve(MetaProperties.FILE_NAME));
        assertTrue(text.contains("version=0\n") && text.contains("broker.id=3\n") && text.contains("cluster.id=abcDEF123\n"),
                text);
        MetaProperties read = MetaProperties.read(dir).orElseThrow();
        assertEquals(new MetaProperties(3, "abcDEF123"), read);
        read.checkMatches(dir, 3, "abcDEF123");
        IllegalStateException wrongBroker = assertThrows(IllegalStateException.class,
                () -> read.checkMatches(dir, 4, "abcDEF123"));
        assertTrue(wrongBroker.getMessage().contains(dir.resolve(MetaProperties.FILE_NAME).toString()));
        IllegalStateException wrongCluster = assertThrows(IllegalStateException.class,
                () -> read.checkMatches(dir, 3, "other"));
        assertTrue(wrongCluster.getMessage().contains("cluster.id"));
        assertEquals(Optional.empty(), MetaProperties.read(dir.resolve("nowhere")));
    }

    @Test
    void metaPropertiesWithUnknownVersionAreRejected() throws IOException {
        Files.writeString(dir.resolve(MetaProperties.FILE_NAME), "version=1\nbroker.id=1\n");
        assertThrows(MalformedCheckpointException.class, () -> MetaProperties.read(dir));
    }
}
