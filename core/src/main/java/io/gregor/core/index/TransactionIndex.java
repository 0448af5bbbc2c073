package io.gregor.core.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aborted-transaction index of one log segment, the file {@code <base offset>.txnindex} beside its
 * {@code .log}, in Kafka's format: one entry per transaction aborted by a marker in this segment, in
 * the order the markers were written (so {@code lastOffset} increases). read_committed fetches ask it
 * which transactions overlapping their range were aborted.
 *
 * <h2>Entry layout (big-endian, no file header)</h2>
 * Each offset is the previous offset plus the previous length; the constants are derived the same way.
 * <pre>
 * field             type    offset  length
 * version           INT16        0       2   0
 * producerId        INT64        2       8
 * firstOffset       INT64       10       8   first offset of the transaction in this partition
 * lastOffset        INT64       18       8   offset of the ABORT marker
 * lastStableOffset  INT64       26       8   the partition's last stable offset after the marker
 * </pre>
 *
 * <p>The file is created on the first append, as Kafka does, so most segments have none. Its
 * entries are also held in memory (aborts are rare and an entry is 34 bytes), so searches read no
 * file. A trailing partial entry (a torn write) is cut off at open; an entry of another version is
 * refused as {@link CorruptIndexException}.
 *
 * <p>Thread safety: mutations are {@code synchronized} and come from the partition's appender;
 * searches read a volatile immutable list without locking.
 */
public final class TransactionIndex implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(TransactionIndex.class);

    public static final short VERSION = 0;
    static final int VERSION_OFFSET = 0;
    static final int VERSION_LENGTH = 2;
    static final int PRODUCER_ID_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    static final int PRODUCER_ID_LENGTH = 8;
    static final int FIRST_OFFSET_OFFSET = PRODUCER_ID_OFFSET + PRODUCER_ID_LENGTH;
    static final int FIRST_OFFSET_LENGTH = 8;
    static final int LAST_OFFSET_OFFSET = FIRST_OFFSET_OFFSET + FIRST_OFFSET_LENGTH;
    static final int LAST_OFFSET_LENGTH = 8;
    static final int LAST_STABLE_OFFSET_OFFSET = LAST_OFFSET_OFFSET + LAST_OFFSET_LENGTH;
    static final int LAST_STABLE_OFFSET_LENGTH = 8;
    public static final int ENTRY_SIZE = LAST_STABLE_OFFSET_OFFSET + LAST_STABLE_OFFSET_LENGTH;

    private final long baseOffset;
    private volatile Path file; // renamed with its segment
    private FileChannel channel; // guarded by this; null until the file exists
    private volatile List<AbortedTxn> entries; // immutable; replaced under this

    /** Opens the index of the segment at {@code baseOffset}; the file is read if it exists, else created on first append. */
    public TransactionIndex(long baseOffset, Path file) throws IOException {
        this.baseOffset = baseOffset;
        this.file = file;
        this.entries = Files.exists(file) ? readEntries() : List.of();
    }

    private List<AbortedTxn> readEntries() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        if (size % ENTRY_SIZE != 0) {
            log.warn("Cutting the partial last entry off {} ({} bytes, entries of {})", file, size, ENTRY_SIZE);
            size -= size % ENTRY_SIZE;
            channel.truncate(size);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {
            // positional reads until full
        }
        List<AbortedTxn> read = new ArrayList<>((int) (size / ENTRY_SIZE));
        for (int at = 0; at < size; at += ENTRY_SIZE) {
            short version = buf.getShort(at + VERSION_OFFSET);
            if (version != VERSION) {
                channel.close();
                channel = null;
                throw new CorruptIndexException("entry at byte " + at + " of " + file + " has version " + version
                        + ", not " + VERSION);
            }
            read.add(new AbortedTxn(buf.getLong(at + PRODUCER_ID_OFFSET), buf.getLong(at + FIRST_OFFSET_OFFSET),
                    buf.getLong(at + LAST_OFFSET_OFFSET), buf.getLong(at + LAST_STABLE_OFFSET_OFFSET)));
        }
        return List.copyOf(read);
    }

    /** The 34 bytes of one entry. */
    static ByteBuffer encode(AbortedTxn txn) {
        ByteBuffer buf = ByteBuffer.allocate(ENTRY_SIZE);
        buf.putShort(VERSION_OFFSET, VERSION)
                .putLong(PRODUCER_ID_OFFSET, txn.producerId())
                .putLong(FIRST_OFFSET_OFFSET, txn.firstOffset())
                .putLong(LAST_OFFSET_OFFSET, txn.lastOffset())
                .putLong(LAST_STABLE_OFFSET_OFFSET, txn.lastStableOffset());
        return buf;
    }

    /**
     * Appends an aborted transaction, creating the file if needed. Its marker must come after the
     * last entry's ({@link IllegalArgumentException} otherwise).
     */
    public synchronized void append(AbortedTxn txn) throws IOException {
        List<AbortedTxn> current = entries;
        if (!current.isEmpty() && txn.lastOffset() <= current.get(current.size() - 1).lastOffset()) {
            throw new IllegalArgumentException("aborted transaction " + txn + " does not come after the last entry "
                    + current.get(current.size() - 1) + " of " + file);
        }
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        ByteBuffer buf = encode(txn);
        long position = channel.size();
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
        List<AbortedTxn> next = new ArrayList<>(current);
        next.add(txn);
        entries = List.copyOf(next);
    }

    /** The offset of the last entry's marker, or -1 when the index is empty. */
    public long lastMarkerOffset() {
        List<AbortedTxn> current = entries;
        return current.isEmpty() ? -1L : current.get(current.size() - 1).lastOffset();
    }

    /**
     * The aborted transactions that overlap [{@code fetchOffset}, {@code upperBoundOffset}): their
     * marker is at or after the fetch offset and they began before the upper bound.
     */
    public TxnIndexSearchResult collectAbortedTxns(long fetchOffset, long upperBoundOffset) {
        List<AbortedTxn> found = new ArrayList<>();
        for (AbortedTxn txn : entries) {
            if (txn.lastOffset() >= fetchOffset && txn.firstOffset() < upperBoundOffset) {
                found.add(txn);
            }
            if (txn.lastStableOffset() >= upperBoundOffset) {
                return new TxnIndexSearchResult(found, true);
            }
        }
        return new TxnIndexSearchResult(found, false);
    }

    /** Every entry, in marker order. */
    public List<AbortedTxn> allAbortedTxns() {
        return entries;
    }

    /** Removes the entries whose marker is at or above {@code offset} (the segment is cut there). */
    public synchronized void truncateTo(long offset) throws IOException {
        List<AbortedTxn> current = entries;
        int keep = 0;
        while (keep < current.size() && current.get(keep).lastOffset() < offset) {
            keep++;
        }
        if (keep == current.size()) {
            return;
        }
        if (channel != null) {
            channel.truncate((long) keep * ENTRY_SIZE);
        }
        entries = List.copyOf(current.subList(0, keep));
    }

    /** Removes every entry (the file stays, empty, if it exists). */
    public synchronized void reset() throws IOException {
        truncateTo(Long.MIN_VALUE);
    }

    public synchronized void flush() throws IOException {
        if (channel != null) {
            channel.force(true);
        }
    }

    /** Renames the file (if it exists) and remembers the new name. */
    public synchronized void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        file = target;
    }

    /** Closes and deletes the file, if there is one. */
    public synchronized void deleteIfExists() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    public Path file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    @Override
    public String toString() {
        return "TransactionIndex(" + file + ", " + entries.size() + " entries)";
    }
}
