package io.gregor.core.cleaner;

import io.gregor.core.log.TopicPartition;

/**
 * The outcome of one cleaning pass over a log.
 *
 * @param firstDirtyOffset the offset cleaning resumes from next time (the end of the cleaned range)
 * @param bytesBefore      bytes of the segments rewritten, before
 * @param bytesAfter       bytes of the segments rewritten, after
 * @param recordsDropped   records removed (overwritten keys, expired tombstones, records without key)
 * @param complete         false when the log changed meanwhile and the rewrite was abandoned part way
 */
public record CleanResult(TopicPartition topicPartition, long firstDirtyOffset, long bytesBefore, long bytesAfter,
                          long recordsDropped, boolean complete) {
}
