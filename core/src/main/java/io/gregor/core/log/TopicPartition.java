package io.gregor.core.log;

import java.util.Objects;

/** A partition of a topic; its log lives in the directory {@code <topic>-<partition>}. */
public record TopicPartition(String topic, int partition) {
    private static final java.util.regex.Pattern MOVE_SUFFIX = java.util.regex.Pattern.compile("\\.[0-9a-f]{32}-(future|delete)$");

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || partition < 0) {
            throw new IllegalArgumentException("invalid topic partition '" + topic + "'-" + partition);
        }
    }

    /** The name of the partition's log directory. */
    public String dirName() {
        return topic + "-" + partition;
    }

    /**
     * Parses a log directory name ({@code <topic>-<partition>}; topics may themselves contain '-').
     * Throws IllegalArgumentException for a name that is not one.
     */
    public static TopicPartition fromDirName(String dirName) {
        // a log being moved between log dirs, or set aside for deletion: <topic>-<partition>.<id>-future|-delete
        String name = MOVE_SUFFIX.matcher(dirName).replaceFirst("");
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            throw new IllegalArgumentException("'" + name + "' is not a <topic>-<partition> log directory name");
        }
        try {
            return new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' is not a <topic>-<partition> log directory name", e);
        }
    }

    @Override
    public String toString() {
        return dirName();
    }
}
