package io.gregor.replication.producer;

import io.gregor.clients.record.RecordBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gregor.replication.producer.ProducerSnapshotFile.CorruptSnapshotException;
import io.gregor.replication.producer.ProducerSnapshotFile.Entry;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.storage.internals.log.BatchMetadata;
import org.apache.kafka.storage.internals.log.ProducerStateEntry;
import org.apache.kafka.storage.internals.log.ProducerStateManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .snapshot} file format, cross-checked with Kafka 3.9's own reader and writer
 * ({@code org.apache.kafka.storage.internals.log.ProducerStateManager}).
 */
class ProducerSnapshotFileTest {
    @TempDir
    Path dir;

    private static final List<Entry> ENTRIES = List.of(
            new Entry(7L, (short) 0, 4, 104L, 4, 1_700_000_000_000L, -1, -1L),
            new Entry(7L, (short) 0, 9, 120L, 4, 1_700_000_000_500L, -1, -1L),
            new Entry(42L, (short) 3, 1, 130L, 1, 1_700_000_001_000L, -1, -1L),
            new Entry(99L, (short) 1, 2, 140L, 5, 1_700_000_002_000L, -1, -1L)); // sequence wrapped past Integer.MAX_VALUE

    @Test
    void kafkaReadsTheSnapshotGregorWritesKeepingEachProducersLastEntry() throws IOException {
        Path file = ProducerSnapshotFile.path(dir, 141L);
        ProducerSnapshotFile.write(file, ENTRIES, true);

        List<ProducerStateEntry> read = ProducerStateManager.readSnapshot(file.toFile());

        assertEquals(ENTRIES.size(), read.size());
        for (int i = 0; i < ENTRIES.size(); i++) {
            Entry expected = ENTRIES.get(i);
            ProducerStateEntry kafka = read.get(i);
            assertEquals(expected.producerId(), kafka.producerId());
            assertEquals(expected.producerEpoch(), kafka.producerEpoch());
            assertEquals(expected.lastSequence(), kafka.lastSeq());
            assertEquals(expected.lastOffset(), kafka.lastDataOffset());
            assertEquals(expected.offsetDelta(), kafka.lastOffsetDelta());
            assertEquals(expected.timestamp(), kafka.lastTimestamp());
            assertEquals(expected.coordinatorEpoch(), kafka.coordinatorEpoch());
            assertEquals(OptionalLong.empty(), kafka.currentTxnFirstOffset());
        }
    }

    @Test
    void kafkaReadsTheOpenTransactionAndCoordinatorEpochGregorSnapshots() throws IOException {
        List<Entry> entries = List.of(
                new Entry(5L, (short) 2, 3, 210L, 1, 1_700_000_003_000L, 7, 200L),
                new Entry(6L, (short) 4, RecordBatch.NO_SEQUENCE, -1L, 0, 1_700_000_004_000L, 9, -1L));
        Path file = ProducerSnapshotFile.path(dir, 211L);
        ProducerSnapshotFile.write(file, entries, true);

        List<ProducerStateEntry> read = ProducerStateManager.readSnapshot(file.toFile());

        assertEquals(OptionalLong.of(200L), read.get(0).currentTxnFirstOffset());
        assertEquals(7, read.get(0).coordinatorEpoch());
        assertEquals(OptionalLong.empty(), read.get(1).currentTxnFirstOffset());
        assertEquals(9, read.get(1).coordinatorEpoch());
        assertEquals(4, read.get(1).producerEpoch());
        assertEquals(entries, ProducerSnapshotFile.read(file));
    }

    @Test
    void gregorWritesTheSameBytesAsKafkaAndReadsKafkasFile() throws IOException {
        Map<Long, ProducerStateEntry> kafkaState = new LinkedHashMap<>();
        List<Entry> oneEntryPerProducer = List.of(ENTRIES.get(1), ENTRIES.get(2), ENTRIES.get(3));
        for (Entry e : oneEntryPerProducer) {
            kafkaState.put(e.producerId(), new ProducerStateEntry(e.producerId(), e.producerEpoch(), e.coordinatorEpoch(),
                    e.timestamp(), OptionalLong.empty(),
                    Optional.of(new BatchMetadata(e.lastSequence(), e.lastOffset(), e.offsetDelta(), e.timestamp()))));
        }
        Path kafkaFile = dir.resolve("kafka.snapshot");
        ProducerStateManager.writeSnapshot(kafkaFile.toFile(), kafkaState, true);
        Path gregorFile = ProducerSnapshotFile.path(dir, 141L);
        ProducerSnapshotFile.write(gregorFile, oneEntryPerProducer, false);

        assertArrayEquals(Files.readAllBytes(kafkaFile), Files.readAllBytes(gregorFile));
        assertEquals(oneEntryPerProducer, ProducerSnapshotFile.read(kafkaFile));
    }

    @Test
    void layoutOffsetsFollowTheTableAndKafkasConstants() throws Exception {
        assertEquals(kafkaConstant("CRC_OFFSET"), ProducerSnapshotFile.CRC_OFFSET);
        assertEquals(kafkaConstant("PRODUCER_ENTRIES_OFFSET"), ProducerSnapshotFile.ENTRY_COUNT_OFFSET);
        assertEquals(10, ProducerSnapshotFile.ENTRIES_OFFSET);
        assertEquals(8 + 2 + 4 + 8 + 4 + 8 + 4 + 8, ProducerSnapshotFile.ENTRY_SIZE);
        assertEquals(ProducerSnapshotFile.ENTRIES_OFFSET + 3 * ProducerSnapshotFile.ENTRY_SIZE,
                writeAndRead(List.of(ENTRIES.get(0), ENTRIES.get(1), ENTRIES.get(2))).length);
    }

    @Test
    void theFileIsNamedByItsOffsetIn20DigitsAndNoTemporaryFileRemains() throws IOException {
        Path file = ProducerSnapshotFile.path(dir, 1234L);
        assertEquals("00000000000000001234.snapshot", file.getFileName().toString());
        ProducerSnapshotFile.write(file, ENTRIES, false);
        Files.writeString(dir.resolve("00000000000000001234.log"), "");
        Files.writeString(dir.resolve("leader-epoch-checkpoint"), "");
        assertEquals(Map.of(1234L, file), ProducerSnapshotFile.list(dir));
        assertFalse(Files.exists(dir.resolve("00000000000000001234.snapshot.tmp")));
    }

    @Test
    void aFlippedByteFailsTheCrc() throws IOException {
        byte[] bytes = writeAndRead(ENTRIES);
        bytes[ProducerSnapshotFile.ENTRIES_OFFSET + ProducerSnapshotFile.TIMESTAMP_OFFSET] ^= 1;
        assertCorrupt(bytes, "CRC");
    }

    @Test
    void anUnknownVersionATruncatedFileAndAnEmptyFileAreCorrupt() throws IOException {
        byte[] bytes = writeAndRead(ENTRIES);
        byte[] version2 = bytes.clone();
        ByteBuffer.wrap(version2).putShort(ProducerSnapshotFile.VERSION_OFFSET, (short) 2);
        assertCorrupt(version2, "version 2");
        assertCorrupt(java.util.Arrays.copyOf(bytes, bytes.length - 1), "declares 4 entries");
        assertCorrupt(new byte[0], "fewer than the 10-byte header");
        byte[] negativeCount = bytes.clone();
        ByteBuffer.wrap(negativeCount).putInt(ProducerSnapshotFile.ENTRY_COUNT_OFFSET, -1);
        assertCorrupt(negativeCount, "declares -1 entries");
    }

    private byte[] writeAndRead(List<Entry> entries) throws IOException {
        Path file = ProducerSnapshotFile.path(dir, 500L);
        ProducerSnapshotFile.write(file, entries, false);
        assertEquals(entries, ProducerSnapshotFile.read(file));
        return Files.readAllBytes(file);
    }

    private void assertCorrupt(byte[] bytes, String reason) throws IOException {
        Path file = ProducerSnapshotFile.path(dir, 600L);
        Files.write(file, bytes);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> ProducerSnapshotFile.read(file));
        assertEquals(true, e.getMessage().contains(reason), e.getMessage());
    }

    private static int kafkaConstant(String name) throws Exception {
        Field f = ProducerStateManager.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.getInt(null);
    }
}
