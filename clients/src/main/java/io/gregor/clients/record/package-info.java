/**
 * Record batch v2 (magic 2), byte-compatible with Kafka, and its five compression codecs; the
 * legacy message formats v0 and v1 and the conversions old clients need.
 *
 * <ul>
 *   <li>{@link io.gregor.clients.record.RecordBatch}: header view over one batch in a buffer; header
 *       rewrites a broker may do; {@code records()} decodes the records.</li>
 *   <li>{@link io.gregor.clients.record.MemoryRecords}: a sequence of batches in memory.</li>
 *   <li>{@link io.gregor.clients.record.MemoryRecordsBuilder}: writes one batch (any codec).</li>
 *   <li>{@link io.gregor.clients.record.BatchValidator}: in-place validation for the produce path
 *       and for log recovery.</li>
 *   <li>{@link io.gregor.clients.record.Record}, {@link io.gregor.clients.record.Header}: decoded values.</li>
 *   <li>{@link io.gregor.clients.record.CompressionStreams}, {@link io.gregor.clients.record.Compression}:
 *       codec streams in Kafka's formats (gzip, snappy-java framing, LZ4 frame, zstd).</li>
 *   <li>{@link io.gregor.clients.record.ControlRecordType},
 *       {@link io.gregor.clients.record.EndTransactionMarker}: control record layout.</li>
 *   <li>{@link io.gregor.clients.record.LegacyRecord}, {@link io.gregor.clients.record.LegacyRecordBatch},
 *       {@link io.gregor.clients.record.LegacyRecordsBuilder}: message formats v0/v1 (magic 0/1), one
 *       message, one log entry (with a compressed wrapper's inner records), and a message set writer.</li>
 *   <li>{@link io.gregor.clients.record.RecordConversion}: up-conversion of an old producer's message
 *       set to batch v2, down-conversion of batch v2 for an old consumer's fetch.</li>
 * </ul>
 */
package io.gregor.clients.record;
