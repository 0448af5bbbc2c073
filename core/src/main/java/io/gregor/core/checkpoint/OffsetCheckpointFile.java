package io.gregor.core.checkpoint;

import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A log-dir level offset checkpoint ({@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint}, {@code replication-offset-checkpoint}): one
 * {@code topic partition offset} line per partition. Thread safe.
 */
public final class OffsetCheckpointFile {
    public static final String RECOVERY_POINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET = "log-start-offset-checkpoint";
    public static final String REPLICATION_OFFSET = "replication-offset-checkpoint";

    private record Entry(TopicPartition topicPartition, long offset) {
    }

    private static final CheckpointFile.EntryFormat<Entry> FORMAT = new CheckpointFile.EntryFormat<>() {
        @Override
        public String format(Entry e) {
            return e.topicPartition().topic() + " " + e.topicPartition().partition() + " " + e.offset();
        }

        @Override
        public Entry parse(String line) {
            String[] f = CheckpointFile.fields(line, 3);
            return new Entry(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2]));
        }
    };

    private final CheckpointFile<Entry> file;

    public OffsetCheckpointFile(Path file) {
        this.file = new CheckpointFile<>(file, FORMAT);
    }

    public Path file() {
        return file.file();
    }

    /** Replaces the file with these offsets (written in topic, partition order). */
    public void write(Map<TopicPartition, Long> offsets) throws IOException {
        List<Entry> entries = new ArrayList<>(offsets.size());
        offsets.forEach((tp, offset) -> entries.add(new Entry(tp, offset)));
        entries.sort(Comparator.comparing((Entry e) -> e.topicPartition().topic())
                .thenComparingInt(e -> e.topicPartition().partition()));
        file.write(entries);
    }

    /** The offsets in the file; empty when it does not exist; {@link MalformedCheckpointException} if broken. */
    public Map<TopicPartition, Long> read() throws IOException {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (Entry e : file.read()) {
            if (offsets.put(e.topicPartition(), e.offset()) != null) {
                throw new MalformedCheckpointException("checkpoint file " + file.file() + " lists "
                        + e.topicPartition() + " twice");
            }
        }
        return offsets;
    }
}
