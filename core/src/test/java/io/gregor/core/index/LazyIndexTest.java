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

class LazyIndexTest {
    @TempDir
    Path dir;

    @Test
    void aNewIndexIsPreallocatedOnDiskButNotMappedUntilAnEntryIsAppended() throws IOException {
        Path file = dir.resolve("00000000000000000000.index");
        LazyIndex<OffsetIndex> index = LazyIndex.forOffset(file, 0, 1000);
        assertEquals(1000 - 1000 % 8, Files.size(file), "preallocated as Kafka lays a new segment out");
        assertEquals(0, index.entries());
        assertFalse(index.isFull());
        index.resize(4096);
        index.truncateTo(0);
        index.reset();
        index.flush();
        assertFalse(index.isLoaded(), "nothing so far needed the entries");

        index.get().append(5, 100);
        assertTrue(index.isLoaded());
        assertEquals(4096, Files.size(file), "loaded at the size it was given while unloaded");
        assertEquals(new OffsetPosition(5, 100), index.get().lookup(7));
    }

    @Test
    void anEmptyUnloadedIndexIsTrimmedToNothingWithoutBeingMapped() throws IOException {
        Path file = dir.resolve("00000000000000000000.timeindex");
        LazyIndex<TimeIndex> index = LazyIndex.forTime(file, 0, 1200);
        index.close();
        assertFalse(index.isLoaded());
        assertEquals(0, Files.size(file));
        assertTrue(index.isFull(), "trimmed: no room until resized");

        LazyIndex<TimeIndex> reopened = LazyIndex.forTime(file, 0, 1200);
        reopened.resize(1200);
        reopened.get().maybeAppend(10L, 3, false);
        assertEquals(new TimestampOffset(10L, 3), reopened.get().lastEntry());
    }

    @Test
    void aTrimmedIndexCountsItsEntriesWithoutLoadingAndFindsThemWhenLoaded() throws IOException {
        Path file = dir.resolve("00000000000000000100.index");
        OffsetIndex written = new OffsetIndex(file, 100, 4096);
        written.append(110, 400);
        written.append(120, 800);
        written.trimToValidSize();

        LazyIndex<OffsetIndex> index = LazyIndex.forOffset(file, 100, 4096);
        assertEquals(2, index.entries());
        index.trimToValidSize();
        assertFalse(index.isLoaded(), "already trimmed");
        assertEquals(new OffsetPosition(120, 800), index.get().lookup(130));
    }

    @Test
    void renameAndDeleteOfAnIndexThatWasNeverLoadedMoveAndRemoveTheFile() throws IOException {
        Path file = dir.resolve("00000000000000000000.index");
        LazyIndex<OffsetIndex> index = LazyIndex.forOffset(file, 0, 4096);
        Path deleted = Path.of(file + ".deleted");
        index.renameTo(deleted);
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(deleted));
        assertEquals(deleted, index.file());
        index.deleteIfExists();
        assertFalse(Files.exists(deleted));
        assertFalse(index.isLoaded());
    }

    @Test
    void anIndexLoadedAfterARenameUsesTheNewName() throws IOException {
        Path file = dir.resolve("00000000000000000000.index");
        OffsetIndex written = new OffsetIndex(file, 0, 4096);
        written.append(3, 50);
        written.trimToValidSize();
        LazyIndex<OffsetIndex> index = LazyIndex.forOffset(file, 0, 4096);
        Path renamed = dir.resolve("00000000000000000000.index.swap");
        index.renameTo(renamed);
        assertEquals(new OffsetPosition(3, 50), index.get().lastEntry());
        assertEquals(renamed, index.get().file());
    }

    @Test
    void anIndexFailingItsSanityCheckWhenLoadedIsEmptiedAndReportsIt() throws IOException {
        Path file = dir.resolve("00000000000000000000.index");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(16).putInt(0, 9).putInt(4, 100).putInt(8, 4).putInt(12, 200), 0);
        }
        LazyIndex<OffsetIndex> index = LazyIndex.forOffset(file, 0, 4096);
        assertEquals(2, index.entries(), "counted from the size before it is checked");
        assertEquals(new OffsetPosition(0, 0), index.get().lookup(10), "emptied: scan from the segment start");
        assertEquals(0, index.entries());
        assertThrows(CorruptIndexException.class, index::sanityCheck);
    }

    @Test
    void anIndexOfImpossibleSizeIsRefusedWhenOpened() throws IOException {
        Path file = dir.resolve("00000000000000000000.timeindex");
        Files.write(file, new byte[13]);
        assertThrows(CorruptIndexException.class, () -> LazyIndex.forTime(file, 0, 4096));
    }
}
