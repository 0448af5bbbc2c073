/**
 * The partition log in Kafka's on-disk layout: {@link io.gregor.core.log.Log} (append, read, high
 * watermark, leader epochs) over {@code LogSegments} (the segment set and its lifecycle: roll,
 * retention, truncation, flush, recovery point) of {@link io.gregor.core.log.LogSegment}s and
 * {@link io.gregor.core.log.FileRecords}, loaded and recovered by {@code LogLoader}, and the
 * {@link io.gregor.core.log.LogManager} that owns every log across {@code log.dirs}.
 */
package io.gregor.core.log;
