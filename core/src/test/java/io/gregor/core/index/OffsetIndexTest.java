package io.gregor.core.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {
    @TempDir
    Path dir;

    @Test
    void newIndexIsPreallocatedAndLookupFindsTheLargestEntryAtOrBelowTheTarget() throws IOException {
        Path file = dir.resolve("00000000000000000100.index");
        OffsetIndex index = new OffsetIndex(file, 100, 1000);
        assertEquals(1000 - 1000 % 8, Files.size(file));
        assertEquals(new OffsetPosition(100, 0), index.lookup(150));
        index.append(110, 400);
        index.append(120, 800);
        index.append(135, 1600);
        assertEquals(new OffsetPosition(100, 0), index.lookup(105));
        assertEquals(new OffsetPosition(110, 400), index.lookup(110));
        assertEquals(new OffsetPosition(120, 800), index.lookup(134));
        assertEquals(new OffsetPosition(135, 1600), index.lookup(10_000));
        assertThrows(IllegalArgumentException.class, () -> index.append(135, 2000));
    }

    @Test
    void trimmedIndexReopensWithItsEntriesAndCanBeResized() throws IOException {
        Path file = dir.resolve("00000000000000000000.index");
        OffsetIndex index = new OffsetIndex(file, 0, 4096);
        for (int i = 1; i <= 10; i++) {
            index.append(i * 10L, i * 100);
        }
        index.close();
        assertEquals(80, Files.size(file));
        OffsetIndex reopened = new OffsetIndex(file, 0, 4096);
        reopened.sanityCheck();
        assertEquals(10, reopened.entries());
        assertTrue(reopened.isFull());
        reopened.resize(4096);
        assertFalse(reopened.isFull());
        reopened.append(200, 5000);
        assertEquals(new OffsetPosition(100, 1000), reopened.lookup(199));
    }

    @Test
    void truncateToDropsEntriesAtOrAboveTheOffset() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000000000.index"), 0, 4096);
        index.append(10, 100);
        index.append(20, 200);
        index.append(30, 300);
        index.truncateTo(20);
        assertEquals(1, index.entries());
        index.truncateTo(25);
        assertEquals(1, index.entries());
        index.truncateTo(0);
        assertEquals(0, index.entries());
    }

    @Test
    void fullIndexRefusesAppends() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000000000.index"), 0, 16);
        index.append(1, 10);
        index.append(2, 20);
        assertTrue(index.isFull());
        assertThrows(IllegalStateException.class, () -> index.append(3, 30));
    }

    @Test
    void sanityCheckRejectsSizeNotAMultipleOfEntriesAndDecreasingEntries() throws IOException {
        Path odd = dir.resolve("00000000000000000000.index");
        Files.write(odd, new byte[13]);
        assertThrows(CorruptIndexException.class, () -> new OffsetIndex(odd, 0, 4096));

        Path decreasing = dir.resolve("00000000000000000050.index");
        ByteBuffer entries = ByteBuffer.allocate(16).putInt(5).putInt(100).putInt(3).putInt(200).flip();
        try (FileChannel ch = FileChannel.open(decreasing, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(entries);
        }
        OffsetIndex index = new OffsetIndex(decreasing, 50, 4096);
        assertThrows(CorruptIndexException.class, index::sanityCheck);
    }
}
