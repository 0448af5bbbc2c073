package io.gregor.faults.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaComparisonTest {

    @TempDir
    Path work;

    private void segment(String broker, int partition, String name, String content) throws Exception {
        Path dir = Files.createDirectories(work.resolve(broker).resolve("data").resolve("faults-" + partition));
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void replicasWithTheSameSegmentsAreIdenticalAndADifferentByteIsNamed() throws Exception {
        for (String broker : List.of("b1", "b2", "b3")) {
            segment(broker, 0, "00000000000000000000.log", "first segment ");
            segment(broker, 0, "00000000000000000042.log", "second segment");
            segment(broker, 0, "00000000000000000000.index", "index: not compared " + broker);
            segment(broker, 1, "00000000000000000000.log", broker.equals("b3") ? "diverged" : "agreed!!");
        }
        // partition 2 has no log anywhere: identical (nothing)
        ReplicaComparison.Result result = ReplicaComparison.compare(work, List.of(1, 2, 3), "faults", 3, Duration.ZERO);
        assertEquals(3, result.partitions());
        assertEquals(2, result.identical());
        assertEquals(1, result.differences().size());
        assertTrue(result.differences().get(0).startsWith("faults-1: "), result.differences().toString());
    }

    @Test
    void theDigestCoversTheSegmentsInOffsetOrderAndTheirSize() throws Exception {
        segment("b1", 0, "00000000000000000000.log", "ab");
        segment("b1", 0, "00000000000000000002.log", "cd");
        segment("b2", 0, "00000000000000000000.log", "a");
        segment("b2", 0, "00000000000000000001.log", "bcd");
        segment("b3", 0, "00000000000000000000.log", "cd");
        segment("b3", 0, "00000000000000000002.log", "ab");
        String b1 = ReplicaComparison.digest(work.resolve("b1/data/faults-0"));
        assertTrue(b1.endsWith(" 4"), b1);
        assertEquals(b1, ReplicaComparison.digest(work.resolve("b2/data/faults-0")), "the same bytes, split differently");
        assertNotEquals(b1, ReplicaComparison.digest(work.resolve("b3/data/faults-0")), "the same segments, other order");
        assertEquals("none 0", ReplicaComparison.digest(work.resolve("b1/data/faults-9")));
    }
}
