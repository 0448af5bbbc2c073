package io.gregor.core.checkpoint;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A text checkpoint file in Kafka's layout: a version line ({@code 0}), a line with the number of
 * entries, then one entry per line. Writes go to {@code <name>.tmp}, are fsynced, then atomically
 * renamed over the file, so a reader sees the old or the new content, never a mix. Reads reject
 * any deviation from the layout with {@link MalformedCheckpointException} naming the file and line.
 *
 * <p>Thread safety: {@link #write} and {@link #read} are synchronized on this instance.
 */
public final class CheckpointFile<T> {
    public static final int VERSION = 0;

    /** How one entry is written on, and parsed from, a line. */
    public interface EntryFormat<T> {
        String format(T entry);

        /** The entry of {@code line}, or IllegalArgumentException if the line is not one. */
        T parse(String line);
    }

    private final Path file;
    private final EntryFormat<T> format;

    public CheckpointFile(Path file, EntryFormat<T> format) {
        this.file = file;
        this.format = format;
    }

    public Path file() {
        return file;
    }

    /** Replaces the file's content with {@code entries}, durably. */
    public synchronized void write(Collection<T> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             BufferedWriter writer = new BufferedWriter(
                     new java.io.OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel),
                             StandardCharsets.UTF_8))) {
            writer.write(Integer.toString(VERSION));
            writer.newLine();
            writer.write(Integer.toString(entries.size()));
            writer.newLine();
            for (T entry : entries) {
                writer.write(format.format(entry));
                writer.newLine();
            }
            writer.flush();
            channel.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** The entries in the file; an empty list when the file does not exist. */
    public synchronized List<T> read() throws IOException {
        List<String> lines;
        try {
            // one read into one string: a reader with its own buffers cost more than the file's few lines
            lines = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (lines.size() < 2) {
            throw new MalformedCheckpointException(file, lines.size() + 1, "missing version or entry count line");
        }
        int version = parseInt(lines.get(0), 1);
        if (version != VERSION) {
            throw new MalformedCheckpointException(file, 1, "unsupported version " + version);
        }
        int expected = parseInt(lines.get(1), 2);
        List<T> entries = new ArrayList<>(Math.max(0, expected));
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() && i == lines.size() - 1) {
                continue;
            }
            try {
                entries.add(format.parse(line));
            } catch (IllegalArgumentException e) {
                throw new MalformedCheckpointException(file, i + 1, "'" + line + "': " + e.getMessage());
            }
        }
        if (entries.size() != expected) {
            throw new MalformedCheckpointException(file, 2, "expected " + expected + " entries but found "
                    + entries.size());
        }
        return entries;
    }

    private int parseInt(String value, int lineNumber) throws MalformedCheckpointException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MalformedCheckpointException(file, lineNumber, "'" + value + "' is not a number");
        }
    }

    /** Makes a rename in {@code dir} durable (best effort where directories cannot be opened). */
    static void fsyncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename itself has still happened.
        }
    }

    /** Splits a line into exactly {@code n} space-separated fields. */
    public static String[] fields(String line, int n) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != n) {
            throw new IllegalArgumentException("expected " + n + " space-separated fields, found " + parts.length);
        }
        return parts;
    }
}
