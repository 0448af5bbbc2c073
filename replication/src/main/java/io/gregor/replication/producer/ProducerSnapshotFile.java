package io.gregor.replication.producer;

import io.gregor.core.log.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A producer-state snapshot: the file {@code <offset, 20 digits>.snapshot} in a partition directory,
 * holding the state of every producer after all batches below that offset, in Kafka's format
 * (version 1), so Kafka's broker and tools read Gregor's files and Gregor reads Kafka's.
 *
 * <h2>Layout (big-endian)</h2>
 * Each offset is the previous offset plus the previous length; the constants are derived the same way.
 * <pre>
 * field                   type     offset  length
 * version                 INT16         0       2   1
 * crc                     UINT32        2       4   CRC32C of every byte after this field
 * entryCount              INT32         6       4   entries that follow, not negative
 * entries                              10       *   entryCount times ENTRY_SIZE (46) bytes:
 *   producerId            INT64         0       8
 *   producerEpoch         INT16         8       2
 *   lastSequence          INT32        10       4   sequence of the batch's last record
 *   lastOffset            INT64        14       8   offset of the batch's last record
 *   offsetDelta           INT32        22       4   lastOffset - the batch's first offset
 *   timestamp             INT64        26       8   the batch's max timestamp
 *   coordinatorEpoch      INT32        34       4   of the producer's last marker, -1 if none seen
 *   currentTxnFirstOffset INT64        38       8   first offset of its open transaction, -1 if none
 * </pre>
 * Kafka writes one entry per producer, for its last batch. Gregor writes one entry per batch it
 * keeps for duplicate detection (up to {@link ProducerStateManager#BATCHES_RETAINED} per producer,
 * oldest first), so that a retry of any of them is still recognised after a restart; Kafka's reader
 * keeps the last entry of each producer id, the one Kafka would have written itself. A producer known
 * without a batch (its epoch was bumped by a marker) is one entry with last offset and last sequence
 * -1, as in Kafka. Every entry of a producer carries its coordinator epoch and open transaction.
 *
 * <p>A file is written under a temporary name ({@code .snapshot.tmp}, which the log loader deletes
 * as a leftover) and renamed into place, so a crash never leaves a half-written snapshot under the
 * real name; a file that is damaged anyway fails the CRC and {@link #read} says so.
 */
final class ProducerSnapshotFile {
    static final String SUFFIX = ".snapshot";
    static final short VERSION = 1;

    static final int VERSION_OFFSET = 0;
    static final int VERSION_LENGTH = 2;
    static final int CRC_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    static final int CRC_LENGTH = 4;
    static final int ENTRY_COUNT_OFFSET = CRC_OFFSET + CRC_LENGTH;
    static final int ENTRY_COUNT_LENGTH = 4;
    static final int ENTRIES_OFFSET = ENTRY_COUNT_OFFSET + ENTRY_COUNT_LENGTH;

    static final int PRODUCER_ID_OFFSET = 0;
    static final int PRODUCER_ID_LENGTH = 8;
    static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + PRODUCER_ID_LENGTH;
    static final int PRODUCER_EPOCH_LENGTH = 2;
    static final int LAST_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + PRODUCER_EPOCH_LENGTH;
    static final int LAST_SEQUENCE_LENGTH = 4;
    static final int LAST_OFFSET_OFFSET = LAST_SEQUENCE_OFFSET + LAST_SEQUENCE_LENGTH;
    static final int LAST_OFFSET_LENGTH = 8;
    static final int OFFSET_DELTA_OFFSET = LAST_OFFSET_OFFSET + LAST_OFFSET_LENGTH;
    static final int OFFSET_DELTA_LENGTH = 4;
    static final int TIMESTAMP_OFFSET = OFFSET_DELTA_OFFSET + OFFSET_DELTA_LENGTH;
    static final int TIMESTAMP_LENGTH = 8;
    static final int COORDINATOR_EPOCH_OFFSET = TIMESTAMP_OFFSET + TIMESTAMP_LENGTH;
    static final int COORDINATOR_EPOCH_LENGTH = 4;
    static final int CURRENT_TXN_FIRST_OFFSET_OFFSET = COORDINATOR_EPOCH_OFFSET + COORDINATOR_EPOCH_LENGTH;
    static final int CURRENT_TXN_FIRST_OFFSET_LENGTH = 8;
    static final int ENTRY_SIZE = CURRENT_TXN_FIRST_OFFSET_OFFSET + CURRENT_TXN_FIRST_OFFSET_LENGTH;

    /** One entry: a producer and one batch of it. */
    record Entry(long producerId, short producerEpoch, int lastSequence, long lastOffset, int offsetDelta,
                 long timestamp, int coordinatorEpoch, long currentTxnFirstOffset) {
    }

    /** A file that is not a valid snapshot: wrong version, wrong size, or a CRC that does not match. */
    static final class CorruptSnapshotException extends IOException {
        CorruptSnapshotException(String message) {
            super(message);
        }
    }

    private ProducerSnapshotFile() {
    }

    static Path path(Path dir, long offset) {
        return dir.resolve(LogSegment.filenamePrefix(offset) + SUFFIX);
    }

    /** The snapshot files in {@code dir} by offset (names that are not {@code <20 digits>.snapshot} are left out). */
    static NavigableMap<Long, Path> list(Path dir) throws IOException {
        NavigableMap<Long, Path> snapshots = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()
                        && name.chars().limit(20).allMatch(Character::isDigit)) {
                    snapshots.put(Long.parseLong(name.substring(0, 20)), file);
                }
            }
        }
        return snapshots;
    }

    /** Writes {@code entries} to {@code file} (replacing it), forcing it to disk first when {@code sync}. */
    static void write(Path file, List<Entry> entries, boolean sync) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(ENTRIES_OFFSET + entries.size() * ENTRY_SIZE);
        buf.putShort(VERSION_OFFSET, VERSION);
        buf.putInt(ENTRY_COUNT_OFFSET, entries.size());
        int at = ENTRIES_OFFSET;
        for (Entry e : entries) {
            buf.putLong(at + PRODUCER_ID_OFFSET, e.producerId());
            buf.putShort(at + PRODUCER_EPOCH_OFFSET, e.producerEpoch());
            buf.putInt(at + LAST_SEQUENCE_OFFSET, e.lastSequence());
            buf.putLong(at + LAST_OFFSET_OFFSET, e.lastOffset());
            buf.putInt(at + OFFSET_DELTA_OFFSET, e.offsetDelta());
            buf.putLong(at + TIMESTAMP_OFFSET, e.timestamp());
            buf.putInt(at + COORDINATOR_EPOCH_OFFSET, e.coordinatorEpoch());
            buf.putLong(at + CURRENT_TXN_FIRST_OFFSET_OFFSET, e.currentTxnFirstOffset());
            at += ENTRY_SIZE;
        }
        buf.putInt(CRC_OFFSET, (int) crc(buf));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (sync) {
                channel.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a snapshot; {@link CorruptSnapshotException} when the file is not a whole, valid one. */
    static List<Entry> read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.limit() < ENTRIES_OFFSET) {
            throw new CorruptSnapshotException(file + " has " + buf.limit() + " bytes, fewer than the "
                    + ENTRIES_OFFSET + "-byte header");
        }
        short version = buf.getShort(VERSION_OFFSET);
        if (version != VERSION) {
            throw new CorruptSnapshotException(file + " has version " + version + ", not " + VERSION);
        }
        long count = buf.getInt(ENTRY_COUNT_OFFSET);
        if (count < 0 || ENTRIES_OFFSET + count * ENTRY_SIZE != buf.limit()) {
            throw new CorruptSnapshotException(file + " declares " + count + " entries but has " + buf.limit() + " bytes");
        }
        long stored = Integer.toUnsignedLong(buf.getInt(CRC_OFFSET));
        long computed = crc(buf);
        if (stored != computed) {
            throw new CorruptSnapshotException(file + " has CRC " + stored + " but its content computes to " + computed);
        }
        List<Entry> entries = new ArrayList<>((int) count);
        for (int at = ENTRIES_OFFSET; at < buf.limit(); at += ENTRY_SIZE) {
            entries.add(new Entry(buf.getLong(at + PRODUCER_ID_OFFSET), buf.getShort(at + PRODUCER_EPOCH_OFFSET),
                    buf.getInt(at + LAST_SEQUENCE_OFFSET), buf.getLong(at + LAST_OFFSET_OFFSET),
                    buf.getInt(at + OFFSET_DELTA_OFFSET), buf.getLong(at + TIMESTAMP_OFFSET),
                    buf.getInt(at + COORDINATOR_EPOCH_OFFSET), buf.getLong(at + CURRENT_TXN_FIRST_OFFSET_OFFSET)));
        }
        return entries;
    }

    private static long crc(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(ENTRY_COUNT_OFFSET).limit(buf.limit()));
        return crc.getValue();
    }
}
