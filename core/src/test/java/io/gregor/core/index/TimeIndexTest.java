package io.gregor.core.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {
    @TempDir
    Path dir;

    @Test
    void keepsOnlyIncreasingTimestampsAndLooksUpTheLargestAtOrBelow() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("00000000000000000000.timeindex"), 0, 1200);
        index.maybeAppend(1000, 5, false);
        index.maybeAppend(1000, 8, false); // same timestamp: skipped
        index.maybeAppend(900, 9, false); // earlier timestamp: skipped
        index.maybeAppend(2000, 12, false);
        assertEquals(2, index.entries());
        assertEquals(new TimestampOffset(-1, 0), index.lookup(999));
        assertEquals(new TimestampOffset(1000, 5), index.lookup(1500));
        assertEquals(new TimestampOffset(2000, 12), index.lookup(5000));
        assertThrows(IllegalArgumentException.class, () -> index.maybeAppend(3000, 4, false));
    }

    @Test
    void lastSlotIsReservedForTheFinalEntryOfASegment() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("00000000000000000000.timeindex"), 0, 36);
        index.maybeAppend(1, 1, false);
        index.maybeAppend(2, 2, false);
        assertTrue(index.isFull());
        assertThrows(IllegalStateException.class, () -> index.maybeAppend(3, 3, false));
        index.maybeAppend(3, 3, true);
        assertEquals(3, index.entries());
        index.close();
        assertEquals(36, Files.size(index.file()));
    }

    @Test
    void truncateAndSanityCheck() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("00000000000000000010.timeindex"), 10, 1200);
        index.maybeAppend(100, 12, false);
        index.maybeAppend(200, 15, false);
        index.maybeAppend(300, 20, false);
        index.sanityCheck();
        index.truncateTo(15);
        assertEquals(1, index.entries());
        assertEquals(new TimestampOffset(100, 12), index.lastEntry());
    }
}
