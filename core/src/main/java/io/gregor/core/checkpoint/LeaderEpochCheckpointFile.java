package io.gregor.core.checkpoint;

import io.gregor.core.epoch.EpochEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The per-partition {@code leader-epoch-checkpoint}: one {@code epoch startOffset} line per epoch. Thread safe. */
public final class LeaderEpochCheckpointFile {
    public static final String FILE_NAME = "leader-epoch-checkpoint";

    private static final CheckpointFile.EntryFormat<EpochEntry> FORMAT = new CheckpointFile.EntryFormat<>() {
        @Override
        public String format(EpochEntry e) {
            return e.epoch() + " " + e.startOffset();
        }

        @Override
        public EpochEntry parse(String line) {
            String[] f = CheckpointFile.fields(line, 2);
            return new EpochEntry(Integer.parseInt(f[0]), Long.parseLong(f[1]));
        }
    };

    private final CheckpointFile<EpochEntry> file;

    public LeaderEpochCheckpointFile(Path file) {
        this.file = new CheckpointFile<>(file, FORMAT);
    }

    public Path file() {
        return file.file();
    }

    public void write(List<EpochEntry> entries) throws IOException {
        file.write(entries);
    }

    public List<EpochEntry> read() throws IOException {
        return file.read();
    }
}
