package io.gregor.core.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file work of moving a replica's log to another log directory of the same broker
 * (AlterReplicaLogDirs): a copy of the log's data files into a {@value #FUTURE_SUFFIX} directory
 * of the destination, made durable before it is renamed into place. Offset and time indexes are
 * not copied; the new log rebuilds them when it is opened with full recovery, which also
 * re-validates every copied batch. Stateless.
 */
final class LogDirMove {
    /** Suffix of a log directory being built by a move; one left at startup is an unfinished move. */
    static final String FUTURE_SUFFIX = "-future";
    /** Suffix of a log directory whose data moved elsewhere and which is being deleted. */
    static final String DELETE_SUFFIX = "-delete";

    private LogDirMove() {
    }

    /** Copies the data files of the log in {@code from} into the new directory {@code to} and forces them to disk. */
    static void copyDataFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> files;
        try (Stream<Path> listing = Files.list(from)) {
            files = listing.filter(Files::isRegularFile).filter(f -> isData(f.getFileName().toString())).toList();
        }
        for (Path file : files) {
            Path copy = to.resolve(file.getFileName().toString());
            Files.copy(file, copy);
            force(copy);
        }
        force(to);
    }

    private static boolean isData(String name) {
        return !(name.endsWith(".index") || name.endsWith(".timeindex") || name.endsWith(".deleted")
                || name.endsWith(".cleaned") || name.endsWith(".swap") || name.endsWith(".tmp"));
    }

    /** Forces a file, or a directory's entries, to disk. */
    static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
